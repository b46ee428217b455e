// The page shown when a flow cannot go on: unknown or malformed id (404), expired (410), already
// finished (409). Guarantees: the person always gets a way to start again, in their language.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toAppError } from '../shared/error-mapping.ts';
import { Layout } from '../shared/layout.tsx';
import { pageContext, sendPage } from '../shared/render.ts';

export function flowIdFrom(request: FastifyRequest): string {
  const flow = (request.query as Record<string, unknown> | undefined)?.flow;
  return typeof flow === 'string' ? flow : '';
}

export function showFlowProblem(request: FastifyRequest, reply: FastifyReply, raw: unknown, startAgainUrl = '/register') {
  const error = toAppError(raw);
  if (error.code === 'internal' || error.code === 'csrf.invalid') throw raw;
  const page = pageContext(request, reply, false);
  const { t } = page;
  return sendPage(
    reply,
    <Layout page={page} title={t('flow.problem.title')}>
      <h1>{t('flow.problem.title')}</h1>
      <p class="lead">{t(error.code)}</p>
      <p>
        <a class="button" href={startAgainUrl}>
          {t('flow.problem.start_again')}
        </a>
      </p>
    </Layout>,
    error.status,
  );
}
