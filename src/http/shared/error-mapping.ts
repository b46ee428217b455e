// Turns any error into the platform's answer. Guarantees: every AppError keeps its catalogued
// status and code; framework errors (bad JSON, too large, wrong type) become request.malformed;
// anything unexpected is logged and answered as a 500 with no internal detail.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.ts';
import type { Language } from '../../core/store.ts';
import { errorMessage, translate } from '../../i18n/i18n.ts';

export type JsonError = {
  error: {
    code: string;
    message: string;
    fields?: Record<string, Array<{ code: string; message: string }>>;
    retryAfter?: number;
    [extra: string]: unknown;
  };
};

/** Maps an error thrown anywhere to an AppError (unexpected ones to `internal`). */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const framework = error as Partial<FastifyError> | undefined;
  if (framework?.code === 'FST_CSRF_INVALID_TOKEN' || framework?.code === 'FST_CSRF_MISSING_SECRET') return new AppError('csrf.invalid');
  if (framework?.statusCode === 429) return new AppError('rate.limited', { retryAfterSeconds: 60 });
  if (framework?.statusCode === 404) return new AppError('not_found');
  if (framework?.statusCode && framework.statusCode >= 400 && framework.statusCode < 500) return new AppError('request.malformed');
  return new AppError('internal');
}

export function jsonError(error: AppError, language: Language): JsonError {
  const body: JsonError['error'] = { code: error.code, message: translate(language, error.code, error.details.params) };
  if (error.details.fields) {
    body.fields = Object.fromEntries(
      Object.entries(error.details.fields).map(([field, list]) => [
        field,
        list.map((item) => ({ code: item.code, message: errorMessage(language, item), ...(item.params ?? {}) })),
      ]),
    );
  }
  if (error.details.retryAfterSeconds !== undefined) body.retryAfter = error.details.retryAfterSeconds;
  Object.assign(body, error.details.extra ?? {});
  return { error: body };
}

export function sendJsonError(request: FastifyRequest, reply: FastifyReply, raw: unknown): FastifyReply {
  const error = toAppError(raw);
  if (error.code === 'internal') request.log.error({ err: raw }, 'unexpected error');
  if (error.details.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.details.retryAfterSeconds));
  return reply.code(error.status).type('application/json; charset=utf-8').send(jsonError(error, request.language));
}
