// The JSON API of forgot password and forgot username, over the same flows as the pages. Guarantees: an
// unknown ID and a wrong mobile get the same 422; a flow shows only what its state allows (the question's
// kind, never its answer; the username only after the right code); digits may come as numbers or Arabic.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HttpDependencies } from '../dependencies.ts';
import type { PasswordResetView } from '../../core/flows/password-reset/flow.ts';
import type { UsernameReminderView } from '../../core/flows/username-reminder/flow.ts';
import type { RecoveryContext, RecoveryInput } from '../../core/flows/recovery.ts';
import { AppError } from '../../core/errors.ts';
import { clientAddress } from '../shared/request-context.ts';

type IdParams = { Params: { id: string } };

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError('request.malformed');
  return body as Record<string, unknown>;
}

/** JSON numbers are accepted where a number is expected, as their digits. */
function digitsOrText(value: unknown): unknown {
  return typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
}

function startInput(body: Record<string, unknown>): RecoveryInput {
  return { idNumber: digitsOrText(body.idNumber), mobile: digitsOrText(body.mobile), captcha: body.captcha };
}

function context(request: FastifyRequest): RecoveryContext {
  return { channel: 'api', language: request.language, ip: clientAddress(request), userAgent: request.headers['user-agent'] ?? '' };
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

function resetBody(view: PasswordResetView) {
  return {
    resetId: view.resetId,
    state: view.state,
    expiresAt: view.expiresAt.toISOString(),
    ...(view.question ? { question: view.question, attemptsLeft: view.attemptsLeft } : {}),
    ...(view.state === 'otp_sent'
      ? { mobileMasked: view.mobileMasked, otpExpiresAt: iso(view.otpExpiresAt), resendAvailableAt: iso(view.resendAvailableAt) }
      : {}),
  };
}

function reminderBody(view: UsernameReminderView) {
  return {
    reminderId: view.reminderId,
    state: view.state,
    expiresAt: view.expiresAt.toISOString(),
    ...(view.state === 'otp_sent'
      ? { mobileMasked: view.mobileMasked, otpExpiresAt: iso(view.otpExpiresAt), resendAvailableAt: iso(view.resendAvailableAt) }
      : { username: view.username }),
  };
}

export function recoveryApi(app: FastifyInstance, deps: HttpDependencies): void {
  const strict = { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } };
  const codes = { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } };
  const resends = { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } };

  app.post('/password-resets', strict, async (request, reply) => {
    const view = await deps.passwordReset.start(startInput(asObject(request.body)), context(request));
    return reply.code(201).send(resetBody(view));
  });

  app.get<IdParams>('/password-resets/:id', async (request) => resetBody(await deps.passwordReset.view(request.params.id)));

  app.post<IdParams>('/password-resets/:id/answer', strict, async (request) => {
    const body = asObject(request.body ?? {});
    return resetBody(await deps.passwordReset.submit(request.params.id, { event: 'answer_question', answer: body.answer }));
  });

  app.post<IdParams>('/password-resets/:id/otp', codes, async (request) => {
    const body = asObject(request.body ?? {});
    return resetBody(await deps.passwordReset.submit(request.params.id, { event: 'verify_code', code: digitsOrText(body.code) }));
  });

  app.post<IdParams>('/password-resets/:id/otp/resend', resends, async (request, reply) => {
    const view = await deps.passwordReset.submit(request.params.id, { event: 'resend_code' });
    return reply.code(202).send(resetBody(view));
  });

  app.post<IdParams>('/password-resets/:id/password', strict, async (request) => {
    const body = asObject(request.body ?? {});
    const view = await deps.passwordReset.submit(request.params.id, {
      event: 'set_password',
      password: body.password,
      passwordConfirmation: body.passwordConfirmation,
    });
    return { state: view.state };
  });

  app.post('/username-reminders', strict, async (request, reply) => {
    const view = await deps.usernameReminder.start(startInput(asObject(request.body)), context(request));
    return reply.code(201).send(reminderBody(view));
  });

  app.get<IdParams>('/username-reminders/:id', async (request) => reminderBody(await deps.usernameReminder.view(request.params.id)));

  app.post<IdParams>('/username-reminders/:id/otp', codes, async (request) => {
    const body = asObject(request.body ?? {});
    return reminderBody(await deps.usernameReminder.submit(request.params.id, { event: 'verify_code', code: digitsOrText(body.code) }));
  });

  app.post<IdParams>('/username-reminders/:id/otp/resend', resends, async (request, reply) => {
    const view = await deps.usernameReminder.submit(request.params.id, { event: 'resend_code' });
    return reply.code(202).send(reminderBody(view));
  });
}
