// Rendering helpers of the back office: the page context (language, CSRF token, the officer) and
// its error page. Guarantees: errors are localised with their catalogued status and no internal
// detail; a forbidden action says so (403) without revealing the data it would have shown.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pageContext, sendPage } from '../shared/render.ts';
import { toAppError } from '../shared/error-mapping.ts';
import { errorMessage, hasMessage } from '../../i18n/i18n.ts';
import type { OfficePage } from './layout.tsx';
import { OfficeErrorView } from './views.tsx';

export function officePage(request: FastifyRequest, reply: FastifyReply, withCsrf = true): OfficePage {
  return { ...pageContext(request, reply, withCsrf), officer: request.office?.officer ?? null };
}

export function showOfficeError(request: FastifyRequest, reply: FastifyReply, raw: unknown) {
  const error = toAppError(raw);
  if (error.code === 'internal') request.log.error({ err: raw }, 'unexpected error in the back office');
  if (error.details.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.details.retryAfterSeconds));
  const page = officePage(request, reply, error.code !== 'csrf.invalid' && error.code !== 'internal');
  const { t } = page;
  const titleId = `backoffice.error.${error.code}`;
  const title = hasMessage(request.language, titleId) ? t(titleId) : t('backoffice.error.general');
  return sendPage(reply, <OfficeErrorView page={page} title={title} body={errorMessage(request.language, error)} status={error.status} />, error.status);
}
