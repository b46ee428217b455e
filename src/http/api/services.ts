// The e-services' JSON API for the mobile app: the catalogue (with search), a service's page data
// (overview, form fields, whether the holder may apply), submitting a request (Idempotency-Key),
// the holder's requests with their history, bill and shipment, paying a bill, and the dashboard.
// Guarantees: the same core services the pages use; every route needs a live session and services
// need an `active` account (403 eservices.account_not_active); a replayed Idempotency-Key returns the
// first request (200) instead of creating one (201); another holder's request answers 404; dates are
// ISO (days as yyyy-mm-dd, instants in UTC) with the Hijri date beside them where a date matters.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HttpDependencies } from '../dependencies.ts';
import type { Display, FieldSpec, Message, OverviewBlock, Sector } from '../../core/services/definition.ts';
import { sectors } from '../../core/services/definition.ts';
import type { RequestDetails } from '../../core/services/request-service.ts';
import type { ServiceRequest } from '../../core/services/store.ts';
import type { Language } from '../../core/store.ts';
import { AppError } from '../../core/errors.ts';
import { errorMessage, translate } from '../../i18n/i18n.ts';
import { requireSignedIn } from '../shared/session.ts';
import { dualDate } from '../shared/dual-date.tsx';
import { riyals } from '../../core/services/money.ts';

type IdParams = { Params: { id: string } };

function datePair(value: string | Date, language: Language) {
  const date = dualDate(value, language);
  return { date: typeof value === 'string' ? value : value.toISOString(), hijri: date.hijri, gregorian: date.gregorian };
}

function message(language: Language, note: Message) {
  return { code: note.id, message: errorMessage(language, { code: note.id, ...(note.params ? { params: note.params } : {}) }), ...(note.params ? { params: note.params } : {}) };
}

function display(language: Language, value: Display) {
  switch (value.kind) {
    case 'text':
      return { kind: 'text', text: value.value };
    case 'message':
      return { kind: 'text', text: translate(language, value.id, value.params) };
    case 'date':
      return { kind: 'date', ...datePair(value.iso, language) };
    case 'money':
      return { kind: 'money', halalas: value.halalas, riyals: riyals(value.halalas) };
  }
}

function overviewBody(language: Language, blocks: OverviewBlock[]) {
  return blocks.map((block) =>
    block.kind === 'facts'
      ? { kind: 'facts', title: translate(language, block.title), facts: block.facts.map((fact) => ({ label: translate(language, fact.label), value: display(language, fact.value) })) }
      : {
          kind: 'table',
          title: translate(language, block.title),
          columns: block.columns.map((column) => translate(language, column)),
          rows: block.rows.map((row) => ({
            cells: row.cells.map((cell) => display(language, cell)),
            actions: row.actions.map((action) => ({ label: translate(language, action.label, action.params), service: action.service, prefill: action.prefill })),
          })),
        },
  );
}

function fieldsBody(language: Language, fields: FieldSpec[]) {
  return fields.map((field) => ({
    name: field.name,
    kind: field.kind,
    label: translate(language, field.label),
    ...(field.hint ? { hint: translate(language, field.hint) } : {}),
    ...(field.kind === 'choice'
      ? {
          multiple: field.multiple ?? false,
          options: field.options.map((option) => ({ value: option.value, label: translate(language, option.label, option.params), ...(option.date ? { date: option.date } : {}) })),
        }
      : {}),
    ...(field.kind === 'textarea' || field.kind === 'text' ? { maxLength: field.maxLength ?? null } : {}),
  }));
}

function requestBody(language: Language, request: ServiceRequest) {
  return {
    id: request.id,
    reference: request.reference,
    service: { id: request.serviceId, title: translate(language, `${request.serviceId}.title`) },
    status: request.status,
    statusText: translate(language, `eservices.status.${request.status}`),
    feeHalalas: request.feeHalalas,
    fee: riyals(request.feeHalalas),
    billNumber: request.billNumber,
    trackingNumber: request.trackingNumber,
    result: request.result,
    createdAt: request.createdAt.toISOString(),
    updatedAt: request.updatedAt.toISOString(),
  };
}

function detailsBody(language: Language, details: RequestDetails) {
  const { bill, shipment } = details;
  return {
    ...requestBody(language, details.request),
    bill: bill
      ? {
          number: bill.number,
          amountHalalas: bill.amountHalalas,
          status: bill.status,
          expiresAt: bill.expiresAt.toISOString(),
          paidAt: bill.paidAt?.toISOString() ?? null,
        }
      : null,
    shipment: shipment
      ? {
          trackingNumber: shipment.trackingNumber,
          status: shipment.status,
          shortAddress: shipment.address.shortAddress,
          events: shipment.events.map((event) => ({ status: event.status, at: event.at.toISOString() })),
        }
      : null,
    history: details.history.map((change) => ({
      from: change.from,
      to: change.to,
      statusText: translate(language, `eservices.status.${change.to}`),
      actor: change.actor,
      at: change.at.toISOString(),
      atHijri: dualDate(change.at, language).hijri,
      note: change.note ? message(language, change.note) : null,
    })),
  };
}

const holderOf = (request: FastifyRequest) => request.auth!.account.id;

export function servicesApi(app: FastifyInstance, deps: HttpDependencies): void {
  const signedIn = (max: number) => ({ preHandler: requireSignedIn, config: { rateLimit: { max, timeWindow: '1 minute' } } });

  app.get('/dashboard', signedIn(60), async (request) => {
    const dashboard = await deps.dashboard.overview(holderOf(request));
    if (!dashboard) throw new AppError('auth.required');
    if (dashboard.account.status !== 'active') throw new AppError('eservices.account_not_active', { params: { status: dashboard.account.status } });
    const language = request.language;
    const name = dashboard.name ? (language === 'ar' ? dashboard.name.ar : dashboard.name.en) : dashboard.account.username;
    return {
      welcome: translate(language, 'dashboard.welcome', { name }),
      name: dashboard.name,
      status: dashboard.account.status,
      notices: dashboard.notices.map((item) =>
        item.kind === 'notice'
          ? { kind: item.notice.kind, at: item.at.toISOString(), message: translate(language, `notice.${item.notice.kind}`, item.notice.params) }
          : item.kind === 'activation'
            ? { kind: 'activation', at: item.at.toISOString(), message: translate(language, 'dashboard.notice_activation', { channel: translate(language, `dashboard.channel.${item.channel}`) }) }
            : {
              kind: 'request',
              at: item.at.toISOString(),
              requestId: item.change.requestId,
              status: item.change.to,
              message: translate(language, 'dashboard.request_notice', {
                service: translate(language, `${item.change.serviceId}.title`),
                reference: item.change.reference,
                status: translate(language, `eservices.status.${item.change.to}`),
              }),
            },
      ),
      openRequests: dashboard.openRequests.map((each) => requestBody(language, each)),
    };
  });

  app.get('/services', signedIn(60), async (request) => {
    const query = request.query as Record<string, unknown>;
    const q = typeof query.q === 'string' ? query.q.slice(0, 100) : '';
    const sector = typeof query.sector === 'string' && (sectors as readonly string[]).includes(query.sector) ? (query.sector as Sector) : undefined;
    const groups = deps.services.catalogue.search(q, request.language, sector);
    return {
      sectors: groups
        .filter((group) => sector === undefined || group.sector === sector)
        .map((group) => ({ sector: group.sector, title: translate(request.language, `eservices.sector.${group.sector}`), services: group.services })),
    };
  });

  app.get<IdParams>('/services/:id', signedIn(60), async (request) => {
    const language = request.language;
    const page = await deps.services.page(holderOf(request), request.params.id);
    const { definition } = page;
    return {
      id: definition.id,
      sector: definition.sector,
      title: translate(language, `${definition.id}.title`),
      summary: translate(language, `${definition.id}.summary`),
      inquiryOnly: definition.inquiryOnly ?? false,
      overview: overviewBody(language, page.overview),
      fields: fieldsBody(language, page.fields),
      eligible: page.ineligible.length === 0,
      ineligible: page.ineligible.map((reason) => message(language, reason)),
      requests: page.requests.map((each) => requestBody(language, each)),
    };
  });

  app.post<IdParams>('/services/:id/requests', signedIn(20), async (request, reply) => {
    const body = request.body ?? {};
    if (typeof body !== 'object' || Array.isArray(body)) throw new AppError('request.malformed');
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string') throw new AppError('eservices.idempotency_key_invalid');
    const outcome = await deps.services.submit(holderOf(request), request.params.id, body as Record<string, unknown>, { idempotencyKey: key, channel: 'api' });
    const details = await deps.services.details(holderOf(request), outcome.request.id);
    return reply.code(outcome.replayed ? 200 : 201).send(detailsBody(request.language, details));
  });

  app.get('/service-requests', signedIn(60), async (request) => ({
    requests: (await deps.services.list(holderOf(request))).map((each) => requestBody(request.language, each)),
  }));

  app.get<IdParams>('/service-requests/:id', signedIn(60), async (request) => detailsBody(request.language, await deps.services.details(holderOf(request), request.params.id)));

  app.post<IdParams>('/service-requests/:id/payment', signedIn(10), async (request) => {
    await deps.services.pay(holderOf(request), request.params.id, 'mobile_app');
    return detailsBody(request.language, await deps.services.details(holderOf(request), request.params.id));
  });
}
