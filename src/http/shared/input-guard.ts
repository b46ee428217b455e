// What no request may carry into the platform: a NUL character in any text (query, path parameter,
// form or JSON field). PostgreSQL cannot store one in text, nobody types one, and it is a favourite
// of attacks on C-string boundaries. Guarantees: such a request is refused as request.malformed
// (400, in the context's own shape: JSON or the error page) before any handler or SQL sees it.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.ts';

/** Nesting deeper than this is not searched (the body limit bounds the rest). */
const maximumDepth = 64;

export function carriesNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object' || depth > maximumDepth) return false;
  if (Array.isArray(value)) return value.some((item) => carriesNul(item, depth + 1));
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000') || carriesNul(item, depth + 1)) return true;
  }
  return false;
}

/** Refuses NUL-carrying requests in every context registered after this call. */
export function refuseNulInput(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (carriesNul(request.query) || carriesNul(request.params) || carriesNul(request.body)) throw new AppError('request.malformed');
  });
}
