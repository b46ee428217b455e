// The back office as its own encapsulated Fastify context under /backoffice: its own session cookie
// (`__Host-absher-office`, HttpOnly, Secure, SameSite=Strict), its own CSRF secret cookie, its own
// per-address limits (stricter on sign-in), its own error pages. Guarantees: every route but
// sign-in needs a live officer session (others are sent to sign in); every POST checks CSRF; the
// role checks live in the core, so a route can never do more than the officer's role allows.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import { AppError } from '../../core/errors.ts';
import type { ResolvedOfficerSession } from '../../core/backoffice/officer-auth.ts';
import { officerSessionRules } from '../../core/backoffice/officer-auth.ts';
import type { HttpDependencies, BackofficeHttp } from '../dependencies.ts';
import { isLanguage } from '../../i18n/i18n.ts';
import { rateLimitStore } from '../shared/rate-limit-store.ts';
import { backofficeRoutes } from './handlers.tsx';
import { showOfficeError } from './pages.tsx';

export const officeSessionCookie = '__Host-absher-office';
const officeCsrfCookie = '__Host-absher-office-csrf';
const languageCookie = '__Host-absher-lang';

declare module 'fastify' {
  interface FastifyRequest {
    office: ResolvedOfficerSession | null;
  }
}

export async function backofficeContext(app: FastifyInstance, deps: HttpDependencies, office: BackofficeHttp): Promise<void> {
  app.decorateRequest('office', null);
  await app.register(formbody);
  await app.register(csrf, {
    cookieKey: officeCsrfCookie,
    cookieOpts: { path: '/', secure: true, httpOnly: true, sameSite: 'strict', signed: false },
    getToken: (request) => (request.body as Record<string, string> | undefined)?._csrf,
  });
  if (deps.rateLimits) {
    await app.register(rateLimit, {
      max: 120,
      timeWindow: '1 minute',
      skipOnError: true,
      store: rateLimitStore(deps.counters, deps.clock, { namespace: 'backoffice' }),
      errorResponseBuilder: (_request: unknown, context: { ttl: number }) =>
        new AppError('rate.limited', { retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)) }),
    });
  }
  app.addHook('onRequest', async (request, reply) => {
    const asked = (request.query as Record<string, unknown> | undefined)?.lang;
    if (isLanguage(asked)) {
      request.language = asked;
      reply.setCookie(languageCookie, asked, { path: '/', secure: true, httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 });
      return;
    }
    const remembered = request.cookies[languageCookie];
    request.language = isLanguage(remembered) ? remembered : 'ar';
  });
  app.addHook('onRequest', async (request) => {
    request.office = await office.auth.resolve(request.cookies[officeSessionCookie]);
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });
  app.setErrorHandler((error, request, reply) => showOfficeError(request, reply, error));
  app.setNotFoundHandler((request, reply) => showOfficeError(request, reply, new AppError('not_found')));
  backofficeRoutes(app, office);
}

export function setOfficeCookie(reply: FastifyReply, token: string): void {
  reply.setCookie(officeSessionCookie, token, { path: '/', secure: true, httpOnly: true, sameSite: 'strict', maxAge: officerSessionRules.absoluteSeconds });
}

export function clearOfficeCookie(reply: FastifyReply): void {
  reply.clearCookie(officeSessionCookie, { path: '/', secure: true, httpOnly: true, sameSite: 'strict' });
}

/** preHandler: an officer must be signed in; others go to the sign-in page. */
export async function requireOfficer(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!request.office) {
    const next = encodeURIComponent(request.url);
    await reply.redirect(`/backoffice/login?next=${next}`, 303);
  }
}

/** Only back-office paths may be returned to after sign-in. */
export function safeOfficeNext(next: unknown): string {
  return typeof next === 'string' && /^\/backoffice\/(?![/\\])[\w\-/?=&%.]*$/.test(next) ? next : '/backoffice/search';
}
