// The two code pages of a mobile change: first the code sent to the current number, then the one
// sent to the new number. Both are the shared code page with their own titles.
import type { MobileChangeView } from '../../../core/flows/mobile-change/flow.ts';
import { CodeEntryView } from '../../shared/code-entry.tsx';
import type { PageContext } from '../../shared/layout.tsx';

export function MobileCodeView(props: {
  page: PageContext;
  step: 'old' | 'new';
  view: MobileChangeView;
  flowId: string;
  error?: string | undefined;
  notice?: string | undefined;
}) {
  const { page, step, view, flowId } = props;
  const { t } = page;
  const path = `/account/mobile/verify-${step}`;
  return (
    <CodeEntryView
      page={page}
      title={t(step === 'old' ? 'mobile_change.verify_old_title' : 'mobile_change.verify_new_title')}
      submitLabel={t('mobile_change.verify_submit')}
      action={`${path}?flow=${flowId}`}
      resendAction={`${path}/resend?flow=${flowId}`}
      startAgain={{ href: '/account/mobile', label: t('mobile_change.start_again') }}
      mobileMasked={view.mobileMasked}
      otpExpiresAt={view.otpExpiresAt}
      resendAvailableAt={view.resendAvailableAt}
      error={props.error}
      notice={props.notice}
    />
  );
}
