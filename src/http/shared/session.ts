// The session of a request: from the `__Host-` cookie (pages) or an `Authorization: Bearer` token
// (the mobile app), resolved once per request. Guarantees: the cookie is HttpOnly, Secure,
// SameSite=Lax and host-only; a protected route without a live session gets 401 (API) or a
// redirect to sign-in (pages), never the resource.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ResolvedSession, SessionService } from '../../core/sessions/session-service.ts';
import { sessionRules } from '../../core/sessions/session-service.ts';
import { AppError } from '../../core/errors.ts';

export const sessionCookie = '__Host-absher-session';

declare module 'fastify' {
  interface FastifyRequest {
    auth: ResolvedSession | null;
  }
}

export function sessionTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return request.cookies[sessionCookie];
}

export function resolveSessionHook(sessions: SessionService) {
  return async (request: FastifyRequest): Promise<void> => {
    request.auth = await sessions.resolve(sessionTokenOf(request));
  };
}

export function setSessionCookie(reply: FastifyReply, token: string): void {
  reply.setCookie(sessionCookie, token, {
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'lax',
    maxAge: sessionRules.absoluteSeconds,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(sessionCookie, { path: '/', secure: true, httpOnly: true, sameSite: 'lax' });
}

/** preHandler for API routes that need a signed-in holder. */
export async function requireSignedIn(request: FastifyRequest): Promise<void> {
  if (!request.auth) throw new AppError('auth.required');
}

/** preHandler for pages that need a signed-in holder: sends others to sign in, then back. */
export async function requireSignedInPage(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!request.auth) {
    const next = encodeURIComponent(request.url);
    await reply.redirect(`/login?next=${next}`, 303);
  }
}

/** Only same-site paths may be returned to after sign-in. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[\w\-/?=&%.]*$/.test(next) ? next : '/account';
}
