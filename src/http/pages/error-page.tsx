// The error page of the citizen context: not found, forbidden (a stale form), too many requests,
// and the unexpected. Guarantees: a localised page with the catalogued status and no internal
// detail; unexpected errors are logged with the request id.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toAppError } from '../shared/error-mapping.ts';
import { Layout } from '../shared/layout.tsx';
import { pageContext, sendPage } from '../shared/render.ts';
import { hasMessage } from '../../i18n/i18n.ts';

export function showErrorPage(request: FastifyRequest, reply: FastifyReply, raw: unknown) {
  const error = toAppError(raw);
  if (error.code === 'internal') request.log.error({ err: raw }, 'unexpected error');
  if (error.details.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.details.retryAfterSeconds));
  const page = pageContext(request, reply, false);
  const { t } = page;
  // Errors without a page of their own get the general title and their own message as the body.
  const known = hasMessage(request.language, `page_error.${error.code}`);
  const title = known ? t(`page_error.${error.code}`) : t('page_error.general');
  const body = known ? t(`page_error.${error.code}.body`) : t(error.code);
  return sendPage(
    reply,
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      <p class="lead">{body}</p>
      <p>
        <a class="button" href="/">
          {t('page_error.home')}
        </a>
      </p>
    </Layout>,
    error.status,
  );
}
