// The last page of forgot password: the password changed, every session ended, the holder told.
import { Layout, type PageContext } from '../../shared/layout.tsx';

export function ForgotPasswordDoneView(props: { page: PageContext }) {
  const { t } = props.page;
  return (
    <Layout page={props.page} title={t('forgot_password.done_title')}>
      <div class="panel panel-success" role="status">
        <h1>{t('forgot_password.done_title')}</h1>
        <p>{t('forgot_password.done_body')}</p>
      </div>
      <p>
        <a class="button" href="/login">
          {t('done.sign_in')}
        </a>
      </p>
    </Layout>
  );
}
