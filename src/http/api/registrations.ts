// The JSON API of registration (API.md "Registration" and "Visual code"): the same flow the pages
// use, answered as JSON. Guarantees: shapes and status codes are the contract of API.md.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../dependencies.ts';
import type { RegistrationView } from '../../core/flows/registration/flow.ts';
import type { RegistrationInput } from '../../core/flows/registration/form.ts';
import { validateUsername } from '../../core/identity/username.ts';
import { AppError } from '../../core/errors.ts';

type IdParams = { Params: { id: string } };

function stateBody(view: RegistrationView) {
  return {
    registrationId: view.registrationId,
    state: view.state,
    mobileMasked: view.mobileMasked,
    expiresAt: view.expiresAt.toISOString(),
    otpExpiresAt: view.otpExpiresAt?.toISOString() ?? null,
    resendAvailableAt: view.resendAvailableAt?.toISOString() ?? null,
    ...(view.account ? { account: view.account } : {}),
  };
}

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError('request.malformed');
  return body as Record<string, unknown>;
}

/** JSON numbers are accepted where a number is expected, as their digits. */
function digitsOrText(value: unknown): unknown {
  return typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
}

export function registrationApi(app: FastifyInstance, deps: HttpDependencies): void {
  app.post('/captcha', { config: { rateLimit: { max: 60, timeWindow: '1 minute' } } }, async (_request, reply) => {
    const captcha = await deps.captcha.create();
    return reply.code(201).send({ id: captcha.id, image: captcha.image, expiresAt: captcha.expiresAt.toISOString() });
  });

  app.post('/captcha/proof-of-work', { config: { rateLimit: { max: 60, timeWindow: '1 minute' } } }, async (_request, reply) => {
    return reply.code(201).send({ challenge: await deps.captcha.createProofOfWork() });
  });

  app.post('/registrations', { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (request, reply) => {
    const body = asObject(request.body);
    const input: RegistrationInput = {
      idNumber: digitsOrText(body.idNumber),
      mobile: digitsOrText(body.mobile),
      email: body.email,
      emailConfirmation: body.emailConfirmation,
      username: body.username,
      password: body.password,
      passwordConfirmation: body.passwordConfirmation,
      preferredLanguage: body.preferredLanguage,
      acceptTerms: body.acceptTerms === true,
      captcha: body.captcha,
    };
    const view = await deps.registration.start(input, { channel: 'api', language: request.language });
    return reply.code(201).send(stateBody(view));
  });

  app.get<IdParams>('/registrations/:id', async (request) => stateBody(await deps.registration.view(request.params.id)));

  app.post<IdParams>('/registrations/:id/otp', { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (request, reply) => {
    const body = asObject(request.body ?? {});
    const view = await deps.registration.submit(request.params.id, { event: 'verify_code', code: digitsOrText(body.code) });
    return reply.code(201).send({ state: view.state, account: view.account });
  });

  app.post<IdParams>('/registrations/:id/otp/resend', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
    const view = await deps.registration.submit(request.params.id, { event: 'resend_code' });
    return reply.code(202).send({ resendAvailableAt: view.resendAvailableAt?.toISOString() ?? null, otpExpiresAt: view.otpExpiresAt?.toISOString() ?? null });
  });

  app.get<{ Params: { username: string } }>('/usernames/:username', { config: { rateLimit: { max: 60, timeWindow: '1 minute' } } }, async (request) => {
    const { value, errors } = validateUsername(request.params.username);
    if (errors.length > 0) return { available: false, reasons: errors.map((error) => error.code) };
    return { available: await deps.registration.isUsernameAvailable(value) };
  });
}
