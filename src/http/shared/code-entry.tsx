// The page where a person types the SMS code of a flow (registration, sign-in, recovery): where the
// code went (masked), until when it is valid, the code field, and a resend button with the time it
// becomes possible. Works without JavaScript.
import { CsrfField, ErrorSummary, TextField } from './forms.tsx';
import { Layout, type PageContext } from './layout.tsx';
import { formatTime } from './dates.ts';

export type CodeEntryModel = {
  page: PageContext;
  title: string;
  submitLabel: string;
  action: string;
  resendAction: string;
  startAgain: { href: string; label: string };
  mobileMasked: string;
  /** The code field's hint, when the code did not come by text message. */
  codeHint?: string;
  otpExpiresAt: Date | null;
  resendAvailableAt: Date | null;
  /** A localised problem with the code, if the last try failed. */
  error?: string | undefined;
  /** A localised confirmation, e.g. that a new code was sent. */
  notice?: string | undefined;
};

export function CodeEntryView(model: CodeEntryModel) {
  const { page } = model;
  const { t } = page;
  return (
    <Layout page={page} title={model.title} scripts={['/static/js/register.js']}>
      <h1>{model.title}</h1>
      {model.notice && (
        <div class="notice" role="status">
          {model.notice}
        </div>
      )}
      <ErrorSummary t={t} fields={[{ id: 'code', messages: model.error ? [model.error] : [] }]} />
      <p class="lead">
        {t('verify.sent_to')} <bdi dir="ltr">{model.mobileMasked}</bdi>
      </p>
      {model.otpExpiresAt && <p class="field-hint">{t('verify.expires_at', { time: formatTime(model.otpExpiresAt, page.language) })}</p>}
      <form method="post" action={model.action} class="form" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField
          id="code"
          name="code"
          label={t('field.code')}
          hint={model.codeHint ?? t('field.code.hint')}
          errors={model.error ? [model.error] : []}
          inputMode="numeric"
          autocomplete="one-time-code"
          dir="ltr"
          maxLength={12}
          short
          required
        />
        <button type="submit" class="button">
          {model.submitLabel}
        </button>
      </form>
      <form method="post" action={model.resendAction} class="form form-inline">
        <CsrfField token={page.csrfToken} />
        {model.resendAvailableAt && (
          <p class="field-hint">{t('verify.resend_after', { time: formatTime(model.resendAvailableAt, page.language) })}</p>
        )}
        <button type="submit" class="button button-secondary">
          {t('verify.resend')}
        </button>
      </form>
      <p>
        <a href={model.startAgain.href}>{model.startAgain.label}</a>
      </p>
    </Layout>
  );
}
