// A service request as its holder sees it: reference, status, the SADAD bill (with the way to pay
// it while it is due), the shipment and its tracking, the result, and the full status history with
// each change's date in both calendars. Also the list of all the holder's requests.
// Guarantees: the pay button only appears while the bill is payable; works without JavaScript.
import type { RequestDetails } from '../../../core/services/request-service.ts';
import type { ServiceRequest } from '../../../core/services/store.ts';
import { Layout, type PageContext } from '../../shared/layout.tsx';
import { CsrfField, ErrorSummary } from '../../shared/forms.tsx';
import { DualDate } from '../../shared/dual-date.tsx';
import { formatTime } from '../../shared/dates.ts';
import { hasMessage } from '../../../i18n/i18n.ts';
import { messageText, money, readableParams } from './display.tsx';
import { RequestList } from './view.tsx';

export function RequestDetailsView(props: { page: PageContext; details: RequestDetails; formError?: string | undefined; notice?: string | undefined }) {
  const { page, details } = props;
  const { t, language } = page;
  const { request, bill, shipment, history } = details;
  const title = t(`${request.serviceId}.title`);
  const payable = request.status === 'awaiting_payment' && bill?.status === 'unpaid';
  return (
    <Layout page={page} title={`${title} — ${request.reference}`}>
      <p>
        <a href="/services/requests">{t('eservices.requests_title')}</a>
      </p>
      <ErrorSummary t={t} fields={[{ messages: props.formError ? [props.formError] : [] }]} />
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <h1>{title}</h1>
      <dl class="summary-list">
        <div>
          <dt>{t('eservices.request.reference_label')}</dt>
          <dd>
            <bdi>{request.reference}</bdi>
          </dd>
        </div>
        <div>
          <dt>{t('eservices.request.status_label')}</dt>
          <dd>
            <strong class={`tag status-${request.status}`}>{t(`eservices.status.${request.status}`)}</strong>
          </dd>
        </div>
        <div>
          <dt>{t('eservices.request.submitted_label')}</dt>
          <dd>
            <DualDate value={request.createdAt} language={language} />
          </dd>
        </div>
        {request.feeHalalas > 0 && (
          <div>
            <dt>{t('eservices.request.fee_label')}</dt>
            <dd>{money(request.feeHalalas, language)}</dd>
          </div>
        )}
        {Object.entries(request.result).map(([key, value]) => (
          <div>
            <dt>{hasMessage(language, `${request.serviceId}.result.${key}`) ? t(`${request.serviceId}.result.${key}`) : t(`eservices.result.${key}`)}</dt>
            <dd>{String(readableParams({ value }, language).value)}</dd>
          </div>
        ))}
      </dl>

      {bill && (
        <section class={payable ? 'panel' : 'panel panel-success'} aria-labelledby="bill-title">
          <h2 id="bill-title">{t('eservices.bill.title')}</h2>
          <dl class="summary-list">
            <div>
              <dt>{t('eservices.bill.number')}</dt>
              <dd>
                <bdi dir="ltr">{bill.number}</bdi>
              </dd>
            </div>
            <div>
              <dt>{t('eservices.bill.amount')}</dt>
              <dd>{money(bill.amountHalalas, language)}</dd>
            </div>
            <div>
              <dt>{t('eservices.bill.status')}</dt>
              <dd>{t(`eservices.bill.status.${bill.status}`)}</dd>
            </div>
            <div>
              <dt>{bill.paidAt ? t('eservices.bill.paid_at') : t('eservices.bill.expires_at')}</dt>
              <dd>
                <DualDate value={bill.paidAt ?? bill.expiresAt} language={language} />
              </dd>
            </div>
          </dl>
          {payable && (
            <>
              <p>{t('eservices.bill.how_to_pay', { biller: '090' })}</p>
              <form method="post" action={`/services/requests/${request.id}/pay`}>
                <CsrfField token={page.csrfToken} />
                <button type="submit" class="button">
                  {t('eservices.bill.pay_now', { amount: money(bill.amountHalalas, language) })}
                </button>
              </form>
            </>
          )}
        </section>
      )}

      {shipment && (
        <section class="panel" aria-labelledby="shipment-title">
          <h2 id="shipment-title">{t('eservices.shipment.title')}</h2>
          <dl class="summary-list">
            <div>
              <dt>{t('eservices.shipment.tracking')}</dt>
              <dd>
                <bdi dir="ltr">{shipment.trackingNumber}</bdi>
              </dd>
            </div>
            <div>
              <dt>{t('eservices.shipment.contents')}</dt>
              <dd>{t(`eservices.contents.${shipment.contents}`)}</dd>
            </div>
            <div>
              <dt>{t('eservices.shipment.address')}</dt>
              <dd>
                {language === 'ar'
                  ? `${shipment.address.buildingNumber} ${shipment.address.streetAr}، ${shipment.address.districtAr}، ${shipment.address.cityAr} ${shipment.address.postalCode}`
                  : `${shipment.address.buildingNumber} ${shipment.address.streetEn}, ${shipment.address.districtEn}, ${shipment.address.cityEn} ${shipment.address.postalCode}`}{' '}
                (<bdi dir="ltr">{shipment.address.shortAddress}</bdi>)
              </dd>
            </div>
          </dl>
          <ol class="timeline">
            {shipment.events.map((event) => (
              <li>
                <strong>{t(`eservices.shipment.status.${event.status}`)}</strong> — <DualDate value={event.at} language={language} />
              </li>
            ))}
          </ol>
        </section>
      )}

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('eservices.history_title')}</h2>
        <ol class="timeline">
          {history.map((change) => (
            <li>
              <strong>{t(`eservices.status.${change.to}`)}</strong>
              <span class="field-hint">
                {' '}
                <DualDate value={change.at} language={language} /> <bdi dir="ltr">{formatTime(change.at, language)}</bdi>
              </span>
              {change.note && <p>{messageText(page, change.note)}</p>}
            </li>
          ))}
        </ol>
      </section>
      <p>
        <a href={`/services/${request.serviceId}`}>{t('eservices.back_to_service', { service: title })}</a>
      </p>
    </Layout>
  );
}

export function RequestsView(props: { page: PageContext; requests: ServiceRequest[] }) {
  const { page } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('eservices.requests_title')}>
      <p>
        <a href="/dashboard">{t('dashboard.back')}</a>
      </p>
      <h1>{t('eservices.requests_title')}</h1>
      {props.requests.length === 0 ? <p>{t('eservices.no_requests')}</p> : <RequestList page={page} requests={props.requests} showService />}
    </Layout>
  );
}
