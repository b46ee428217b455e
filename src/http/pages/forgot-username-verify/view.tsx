// The code page of forgot username (the shared code-entry page, addressed to the reminder flow).
import type { UsernameReminderView } from '../../../core/flows/username-reminder/flow.ts';
import type { PageContext } from '../../shared/layout.tsx';
import { CodeEntryView } from '../../shared/code-entry.tsx';

export function ForgotUsernameVerifyView(props: { page: PageContext; flow: UsernameReminderView; error?: string | undefined; notice?: string | undefined }) {
  const { t } = props.page;
  const { flow } = props;
  return (
    <CodeEntryView
      page={props.page}
      title={t('forgot_username.verify_title')}
      submitLabel={t('forgot_username.verify_submit')}
      action={`/forgot-username/verify?flow=${flow.reminderId}`}
      resendAction={`/forgot-username/verify/resend?flow=${flow.reminderId}`}
      startAgain={{ href: '/forgot-username', label: t('recovery.start_again') }}
      mobileMasked={flow.mobileMasked}
      otpExpiresAt={flow.otpExpiresAt}
      resendAvailableAt={flow.resendAvailableAt}
      error={props.error}
      notice={props.notice}
    />
  );
}
