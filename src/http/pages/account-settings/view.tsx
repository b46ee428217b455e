// The holder's account settings: the mobile, e-mail, password and preferred language on record,
// each with the way to change it, a confirmation after a change, and where a lost number is changed.
import type { Account } from '../../../core/store.ts';
import { maskMobile } from '../../../core/identity/mobile.ts';
import { Layout, type PageContext } from '../../shared/layout.tsx';

export type SettingsChange = 'mobile' | 'email' | 'password' | 'language';

export function SettingsView(props: { page: PageContext; account: Account; done?: SettingsChange | undefined }) {
  const { page, account, done } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('settings.title')}>
      <h1>{t('settings.title')}</h1>
      {done && (
        <div class="panel panel-success" role="status">
          <p>{t(`settings.done.${done}`)}</p>
        </div>
      )}
      <p class="lead">{t('settings.intro')}</p>
      <dl class="summary-list">
        <div>
          <dt>{t('field.mobile')}</dt>
          <dd>
            <bdi dir="ltr">{account.mobile ? maskMobile(account.mobile) : t('account.no_mobile')}</bdi>
            {account.mobile && (
              <p>
                <a href="/account/mobile">{t('settings.change_mobile')}</a>
              </p>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('field.email')}</dt>
          <dd>
            <bdi dir="ltr">{account.email}</bdi>
            <p>
              <a href="/account/email">{t('settings.change_email')}</a>
            </p>
          </dd>
        </div>
        <div>
          <dt>{t('field.password')}</dt>
          <dd>
            {t('settings.password_hidden')}
            <p>
              <a href="/account/password">{t('settings.change_password')}</a>
            </p>
          </dd>
        </div>
        <div>
          <dt>{t('field.preferred_language')}</dt>
          <dd>
            <span lang={account.preferredLanguage}>{t(`language.${account.preferredLanguage}`)}</span>
            <p>
              <a href="/account/language">{t('settings.change_language')}</a>
            </p>
          </dd>
        </div>
      </dl>
      <p>{t('settings.lost_mobile')}</p>
      <p>
        <a href="/account">{t('account.back')}</a>
      </p>
    </Layout>
  );
}
