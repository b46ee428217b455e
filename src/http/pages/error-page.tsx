// The error page of the citizen context: not found, forbidden (a stale form), too many requests,
// and the unexpected. Guarantees: a localised page with the catalogued status and no internal
// detail; unexpected errors are logged with the request id.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toAppError } from '../shared/error-mapping.ts';
import { Layout } from '../shared/layout.tsx';
import { pageContext, sendPage } from '../shared/render.ts';

export function showErrorPage(request: FastifyRequest, reply: FastifyReply, raw: unknown) {
  const error = toAppError(raw);
  if (error.code === 'internal') request.log.error({ err: raw }, 'unexpected error');
  if (error.details.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.details.retryAfterSeconds));
  const page = pageContext(request, reply, false);
  const { t } = page;
  return sendPage(
    reply,
    <Layout page={page} title={t(`page_error.${error.code}`)}>
      <h1>{t(`page_error.${error.code}`)}</h1>
      <p class="lead">{t(`page_error.${error.code}.body`)}</p>
      <p>
        <a class="button" href="/">
          {t('page_error.home')}
        </a>
      </p>
    </Layout>,
    error.status,
  );
}
