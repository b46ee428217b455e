// The first page of forgot username: ID number, the mobile on the account and a visual code.
import type { PageContext } from '../../shared/layout.tsx';
import { RecoveryStartView, type RecoveryStartState } from '../../shared/recovery-form.tsx';

export function ForgotUsernameView(props: { page: PageContext; state: RecoveryStartState }) {
  const { t } = props.page;
  return (
    <RecoveryStartView
      page={props.page}
      title={t('forgot_username.title')}
      intro={t('forgot_username.intro')}
      submitLabel={t('forgot_username.submit')}
      action="/forgot-username"
      {...props.state}
      links={[
        { href: '/forgot-password', label: t('login.forgot_password') },
        { href: '/login', label: t('recovery.back_to_login') },
      ]}
    />
  );
}
