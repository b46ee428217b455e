// How a page form shows a refused submission: field errors next to their fields, anything else as
// one localised message for the whole form (with its wait, if any). Guarantees: unexpected errors
// and CSRF failures are not swallowed (they reach the page error handler); a wait is also sent as
// Retry-After; the status is the error's own.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FieldErrors } from '../../core/errors.ts';
import { errorMessage } from '../../i18n/i18n.ts';
import { toAppError } from './error-mapping.ts';

export type FormProblem = { errors?: FieldErrors; formError?: string; status: number };

export function formProblem(request: FastifyRequest, reply: FastifyReply, raw: unknown): FormProblem {
  const error = toAppError(raw);
  if (error.code === 'internal' || error.code === 'csrf.invalid') throw raw;
  const wait = error.details.retryAfterSeconds;
  if (wait !== undefined) reply.header('retry-after', String(wait));
  if (error.details.fields) return { errors: error.details.fields, status: error.status };
  return {
    formError: errorMessage(request.language, {
      code: error.code,
      params: { ...error.details.params, seconds: wait ?? 0, minutes: Math.ceil((wait ?? 0) / 60) },
    }),
    status: error.status,
  };
}
