// The first page of forgot password: ID number, the mobile on the account and a visual code.
import type { PageContext } from '../../shared/layout.tsx';
import { RecoveryStartView, type RecoveryStartState } from '../../shared/recovery-form.tsx';

export function ForgotPasswordView(props: { page: PageContext; state: RecoveryStartState }) {
  const { t } = props.page;
  return (
    <RecoveryStartView
      page={props.page}
      title={t('forgot_password.title')}
      intro={t('forgot_password.intro')}
      submitLabel={t('forgot_password.submit')}
      action="/forgot-password"
      {...props.state}
      links={[
        { href: '/forgot-username', label: t('login.forgot_username') },
        { href: '/login', label: t('recovery.back_to_login') },
      ]}
    />
  );
}
