// The generic page of an e-service, driven by its definition: what the holder's records show
// (facts and tables, dates in both calendars), whether they may apply and why not, the form with an
// error summary linked to each field, and their requests of this service.
// Guarantees: works without JavaScript; every control has a visible label; a choice group is a
// fieldset with a legend; the idempotency token travels in the form so a double submit is one request.
import type { FieldErrors } from '../../../core/errors.ts';
import type { FieldSpec, Message, OverviewBlock } from '../../../core/services/definition.ts';
import type { ServicePage } from '../../../core/services/request-service.ts';
import type { ServiceRequest } from '../../../core/services/store.ts';
import { Layout, type PageContext } from '../../shared/layout.tsx';
import { CsrfField, ErrorSummary, TextField, fieldMessages } from '../../shared/forms.tsx';
import { DualDate } from '../../shared/dual-date.tsx';
import { DisplayValue, messageText, money } from './display.tsx';

export type FormValues = Record<string, string | string[]>;

const fieldId = (name: string) => `field-${name}`;

function valuesOf(values: FormValues, name: string): string[] {
  const value = values[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export function OverviewBlocks(props: { page: PageContext; blocks: OverviewBlock[] }) {
  const { page } = props;
  const { t } = page;
  return (
    <>
      {props.blocks.map((block, index) =>
        block.kind === 'facts' ? (
          <section aria-labelledby={`block-${index}`}>
            <h2 id={`block-${index}`}>{t(block.title)}</h2>
            <dl class="summary-list">
              {block.facts.map((fact) => (
                <div>
                  <dt>{t(fact.label)}</dt>
                  <dd>
                    <DisplayValue page={page} value={fact.value} />
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ) : (
          // Not a landmark itself: the scrollable table inside is the region named by this heading.
          <section>
            <h2 id={`block-${index}`}>{t(block.title)}</h2>
            {block.rows.length === 0 ? (
              <p>{t(block.empty)}</p>
            ) : (
              <div class="table-wrap" role="region" aria-labelledby={`block-${index}`} tabIndex={0}>
                <table class="data-table">
                  <thead>
                    <tr>
                      {block.columns.map((column) => (
                        <th scope="col">{t(column)}</th>
                      ))}
                      <th scope="col">{t('eservices.column.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {block.rows.map((row) => (
                      <tr>
                        {row.cells.map((cell) => (
                          <td>
                            <DisplayValue page={page} value={cell} />
                          </td>
                        ))}
                        <td>
                          {row.actions.length === 0 ? (
                            <span aria-hidden="true">—</span>
                          ) : (
                            <ul class="row-actions">
                              {row.actions.map((action) => (
                                <li>
                                  <a href={`/services/${action.service}?${new URLSearchParams(action.prefill).toString()}`}>{t(action.label, action.params)}</a>
                                </li>
                              ))}
                            </ul>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        ),
      )}
    </>
  );
}

function FieldControl(props: { page: PageContext; field: FieldSpec; values: FormValues; errors: string[] }) {
  const { page, field, values, errors } = props;
  const { t } = page;
  const id = fieldId(field.name);
  const errorId = errors.length > 0 ? `${id}-error` : undefined;
  const hintId = field.hint ? `${id}-hint` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const errorLines = errorId && (
    <p class="field-error" id={errorId}>
      {errors.map((message) => (
        <span class="field-error-line">{message}</span>
      ))}
    </p>
  );
  const hint = field.hint && (
    <p class="field-hint" id={hintId}>
      {t(field.hint)}
    </p>
  );
  switch (field.kind) {
    case 'text':
      return <TextField id={id} name={field.name} label={t(field.label)} hint={field.hint ? t(field.hint) : undefined} errors={errors} value={valuesOf(values, field.name)[0]} />;
    case 'textarea':
      return (
        <div class={errors.length > 0 ? 'field field-invalid' : 'field'}>
          <label class="field-label" for={id}>
            {t(field.label)}
          </label>
          {hint}
          {errorLines}
          <textarea class="input service-textarea" id={id} name={field.name} rows={5} maxLength={field.maxLength} aria-invalid={errors.length > 0 ? 'true' : undefined} aria-describedby={describedBy}>
            {valuesOf(values, field.name)[0] ?? ''}
          </textarea>
        </div>
      );
    case 'confirm':
      return (
        <div class={errors.length > 0 ? 'field field-invalid' : 'field'}>
          {hint}
          {errorLines}
          <div class="choice">
            <input type="checkbox" id={id} name={field.name} value="on" checked={valuesOf(values, field.name).includes('on')} aria-describedby={describedBy} />
            <label for={id}>{t(field.label)}</label>
          </div>
        </div>
      );
    case 'choice': {
      const chosen = valuesOf(values, field.name);
      return (
        <fieldset class={errors.length > 0 ? 'field field-invalid' : 'field'} id={id} aria-describedby={describedBy}>
          <legend class="field-label">{t(field.label)}</legend>
          {hint}
          {errorLines}
          <div class="choices choices-stacked">
            {field.options.map((option, index) => (
              <div class="choice">
                <input
                  type={field.multiple ? 'checkbox' : 'radio'}
                  id={`${id}-${index}`}
                  name={field.name}
                  value={option.value}
                  checked={chosen.includes(option.value) || (!field.multiple && field.options.length === 1)}
                />
                <label for={`${id}-${index}`}>
                  {t(option.label, option.params)}
                  {option.date && (
                    <>
                      {' — '}
                      <DualDate value={option.date} language={page.language} />
                    </>
                  )}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      );
    }
  }
}

export function RequestList(props: { page: PageContext; requests: ServiceRequest[]; showService?: boolean }) {
  const { page } = props;
  const { t } = page;
  return (
    <ul class="request-list">
      {props.requests.map((request) => (
        <li class="card">
          <p class="card-title">
            <a href={`/services/requests/${request.id}`}>
              {props.showService ? `${t(`${request.serviceId}.title`)} — ` : ''}
              {t('eservices.request.reference', { reference: request.reference })}
            </a>
          </p>
          <p>
            <strong class={`tag status-${request.status}`}>{t(`eservices.status.${request.status}`)}</strong>{' '}
            {request.feeHalalas > 0 && <span class="nowrap">{money(request.feeHalalas, page.language)}</span>}
          </p>
          <p class="field-hint">
            <DualDate value={request.createdAt} language={page.language} />
          </p>
        </li>
      ))}
    </ul>
  );
}

export function ServicePageView(props: {
  page: PageContext;
  service: ServicePage;
  values: FormValues;
  token: string;
  errors?: FieldErrors | undefined;
  formError?: string | undefined;
}) {
  const { page, service, values, errors } = props;
  const { t } = page;
  const { definition } = service;
  const eligibility = fieldMessages(page.language, errors, 'eligibility');
  const summaryFields = [
    { messages: props.formError ? [props.formError] : [] },
    { messages: eligibility },
    ...service.fields.map((field) => ({ id: fieldId(field.name), messages: fieldMessages(page.language, errors, field.name) })),
  ];
  return (
    <Layout page={page} title={t(`${definition.id}.title`)}>
      <p>
        <a href="/dashboard">{t('dashboard.back')}</a>
      </p>
      <ErrorSummary t={t} fields={summaryFields} />
      <h1>{t(`${definition.id}.title`)}</h1>
      <p class="lead">{t(`${definition.id}.summary`)}</p>
      {definition.links && definition.links.length > 0 && (
        <ul class="service-links">
          {definition.links.map((link) => (
            <li>
              <a href={link.href}>{t(link.label)}</a>
            </li>
          ))}
        </ul>
      )}
      <OverviewBlocks page={page} blocks={service.overview} />
      {!definition.inquiryOnly &&
        (service.ineligible.length > 0 ? (
          <section class="panel panel-invalid" aria-labelledby="ineligible-title">
            <h2 id="ineligible-title">{t('eservices.ineligible_title')}</h2>
            <ul>
              {service.ineligible.map((reason: Message) => (
                <li>{messageText(page, reason)}</li>
              ))}
            </ul>
          </section>
        ) : (
          <section aria-labelledby="apply-title">
            <h2 id="apply-title">{t('eservices.apply_title')}</h2>
            <form method="post" action={`/services/${definition.id}`} class="form" novalidate>
              <CsrfField token={page.csrfToken} />
              <input type="hidden" name="token" value={props.token} />
              {service.fields.map((field) => (
                <FieldControl page={page} field={field} values={values} errors={fieldMessages(page.language, errors, field.name)} />
              ))}
              <div class="actions">
                <button type="submit" class="button">
                  {t('eservices.submit')}
                </button>
              </div>
            </form>
          </section>
        ))}
      {service.requests.length > 0 && (
        <section aria-labelledby="requests-title">
          <h2 id="requests-title">{t('eservices.my_requests')}</h2>
          <RequestList page={page} requests={service.requests} />
        </section>
      )}
    </Layout>
  );
}
