// The code page of a registration: where the code went (masked), the code field, and a resend
// button with the time it becomes possible. Works without JavaScript.
import type { RegistrationView } from '../../../core/flows/registration/flow.ts';
import { CsrfField, ErrorSummary, TextField } from '../../shared/forms.tsx';
import { Layout, type PageContext } from '../../shared/layout.tsx';
import { formatTime } from '../../shared/dates.ts';

export type VerifyViewModel = {
  page: PageContext;
  flow: RegistrationView;
  /** A localised problem with the code, if the last try failed. */
  error?: string;
  /** A localised confirmation, e.g. that a new code was sent. */
  notice?: string;
};

export function RegisterVerifyView(model: VerifyViewModel) {
  const { page, flow } = model;
  const { t } = page;
  const action = `/register/verify?flow=${flow.registrationId}`;
  return (
    <Layout page={page} title={t('verify.title')} scripts={['/static/js/register.js']}>
      <h1>{t('verify.title')}</h1>
      {model.notice && (
        <div class="notice" role="status">
          {model.notice}
        </div>
      )}
      <ErrorSummary t={t} fields={[{ id: 'code', messages: model.error ? [model.error] : [] }]} />
      <p class="lead">
        {t('verify.sent_to')} <bdi dir="ltr">{flow.mobileMasked}</bdi>
      </p>
      {flow.otpExpiresAt && <p class="field-hint">{t('verify.expires_at', { time: formatTime(flow.otpExpiresAt, page.language) })}</p>}
      <form method="post" action={action} class="form" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField
          id="code"
          name="code"
          label={t('field.code')}
          hint={t('field.code.hint')}
          errors={model.error ? [model.error] : []}
          inputMode="numeric"
          autocomplete="one-time-code"
          dir="ltr"
          maxLength={12}
          short
          required
        />
        <button type="submit" class="button">
          {t('verify.submit')}
        </button>
      </form>
      <form method="post" action={`/register/verify/resend?flow=${flow.registrationId}`} class="form form-inline">
        <CsrfField token={page.csrfToken} />
        {flow.resendAvailableAt && (
          <p class="field-hint">{t('verify.resend_after', { time: formatTime(flow.resendAvailableAt, page.language) })}</p>
        )}
        <button type="submit" class="button button-secondary">
          {t('verify.resend')}
        </button>
      </form>
      <p>
        <a href="/register">{t('verify.start_again')}</a>
      </p>
    </Layout>
  );
}
