// The public digital ID verification: GET /verify-id (a form, or the verdict on `?token=` — what
// scanning the QR code opens), POST /verify-id (a pasted code or link), and the public keys at
// GET /.well-known/absher-id-keys.json for offline verifiers. Guarantees: no sign-in needed; a
// malformed or oversized input is a localised error, never a 500; the keys document is cacheable
// for a short while and never holds a private key.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { translate } from '../../../i18n/i18n.ts';
import { VerifyIdView } from './view.tsx';

const MAX_INPUT = 8_000;

export const publicKeysPath = '/.well-known/absher-id-keys.json';

export function verifyIdPages(app: FastifyInstance, deps: HttpDependencies): void {
  const limited = { config: { rateLimit: { max: 60, timeWindow: '1 minute' } } };

  app.get('/verify-id', limited, async (request, reply) => {
    const token = (request.query as Record<string, unknown> | undefined)?.token;
    const page = pageContext(request, reply);
    if (typeof token !== 'string' || token === '') return sendPage(reply, <VerifyIdView page={page} checkedAt={deps.clock.now()} />);
    const outcome = token.length > MAX_INPUT ? ({ valid: false, reason: 'malformed' } as const) : await deps.digitalId.verify(token);
    return sendPage(reply, <VerifyIdView page={page} outcome={outcome} checkedAt={deps.clock.now()} />);
  });

  app.post('/verify-id', { ...limited, preHandler: app.csrfProtection }, async (request, reply) => {
    const raw = (request.body as Record<string, unknown> | undefined)?.token;
    const text = typeof raw === 'string' ? raw.trim() : '';
    const page = pageContext(request, reply);
    if (text === '' || text.length > MAX_INPUT) {
      const message = translate(request.language, text === '' ? 'digital_id.verify.required' : 'digital_id.verify.too_long');
      return sendPage(reply, <VerifyIdView page={page} checkedAt={deps.clock.now()} inputError={message} />, 422);
    }
    const outcome = await deps.digitalId.verify(text);
    return sendPage(reply, <VerifyIdView page={page} outcome={outcome} checkedAt={deps.clock.now()} pasted={text} />);
  });
}

/** The public keys route, registered at the root (outside the page and API contexts). */
export function publicKeysRoute(app: FastifyInstance, deps: HttpDependencies): void {
  app.get(publicKeysPath, async (_request, reply) => {
    const document = await deps.digitalId.publicKeys();
    return reply.header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*').type('application/json').send(document);
  });
}
