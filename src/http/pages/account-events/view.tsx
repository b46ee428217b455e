// The holder's recent security events: sign-ins, failures, codes, changes, with time and channel.
import type { AuditRecord } from '../../../core/store.ts';
import { Layout, type PageContext } from '../../shared/layout.tsx';
import { formatDate, formatTime } from '../../shared/dates.ts';

export function EventsView(props: { page: PageContext; events: AuditRecord[] }) {
  const { page } = props;
  const { t, language } = page;
  return (
    <Layout page={page} title={t('events.title')}>
      <h1>{t('events.title')}</h1>
      <p class="lead">{t('events.intro')}</p>
      <table class="table">
        <caption class="visually-hidden">{t('events.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('events.when')}</th>
            <th scope="col">{t('events.what')}</th>
            <th scope="col">{t('events.where')}</th>
          </tr>
        </thead>
        <tbody>
          {props.events.map((event) => (
            <tr>
              <td>{`${formatDate(event.occurredAt, language).gregorian} ${formatTime(event.occurredAt, language)}`}</td>
              <td>{t(`event.${event.type}`)}</td>
              <td>
                <bdi dir="ltr">{typeof event.data.address === 'string' ? event.data.address : '—'}</bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href="/account">{t('account.back')}</a>
      </p>
    </Layout>
  );
}
