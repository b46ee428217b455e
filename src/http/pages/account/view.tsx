// The holder's account page. A `registered` account sees only its status and every way to activate
// it; an active one also sees its services (the e-services catalogue comes with its own issue).
// Both see their notices and the links to their settings, sessions, security events and sign-out.
import type { Account, Notice } from '../../../core/store.ts';
import { maskMobile } from '../../../core/identity/mobile.ts';
import { ActivationWays } from '../activate-nafath/view.tsx';
import { CsrfField } from '../../shared/forms.tsx';
import { Layout, type PageContext } from '../../shared/layout.tsx';
import { formatDate } from '../../shared/dates.ts';

export function AccountView(props: { page: PageContext; account: Account; notices: Notice[] }) {
  const { page, account, notices } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('account.title')}>
      <h1>{t('account.welcome', { username: account.username })}</h1>
      <dl class="summary-list">
        <div>
          <dt>{t('account.status')}</dt>
          <dd>
            <strong class={`status status-${account.status}`}>{t(`account.status.${account.status}`)}</strong>
          </dd>
        </div>
        <div>
          <dt>{t('field.mobile')}</dt>
          <dd>
            <bdi dir="ltr">{account.mobile ? maskMobile(account.mobile) : t('account.no_mobile')}</bdi>
          </dd>
        </div>
      </dl>
      {notices.length > 0 && (
        <section aria-labelledby="notices-title">
          <h2 id="notices-title">{t('account.notices')}</h2>
          <ul class="notices">
            {notices.map((notice) => (
              <li class="notice">
                <p>{t(`notice.${notice.kind}`, notice.params)}</p>
                <p class="field-hint">{formatDate(notice.createdAt, page.language).gregorian}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {account.status === 'registered' && (
        <section aria-labelledby="activate-title">
          <h2 id="activate-title">{t('done.activate_title')}</h2>
          <p>{t('account.activate_intro')}</p>
          <ActivationWays page={page} nafathAvailable={account.idKind !== 'border'} />
        </section>
      )}
      {account.status === 'active' && (
        <p>
          <a class="button" href="/dashboard">
            {t('dashboard.open')}
          </a>
        </p>
      )}
      <nav aria-labelledby="account-links-title" class="account-links">
        <h2 id="account-links-title">{t('account.security')}</h2>
        <ul>
          <li>
            <a href="/account/settings">{t('account.settings')}</a>
          </li>
          <li>
            <a href="/account/sessions">{t('sessions.title')}</a>
          </li>
          <li>
            <a href="/account/events">{t('events.title')}</a>
          </li>
        </ul>
      </nav>
      <form method="post" action="/logout">
        <CsrfField token={page.csrfToken} />
        <button type="submit" class="button button-secondary">
          {t('account.sign_out')}
        </button>
      </form>
    </Layout>
  );
}
