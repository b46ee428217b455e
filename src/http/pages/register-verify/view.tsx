// The code page of a registration (the shared code-entry page, addressed to the registration flow).
import type { RegistrationView } from '../../../core/flows/registration/flow.ts';
import type { PageContext } from '../../shared/layout.tsx';
import { CodeEntryView } from '../../shared/code-entry.tsx';

export type VerifyViewModel = {
  page: PageContext;
  flow: RegistrationView;
  error?: string;
  notice?: string;
};

export function RegisterVerifyView(model: VerifyViewModel) {
  const { t } = model.page;
  const flow = model.flow;
  return (
    <CodeEntryView
      page={model.page}
      title={t('verify.title')}
      submitLabel={t('verify.submit')}
      action={`/register/verify?flow=${flow.registrationId}`}
      resendAction={`/register/verify/resend?flow=${flow.registrationId}`}
      startAgain={{ href: '/register', label: t('verify.start_again') }}
      mobileMasked={flow.mobileMasked}
      otpExpiresAt={flow.otpExpiresAt}
      resendAvailableAt={flow.resendAvailableAt}
      error={model.error}
      notice={model.notice}
    />
  );
}
