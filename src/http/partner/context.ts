// The partner API's own Fastify context (banks and kiosk devices): bearer tokens from the
// platform's token endpoint, no cookies and no CSRF (no browser is involved), JSON only, its own
// error answers and its own limits. Guarantees:
// - a request without a valid token gets 401 `partner.token_invalid` with `WWW-Authenticate: Bearer`;
//   a token of the wrong kind or without the route's scope gets 403 `partner.scope_missing`;
// - bad tokens are counted per address (30 a minute, then 429), good ones limited per client;
// - banks: POST /api/v1/partner/activations with an Idempotency-Key (API.md), the answer stored per
//   client and key, replayed for the same body, `idempotency.mismatch` for another body;
// - kiosks: POST /api/v1/kiosk/operations, …/{id}/otp, …/{id}/otp/resend, GET …/{id}.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { HttpDependencies } from '../dependencies.ts';
import type { PartnerHttp } from './dependencies.ts';
import type { PartnerToken } from '../../oidc/partner-tokens.ts';
import { AppError, type AppErrorDetails, type ErrorCode, errorCatalogue } from '../../core/errors.ts';
import { languageFromHeader } from '../../i18n/i18n.ts';
import { jsonError, sendJsonError, toAppError } from '../shared/error-mapping.ts';
import { rateLimitStore } from '../shared/rate-limit-store.ts';
import { clientAddress } from '../shared/request-context.ts';
import { readIdempotencyKey, type StoredAnswer } from '../../core/partners/idempotency.ts';
import type { KioskView } from '../../core/partners/kiosk/flow.ts';

declare module 'fastify' {
  interface FastifyRequest {
    partner: PartnerToken | null;
  }
}

export const partnerLimits = {
  badTokensPerAddressPerMinute: 30,
  bankRequestsPerClientPerMinute: 600,
  kioskRequestsPerDevicePerMinute: 120,
} as const;

type Requirement = { kind: 'bank' | 'kiosk'; scope: 'activation' | 'kiosk' };

/** Answers that a partner may see again on a replay: the coded refusals of API.md and validation. */
const replayableStatuses = new Set([403, 404, 409, 422]);

export async function partnerApi(app: FastifyInstance, deps: HttpDependencies, partners: PartnerHttp): Promise<void> {
  app.decorateRequest('partner', null);
  app.addHook('onRequest', async (request, reply) => {
    request.language = languageFromHeader(request.headers['accept-language']);
    reply.header('cache-control', 'no-store');
  });
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.code === 'partner.token_invalid') reply.header('www-authenticate', 'Bearer error="invalid_token"');
    if (appError.code === 'partner.scope_missing') reply.header('www-authenticate', `Bearer error="insufficient_scope", scope="${String(appError.details.params?.scope ?? '')}"`);
    return sendJsonError(request, reply, error);
  });

  const authenticate = (requirement: Requirement) => async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    const bearer = typeof header === 'string' && /^Bearer\s+\S+$/i.test(header) ? header.replace(/^Bearer\s+/i, '') : '';
    const token = bearer && bearer.length <= 4096 ? await deps.partnerTokens.verify(bearer) : undefined;
    if (!token) {
      const now = deps.clock.now();
      const failures = await deps.counters.hit(`partner-bad-token:${clientAddress(request)}`, 60, now);
      if (failures > partnerLimits.badTokensPerAddressPerMinute) throw new AppError('rate.limited', { retryAfterSeconds: 60 - (Math.floor(now.getTime() / 1000) % 60) });
      throw new AppError('partner.token_invalid');
    }
    if (token.kind !== requirement.kind || !token.scopes.includes(requirement.scope)) {
      throw new AppError('partner.scope_missing', { params: { scope: requirement.scope } });
    }
    request.partner = token;
  };

  const clientLimit = (namespace: string, max: number) =>
    deps.rateLimits
      ? {
          rateLimit: {
            max,
            timeWindow: '1 minute',
            keyGenerator: (request: FastifyRequest) => `client:${request.partner?.clientId ?? clientAddress(request)}`,
            groupId: namespace,
          },
        }
      : {};
  if (deps.rateLimits) {
    await app.register(rateLimit, {
      global: false,
      hook: 'preHandler',
      skipOnError: true,
      store: rateLimitStore(deps.counters, deps.clock, { namespace: 'partner' }),
      errorResponseBuilder: (_request: unknown, context: { ttl: number }) =>
        new AppError('rate.limited', { retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)) }),
    });
  }

  const bank = authenticate({ kind: 'bank', scope: 'activation' });
  app.post('/api/v1/partner/activations', { onRequest: bank, config: clientLimit('bank', partnerLimits.bankRequestsPerClientPerMinute) }, async (request, reply) => {
    const partner = request.partner!;
    const key = readIdempotencyKey(request.headers['idempotency-key']);
    const body = request.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new AppError('request.malformed');
    const answer = await partners.idempotency.run(partner.clientId, key, body, async (): Promise<StoredAnswer> => {
      try {
        const result = await partners.bankActivation.activate({ clientId: partner.clientId, bank: partner.partner }, body as Record<string, unknown>);
        return { status: 200, body: result };
      } catch (raw) {
        const error = toAppError(raw);
        if (!replayableStatuses.has(error.status)) throw raw;
        return { status: error.status, body: { error: { code: error.code, details: error.details } } };
      }
    });
    return sendStored(request, reply, answer);
  });

  const kiosk = authenticate({ kind: 'kiosk', scope: 'kiosk' });
  const kioskOptions = { onRequest: kiosk, config: clientLimit('kiosk', partnerLimits.kioskRequestsPerDevicePerMinute) };
  const deviceOf = (request: FastifyRequest) => ({ clientId: request.partner!.clientId, device: request.partner!.partner });

  app.post('/api/v1/kiosk/operations', kioskOptions, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const view = await partners.kiosk.start(deviceOf(request), body);
    return reply.code(201).send(kioskJson(view));
  });
  app.get<{ Params: { id: string } }>('/api/v1/kiosk/operations/:id', kioskOptions, async (request) => kioskJson(await partners.kiosk.view(deviceOf(request), request.params.id)));
  app.post<{ Params: { id: string } }>('/api/v1/kiosk/operations/:id/otp', kioskOptions, async (request) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    return kioskJson(await partners.kiosk.submit(deviceOf(request), request.params.id, { event: 'verify_code', code: body.code }));
  });
  app.post<{ Params: { id: string } }>('/api/v1/kiosk/operations/:id/otp/resend', kioskOptions, async (request, reply) => {
    const view = await partners.kiosk.submit(deviceOf(request), request.params.id, { event: 'resend_code' });
    return reply.code(202).send({ resendAvailableAt: view.resendAvailableAt?.toISOString() ?? null, otpExpiresAt: view.otpExpiresAt?.toISOString() ?? null });
  });
}

/** A stored answer in the language of this request (an error keeps its code and details). */
function sendStored(request: FastifyRequest, reply: FastifyReply, answer: StoredAnswer): FastifyReply {
  const stored = answer.body as { error?: { code: string; details: AppErrorDetails } };
  if (stored?.error && Object.hasOwn(errorCatalogue, stored.error.code)) {
    const error = new AppError(stored.error.code as ErrorCode, stored.error.details);
    return reply.code(answer.status).type('application/json; charset=utf-8').send(jsonError(error, request.language));
  }
  return reply.code(answer.status).send(answer.body);
}

function kioskJson(view: KioskView) {
  return {
    operationId: view.operationId,
    action: view.action,
    state: view.state,
    mobileMasked: view.mobileMasked,
    createsAccount: view.createsAccount,
    otpExpiresAt: view.otpExpiresAt?.toISOString() ?? null,
    resendAvailableAt: view.resendAvailableAt?.toISOString() ?? null,
    ...(view.result ? { result: view.result } : {}),
    ...(view.username ? { username: view.username } : {}),
  };
}
