// The code page of forgot password (the shared code-entry page, addressed to the reset flow).
import type { PasswordResetView } from '../../../core/flows/password-reset/flow.ts';
import type { PageContext } from '../../shared/layout.tsx';
import { CodeEntryView } from '../../shared/code-entry.tsx';

export function ForgotPasswordVerifyView(props: { page: PageContext; flow: PasswordResetView; error?: string | undefined; notice?: string | undefined }) {
  const { t } = props.page;
  const { flow } = props;
  return (
    <CodeEntryView
      page={props.page}
      title={t('forgot_password.verify_title')}
      submitLabel={t('forgot_password.verify_submit')}
      action={`/forgot-password/verify?flow=${flow.resetId}`}
      resendAction={`/forgot-password/verify/resend?flow=${flow.resetId}`}
      startAgain={{ href: '/forgot-password', label: t('recovery.start_again') }}
      mobileMasked={flow.mobileMasked}
      otpExpiresAt={flow.otpExpiresAt}
      resendAvailableAt={flow.resendAvailableAt}
      error={props.error}
      notice={props.notice}
    />
  );
}
