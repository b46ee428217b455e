// The digital ID in the JSON API (for the mobile app and verifiers): GET /me/digital-id (the active
// holder's card, a fresh token, its verify URL and QR image) and POST /digital-id/verifications
// (anyone: is this token valid?). Guarantees: the card needs a live session of an `active` account
// (401 / 403 otherwise); verification needs no session, is rate limited and answers 200 with a
// verdict for any token text, 400 for a body that is not an object with a string token.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../dependencies.ts';
import { AppError } from '../../core/errors.ts';
import { requireSignedIn } from '../shared/session.ts';
import { qrDataUrl } from '../pages/digital-id/qr.ts';

export function digitalIdApi(app: FastifyInstance, deps: HttpDependencies): void {
  app.get('/me/digital-id', { preHandler: requireSignedIn, config: { rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (request) => {
    const issued = await deps.digitalId.issue(request.auth!.account.id);
    return {
      card: issued.card,
      token: issued.token,
      verifyUrl: issued.verifyUrl,
      qr: await qrDataUrl(issued.verifyUrl),
      issuedAt: issued.issuedAt.toISOString(),
      expiresAt: issued.expiresAt.toISOString(),
    };
  });

  app.post('/digital-id/verifications', { config: { rateLimit: { max: 60, timeWindow: '1 minute' } } }, async (request) => {
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError('request.malformed');
    const token = (body as Record<string, unknown>).token;
    if (typeof token !== 'string' || token.length === 0 || token.length > 8_000) throw new AppError('request.malformed');
    const outcome = await deps.digitalId.verify(token);
    return outcome.valid
      ? { valid: true, claims: outcome.claims, issuedAt: outcome.issuedAt.toISOString(), expiresAt: outcome.expiresAt.toISOString(), keyId: outcome.keyId }
      : { valid: false, reason: outcome.reason };
  });
}
