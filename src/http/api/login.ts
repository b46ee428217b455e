// The JSON API of sign-in and the session (API.md "Sign-in"): the same flows the pages use.
// Guarantees: a completed sign-in answers the session both as the cookie and as a bearer token for
// the mobile app; /me and the session routes need a live session (401 otherwise).
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../dependencies.ts';
import { AppError } from '../../core/errors.ts';
import { maskMobile } from '../../core/identity/mobile.ts';
import { maskIdNumber } from '../../core/identity/national-id.ts';
import { clearSessionCookie, requireSignedIn, setSessionCookie } from '../shared/session.ts';
import { clientAddress } from '../shared/request-context.ts';

type IdParams = { Params: { id: string } };

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError('request.malformed');
  return body as Record<string, unknown>;
}

export function loginApi(app: FastifyInstance, deps: HttpDependencies): void {
  app.post('/login', { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (request) => {
    const body = asObject(request.body);
    const view = await deps.login.start(
      { login: body.login, password: body.password, captcha: body.captcha },
      { channel: 'api', language: request.language, ip: clientAddress(request), userAgent: request.headers['user-agent'] ?? '' },
    );
    return {
      loginId: view.loginId,
      state: view.state,
      mobileMasked: view.mobileMasked,
      otpExpiresAt: view.otpExpiresAt?.toISOString() ?? null,
      resendAvailableAt: view.resendAvailableAt?.toISOString() ?? null,
    };
  });

  app.post<IdParams>('/login/:id/otp', { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (request, reply) => {
    const body = asObject(request.body ?? {});
    const code = typeof body.code === 'number' ? String(body.code) : body.code;
    const outcome = await deps.login.submit(request.params.id, { event: 'verify_code', code });
    // A kiosk-issued temporary password: no session until POST /login/{id}/password sets a new one.
    if (!('sessionToken' in outcome)) return { loginId: outcome.loginId, state: outcome.state };
    setSessionCookie(reply, outcome.sessionToken);
    return { account: outcome.account, token: outcome.sessionToken, expiresAt: outcome.sessionExpiresAt.toISOString() };
  });

  app.post<IdParams>('/login/:id/password', { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (request, reply) => {
    const body = asObject(request.body ?? {});
    const outcome = await deps.login.submit(request.params.id, { event: 'set_password', password: body.password, passwordConfirmation: body.passwordConfirmation });
    if (!('sessionToken' in outcome)) throw new AppError('flow.wrong_state');
    setSessionCookie(reply, outcome.sessionToken);
    return { account: outcome.account, token: outcome.sessionToken, expiresAt: outcome.sessionExpiresAt.toISOString() };
  });

  app.post<IdParams>('/login/:id/otp/resend', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
    const outcome = await deps.login.submit(request.params.id, { event: 'resend_code' });
    const view = 'view' in outcome ? outcome.view : outcome;
    return reply.code(202).send({ resendAvailableAt: view.resendAvailableAt?.toISOString() ?? null, otpExpiresAt: view.otpExpiresAt?.toISOString() ?? null });
  });

  app.get('/me', { preHandler: requireSignedIn }, async (request) => {
    const { account, session } = request.auth!;
    return {
      username: account.username,
      status: account.status,
      idNumberMasked: maskIdNumber(account.idNumber),
      mobileMasked: account.mobile ? maskMobile(account.mobile) : null,
      email: account.email,
      preferredLanguage: account.preferredLanguage,
      session: { expiresAt: session.expiresAt.toISOString() },
    };
  });

  app.post('/logout', { preHandler: requireSignedIn }, async (request, reply) => {
    await deps.sessions.signOut(request.auth!.session.id, request.auth!.account.id);
    clearSessionCookie(reply);
    return reply.code(204).send();
  });

  app.get('/sessions', { preHandler: requireSignedIn }, async (request) => {
    const auth = request.auth!;
    const sessions = await deps.sessions.list(auth.account.id);
    return sessions.map((session) => ({
      id: session.id,
      current: session.id === auth.session.id,
      device: session.userAgent,
      address: session.ip,
      channel: session.channel,
      createdAt: session.createdAt.toISOString(),
      lastSeenAt: session.lastSeenAt.toISOString(),
      expiresAt: session.expiresAt.toISOString(),
    }));
  });

  app.delete<IdParams>('/sessions/:id', { preHandler: requireSignedIn }, async (request, reply) => {
    const ended = await deps.sessions.end(request.auth!.account.id, request.params.id, 'ended_by_holder');
    if (!ended) throw new AppError('not_found');
    return reply.code(204).send();
  });
}
