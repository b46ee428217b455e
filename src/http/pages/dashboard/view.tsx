// The dashboard of an active holder: "welcome, <name>", the account's status, notices (a mobile moved
// away, activations, requests' status changes, each dated in both calendars), requests in progress,
// and the catalogue by sector with a search that works without JavaScript (a GET form).
// Guarantees: one <h1>; every section has a heading; nothing here changes anything.
import type { Dashboard } from '../../../core/services/dashboard.ts';
import type { CatalogueEntry } from '../../../core/services/catalogue.ts';
import type { Sector } from '../../../core/services/definition.ts';
import { Layout, type PageContext } from '../../shared/layout.tsx';
import { DualDate } from '../../shared/dual-date.tsx';
import { hasMessage } from '../../../i18n/i18n.ts';
import { RequestList } from '../services/view.tsx';

export function DashboardView(props: { page: PageContext; dashboard: Dashboard; query: string; catalogue: Array<{ sector: Sector; services: CatalogueEntry[] }> }) {
  const { page, dashboard, query, catalogue } = props;
  const { t, language } = page;
  const name = dashboard.name ? (language === 'ar' ? dashboard.name.ar : dashboard.name.en) : dashboard.account.username;
  const found = catalogue.reduce((sum, group) => sum + group.services.length, 0);
  return (
    <Layout page={page} title={t('dashboard.title')}>
      <h1>{t('dashboard.welcome', { name })}</h1>
      <dl class="summary-list">
        <div>
          <dt>{t('dashboard.status')}</dt>
          <dd>
            <strong class={`status status-${dashboard.account.status}`}>{t(`account.status.${dashboard.account.status}`)}</strong>
          </dd>
        </div>
      </dl>
      <p>
        <a href="/account">{t('dashboard.account_link')}</a> · <a href="/services/requests">{t('eservices.requests_title')}</a>
      </p>

      <section aria-labelledby="catalogue-title">
        <h2 id="catalogue-title">{t('dashboard.catalogue')}</h2>
        <form method="get" action="/dashboard" class="form-inline search-form" role="search">
          <label class="field-label" for="q">
            {t('dashboard.search_label')}
          </label>
          <input class="input" type="search" id="q" name="q" value={query} maxLength={100} />
          <button type="submit" class="button">
            {t('dashboard.search')}
          </button>
        </form>
        {query && (
          <p role="status">
            {t('dashboard.search_results', { count: found, query })} <a href="/dashboard">{t('dashboard.search_clear')}</a>
          </p>
        )}
        {catalogue
          .filter((group) => group.services.length > 0 || !query)
          .map((group) => (
            <section aria-labelledby={`sector-${group.sector}`} class="sector">
              <h3 id={`sector-${group.sector}`}>{t(`eservices.sector.${group.sector}`)}</h3>
              {group.services.length === 0 ? (
                <p class="field-hint">{t('dashboard.sector_empty')}</p>
              ) : (
                <ul class="cards service-cards">
                  {group.services.map((service) => (
                    <li class="card">
                      <p class="card-title">
                        <a href={`/services/${service.id}`}>{service.title}</a>
                      </p>
                      <p>{service.summary}</p>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ))}
      </section>

      {dashboard.openRequests.length > 0 && (
        <section aria-labelledby="open-requests-title">
          <h2 id="open-requests-title">{t('dashboard.open_requests')}</h2>
          <RequestList page={page} requests={dashboard.openRequests} showService />
        </section>
      )}

      <section aria-labelledby="notices-title">
        <h2 id="notices-title">{t('dashboard.notices')}</h2>
        {dashboard.notices.length === 0 ? (
          <p>{t('dashboard.no_notices')}</p>
        ) : (
          <ul class="notices">
            {dashboard.notices.map((item) => (
              <li class="notice">
                {item.kind === 'notice' ? (
                  <p>{hasMessage(language, `notice.${item.notice.kind}`) ? t(`notice.${item.notice.kind}`, item.notice.params) : t('dashboard.notice_generic')}</p>
                ) : item.kind === 'activation' ? (
                  <p>{t('dashboard.notice_activation', { channel: t(`dashboard.channel.${item.channel}`) })}</p>
                ) : (
                  <p>
                    <a href={`/services/requests/${item.change.requestId}`}>
                      {t('dashboard.request_notice', {
                        service: t(`${item.change.serviceId}.title`),
                        reference: item.change.reference,
                        status: t(`eservices.status.${item.change.to}`),
                      })}
                    </a>
                  </p>
                )}
                <p class="notice-date">
                  <DualDate value={item.at} language={language} />
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}
