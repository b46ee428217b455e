// The code page of an e-mail change: the shared code page, saying which address the code went to.
import type { EmailChangeView } from '../../../core/flows/email-change/flow.ts';
import { CodeEntryView } from '../../shared/code-entry.tsx';
import type { PageContext } from '../../shared/layout.tsx';

export function EmailCodeView(props: { page: PageContext; view: EmailChangeView; flowId: string; error?: string | undefined; notice?: string | undefined }) {
  const { page, view, flowId } = props;
  const { t } = page;
  return (
    <CodeEntryView
      page={page}
      title={t('email_change.verify_title')}
      submitLabel={t('mobile_change.verify_submit')}
      action={`/account/email/verify?flow=${flowId}`}
      resendAction={`/account/email/verify/resend?flow=${flowId}`}
      startAgain={{ href: '/account/email', label: t('email_change.start_again') }}
      mobileMasked={view.emailMasked}
      codeHint={t('email_change.code_hint')}
      otpExpiresAt={view.otpExpiresAt}
      resendAvailableAt={view.resendAvailableAt}
      error={props.error}
      notice={props.notice}
    />
  );
}
