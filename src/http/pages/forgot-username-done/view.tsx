// The last page of forgot username: the username (also sent by SMS) and the way to sign in.
import type { UsernameReminderView } from '../../../core/flows/username-reminder/flow.ts';
import { Layout, type PageContext } from '../../shared/layout.tsx';

export function ForgotUsernameDoneView(props: { page: PageContext; flow: UsernameReminderView }) {
  const { t } = props.page;
  return (
    <Layout page={props.page} title={t('forgot_username.done_title')}>
      <div class="panel panel-success" role="status">
        <h1>{t('forgot_username.done_title')}</h1>
        <p>
          {t('done.username')}{' '}
          <strong>
            <bdi dir="ltr">{props.flow.username}</bdi>
          </strong>
        </p>
        <p>{t('forgot_username.done_body')}</p>
      </div>
      <p>
        <a class="button" href="/login">
          {t('done.sign_in')}
        </a>
      </p>
      <p>
        <a href="/forgot-password">{t('login.forgot_password')}</a>
      </p>
    </Layout>
  );
}
