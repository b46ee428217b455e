// The e-services' pages, driven by the catalogue: GET/POST /services/:id (a service's page and its
// form), GET /services/requests (the holder's requests), GET /services/requests/:id (one request)
// and POST /services/requests/:id/pay (pay its SADAD bill). Guarantees: every route needs a live
// session and an `active` account (a registered one is refused with a page saying how to activate);
// every form carries CSRF; a refused submission re-renders the form with every error, nothing
// written; success redirects (303), so a reload never submits twice; the form's token makes a double
// submit the same request.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { requireSignedInPage } from '../../shared/session.ts';
import { formProblem } from '../../shared/form-problem.ts';
import { translate } from '../../../i18n/i18n.ts';
import { Layout } from '../../shared/layout.tsx';
import { ServicePageView, type FormValues } from './view.tsx';
import { RequestDetailsView, RequestsView } from './request-view.tsx';

type ServiceParams = { Params: { id: string } };

/** preHandler: an account that is not active sees why, and how to activate, instead of the service. */
export async function requireActivePage(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (reply.sent || !request.auth) return;
  if (request.auth.account.status === 'active') return;
  const page = pageContext(request, reply, false);
  const { t } = page;
  await sendPage(
    reply,
    <Layout page={page} title={t('eservices.not_active_title')}>
      <h1>{t('eservices.not_active_title')}</h1>
      <p class="lead">{t('eservices.account_not_active')}</p>
      <p>
        <a class="button" href="/account">
          {t('eservices.not_active_link')}
        </a>
      </p>
    </Layout>,
    403,
  );
}

function formValues(source: unknown): FormValues {
  const values: FormValues = {};
  if (typeof source !== 'object' || source === null) return values;
  for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
    if (key === '_csrf' || key === 'token' || key === 'lang') continue;
    if (typeof value === 'string') values[key] = value;
    else if (Array.isArray(value)) values[key] = value.filter((each): each is string => typeof each === 'string');
  }
  return values;
}

export function servicePages(app: FastifyInstance, deps: HttpDependencies): void {
  const active = { preHandler: [requireSignedInPage, requireActivePage] };
  const activeForm = { preHandler: [requireSignedInPage, requireActivePage, app.csrfProtection], config: { rateLimit: { max: 20, timeWindow: '1 minute' } } };
  const holder = (request: FastifyRequest) => request.auth!.account.id;

  app.get('/services/requests', active, async (request, reply) =>
    sendPage(reply, <RequestsView page={pageContext(request, reply)} requests={await deps.services.list(holder(request))} />),
  );

  app.get<ServiceParams>('/services/requests/:id', active, async (request, reply) => {
    const details = await deps.services.details(holder(request), request.params.id);
    const done = (request.query as Record<string, unknown>).done;
    const notice = done === 'paid' ? translate(request.language, 'eservices.paid_notice') : done === 'submitted' ? translate(request.language, 'eservices.submitted_notice') : undefined;
    return sendPage(reply, <RequestDetailsView page={pageContext(request, reply)} details={details} notice={notice} />);
  });

  app.post<ServiceParams>('/services/requests/:id/pay', activeForm, async (request, reply) => {
    try {
      await deps.services.pay(holder(request), request.params.id, 'absher');
      return reply.redirect(`/services/requests/${request.params.id}?done=paid`, 303);
    } catch (error) {
      const problem = formProblem(request, reply, error);
      const details = await deps.services.details(holder(request), request.params.id);
      return sendPage(reply, <RequestDetailsView page={pageContext(request, reply)} details={details} formError={problem.formError} />, problem.status);
    }
  });

  app.get<ServiceParams>('/services/:id', active, async (request, reply) => {
    const service = await deps.services.page(holder(request), request.params.id);
    return sendPage(reply, <ServicePageView page={pageContext(request, reply)} service={service} values={formValues(request.query)} token={crypto.randomUUID()} />);
  });

  app.post<ServiceParams>('/services/:id', activeForm, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const token = typeof body.token === 'string' && body.token.length > 0 ? body.token : crypto.randomUUID();
    const values = formValues(body);
    try {
      const { request: created } = await deps.services.submit(holder(request), request.params.id, values, { idempotencyKey: token, channel: 'web' });
      return reply.redirect(`/services/requests/${created.id}?done=submitted`, 303);
    } catch (error) {
      const problem = formProblem(request, reply, error);
      const service = await deps.services.page(holder(request), request.params.id);
      return sendPage(
        reply,
        <ServicePageView page={pageContext(request, reply)} service={service} values={values} token={token} errors={problem.errors} formError={problem.formError} />,
        problem.status,
      );
    }
  });
}
