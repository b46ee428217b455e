// "My sessions": every live session of the holder (device, address, when it started and was last
// used), with a button to end any one of them or all the others.
import type { Session } from '../../../core/store.ts';
import { CsrfField } from '../../shared/forms.tsx';
import { Layout, type PageContext } from '../../shared/layout.tsx';
import { formatDate, formatTime } from '../../shared/dates.ts';
import { describeDevice, describePlace } from '../../shared/devices.ts';

export function SessionsView(props: { page: PageContext; sessions: Session[]; currentId: string; notice?: string }) {
  const { page } = props;
  const { t, language } = page;
  const when = (date: Date) => `${formatDate(date, language).gregorian} ${formatTime(date, language)}`;
  return (
    <Layout page={page} title={t('sessions.title')}>
      <h1>{t('sessions.title')}</h1>
      {props.notice && (
        <div class="notice" role="status">
          {props.notice}
        </div>
      )}
      <ul class="session-list">
        {props.sessions.map((session) => (
          <li class="card">
            <h2 class="card-title">
              {describeDevice(session.userAgent, t)}
              {session.id === props.currentId && <span class="tag">{t('sessions.this_device')}</span>}
            </h2>
            <dl class="summary-list">
              <div>
                <dt>{t('sessions.place')}</dt>
                <dd>
                  <bdi dir="ltr">{describePlace(session.ip, t)}</bdi>
                </dd>
              </div>
              <div>
                <dt>{t('sessions.started')}</dt>
                <dd>{when(session.createdAt)}</dd>
              </div>
              <div>
                <dt>{t('sessions.last_used')}</dt>
                <dd>{when(session.lastSeenAt)}</dd>
              </div>
            </dl>
            {session.id !== props.currentId && (
              <form method="post" action="/account/sessions/end">
                <CsrfField token={page.csrfToken} />
                <input type="hidden" name="session" value={session.id} />
                <button type="submit" class="button button-secondary">
                  {t('sessions.end')}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {props.sessions.length > 1 && (
        <form method="post" action="/account/sessions/end-others">
          <CsrfField token={page.csrfToken} />
          <button type="submit" class="button">
            {t('sessions.end_others')}
          </button>
        </form>
      )}
      <p>
        <a href="/account">{t('account.back')}</a>
      </p>
    </Layout>
  );
}
