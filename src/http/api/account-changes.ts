// The JSON API of the signed-in holder's account changes: mobile (a code to the old number, then
// to the new one), e-mail (a code to the new address), password and preferred language. The same
// core services the pages use. Guarantees: every route needs a live session (401 otherwise) and
// acts only on the holder's own account; a change id of another account answers 404.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HttpDependencies } from '../dependencies.ts';
import type { MobileChangeView } from '../../core/flows/mobile-change/flow.ts';
import type { EmailChangeView } from '../../core/flows/email-change/flow.ts';
import { AppError } from '../../core/errors.ts';
import { requireSignedIn } from '../shared/session.ts';
import { clientAddress } from '../shared/request-context.ts';

type IdParams = { Params: { id: string } };

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError('request.malformed');
  return body as Record<string, unknown>;
}

/** JSON numbers are accepted where digits are expected. */
function digitsOrText(value: unknown): unknown {
  return typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

function mobileChangeBody(view: MobileChangeView) {
  return {
    changeId: view.changeId,
    state: view.state,
    mobileMasked: view.mobileMasked,
    oldMobileMasked: view.oldMobileMasked,
    newMobileMasked: view.newMobileMasked,
    expiresAt: view.expiresAt.toISOString(),
    otpExpiresAt: iso(view.otpExpiresAt),
    resendAvailableAt: iso(view.resendAvailableAt),
  };
}

function emailChangeBody(view: EmailChangeView) {
  return {
    changeId: view.changeId,
    state: view.state,
    emailMasked: view.emailMasked,
    expiresAt: view.expiresAt.toISOString(),
    otpExpiresAt: iso(view.otpExpiresAt),
    resendAvailableAt: iso(view.resendAvailableAt),
  };
}

const holderOf = (request: FastifyRequest) => request.auth!.account.id;

export function accountChangesApi(app: FastifyInstance, deps: HttpDependencies): void {
  const { mobile, email, password, language } = deps.accountChanges;
  const signedIn = (max: number) => ({ preHandler: requireSignedIn, config: { rateLimit: { max, timeWindow: '1 minute' } } });

  app.post('/me/mobile-changes', signedIn(10), async (request, reply) => {
    const body = asObject(request.body);
    const view = await mobile.start(holderOf(request), { mobile: digitsOrText(body.mobile) }, { channel: 'api' });
    return reply.code(201).send(mobileChangeBody(view));
  });

  app.get<IdParams>('/me/mobile-changes/:id', signedIn(60), async (request) => mobileChangeBody(await mobile.view(request.params.id, holderOf(request))));

  app.post<IdParams>('/me/mobile-changes/:id/otp', signedIn(30), async (request) => {
    const body = asObject(request.body ?? {});
    const view = await mobile.submit(request.params.id, { event: 'verify_code', code: digitsOrText(body.code) }, holderOf(request));
    return mobileChangeBody(view);
  });

  app.post<IdParams>('/me/mobile-changes/:id/otp/resend', signedIn(10), async (request, reply) => {
    const view = await mobile.submit(request.params.id, { event: 'resend_code' }, holderOf(request));
    return reply.code(202).send({ mobileMasked: view.mobileMasked, resendAvailableAt: iso(view.resendAvailableAt), otpExpiresAt: iso(view.otpExpiresAt) });
  });

  app.post('/me/email-changes', signedIn(10), async (request, reply) => {
    const body = asObject(request.body);
    const view = await email.start(holderOf(request), { email: body.email, emailConfirmation: body.emailConfirmation }, { channel: 'api' });
    return reply.code(201).send(emailChangeBody(view));
  });

  app.get<IdParams>('/me/email-changes/:id', signedIn(60), async (request) => emailChangeBody(await email.view(request.params.id, holderOf(request))));

  app.post<IdParams>('/me/email-changes/:id/otp', signedIn(30), async (request) => {
    const body = asObject(request.body ?? {});
    const view = await email.submit(request.params.id, { event: 'verify_code', code: digitsOrText(body.code) }, holderOf(request));
    return emailChangeBody(view);
  });

  app.post<IdParams>('/me/email-changes/:id/otp/resend', signedIn(10), async (request, reply) => {
    const view = await email.submit(request.params.id, { event: 'resend_code' }, holderOf(request));
    return reply.code(202).send({ emailMasked: view.emailMasked, resendAvailableAt: iso(view.resendAvailableAt), otpExpiresAt: iso(view.otpExpiresAt) });
  });

  app.put('/me/password', signedIn(10), async (request, reply) => {
    const body = asObject(request.body);
    await password.change(
      holderOf(request),
      { currentPassword: body.currentPassword, password: body.password, passwordConfirmation: body.passwordConfirmation },
      { channel: 'api', sessionId: request.auth!.session.id, ip: clientAddress(request) },
    );
    return reply.code(204).send();
  });

  app.put('/me/language', signedIn(10), async (request, reply) => {
    const body = asObject(request.body);
    await language.change(holderOf(request), { preferredLanguage: body.preferredLanguage }, { channel: 'api' });
    return reply.code(204).send();
  });
}
