// The registration form page (one page, every error at once). Works without JavaScript; the
// scripts only add the live password checklist, username availability and the no-reading check.
import type { FieldErrors } from '../../../core/errors.ts';
import { ErrorSummary, TextField, CsrfField, fieldMessages } from '../../shared/forms.tsx';
import { Layout, type PageContext } from '../../shared/layout.tsx';
import { PasswordRuleList, passwordHint } from '../../shared/password-rules.tsx';
import type { PasswordPolicy } from '../../../core/identity/password-policy.ts';

export type RegisterViewModel = {
  page: PageContext;
  values: Record<string, string>;
  errors?: FieldErrors;
  /** A problem with the whole form (e.g. too many codes sent), as a message id. */
  formError?: string;
  captcha: { id: string; image: string };
  termsVersion: string;
  /** The password policy in force: the rules listed and checked live follow it. */
  passwordPolicy: PasswordPolicy;
};

const fieldOrder = [
  'idNumber',
  'mobile',
  'email',
  'emailConfirmation',
  'username',
  'password',
  'passwordConfirmation',
  'preferredLanguage',
  'captcha',
  'acceptTerms',
] as const;

export function RegisterView(model: RegisterViewModel) {
  const { page, values } = model;
  const { t, language } = page;
  const messages = (field: string) => fieldMessages(language, model.errors, field);
  const summary: Array<{ id?: string; messages: string[] }> = fieldOrder.map((field) => ({ id: fieldId(field), messages: messages(field) }));
  // A problem with the whole form belongs to no field: it is said first, without a link.
  if (model.formError) summary.unshift({ messages: [t(model.formError)] });
  const languageErrors = messages('preferredLanguage');
  const captchaErrors = messages('captcha');
  const termsErrors = messages('acceptTerms');
  const chosenLanguage = values.preferredLanguage === 'en' || values.preferredLanguage === 'ar' ? values.preferredLanguage : language;

  return (
    <Layout page={page} title={t('register.title')} scripts={['/static/js/register.js']}>
      <h1>{t('register.title')}</h1>
      <p class="lead">{t('register.intro')}</p>
      <ErrorSummary t={t} fields={summary} />
      <form id="register-form" method="post" action="/register" novalidate class="form" data-username-check="/api/v1/usernames/">
        <CsrfField token={page.csrfToken} />
        <TextField
          id={fieldId('idNumber')}
          name="idNumber"
          label={t('field.id_number')}
          hint={t('field.id_number.hint')}
          errors={messages('idNumber')}
          value={values.idNumber}
          inputMode="numeric"
          autocomplete="off"
          dir="ltr"
          maxLength={20}
          required
        >
          {model.errors?.idNumber?.some((error) => error.code === 'id.already_registered') && (
            <p class="field-hint">
              <a href="/forgot-password">{t('login.forgot_password')}</a> · <a href="/forgot-username">{t('login.forgot_username')}</a>
            </p>
          )}
        </TextField>
        <TextField
          id={fieldId('mobile')}
          name="mobile"
          type="tel"
          label={t('field.mobile')}
          hint={t('field.mobile.hint')}
          errors={messages('mobile')}
          value={values.mobile}
          inputMode="tel"
          autocomplete="tel-national"
          dir="ltr"
          maxLength={20}
          required
        />
        <TextField
          id={fieldId('email')}
          name="email"
          type="email"
          label={t('field.email')}
          errors={messages('email')}
          value={values.email}
          autocomplete="email"
          dir="ltr"
          maxLength={254}
          required
        />
        <TextField
          id={fieldId('emailConfirmation')}
          name="emailConfirmation"
          type="email"
          label={t('field.email_confirmation')}
          errors={messages('emailConfirmation')}
          value={values.emailConfirmation}
          autocomplete="off"
          dir="ltr"
          maxLength={254}
          required
        />
        <TextField
          id={fieldId('username')}
          name="username"
          label={t('field.username')}
          hint={t('field.username.hint')}
          errors={messages('username')}
          value={values.username}
          autocomplete="username"
          dir="ltr"
          maxLength={30}
          required
          describedByExtra="username-availability"
        >
          <p id="username-availability" class="live-note" role="status" data-available={t('username.available')} data-taken={t('username.taken')}></p>
        </TextField>
        <TextField
          id={fieldId('password')}
          name="password"
          type="password"
          label={t('field.password')}
          hint={passwordHint(model.passwordPolicy, t)}
          errors={messages('password')}
          autocomplete="new-password"
          dir="ltr"
          maxLength={64}
          required
          describedByExtra="password-rules"
        >
          <PasswordRuleList policy={model.passwordPolicy} t={t} live contextFields />
        </TextField>
        <TextField
          id={fieldId('passwordConfirmation')}
          name="passwordConfirmation"
          type="password"
          label={t('field.password_confirmation')}
          errors={messages('passwordConfirmation')}
          autocomplete="new-password"
          dir="ltr"
          maxLength={64}
          required
        />

        <fieldset
          class={languageErrors.length > 0 ? 'field field-invalid' : 'field'}
          id="preferredLanguage"
          aria-describedby={languageErrors.length > 0 ? 'preferredLanguage-error' : undefined}
        >
          <legend class="field-label">{t('field.preferred_language')}</legend>
          {languageErrors.length > 0 && (
            <p class="field-error" id="preferredLanguage-error">
              {languageErrors.map((message) => (
                <span class="field-error-line">{message}</span>
              ))}
            </p>
          )}
          <div class="choices">
            {(['ar', 'en'] as const).map((code) => (
              <div class="choice">
                <input type="radio" id={`preferredLanguage-${code}`} name="preferredLanguage" value={code} checked={chosenLanguage === code} />
                <label for={`preferredLanguage-${code}`} lang={code}>
                  {t(`language.${code}`)}
                </label>
              </div>
            ))}
          </div>
        </fieldset>

        <fieldset class={captchaErrors.length > 0 ? 'field field-invalid captcha' : 'field captcha'}>
          <legend class="field-label">{t('field.captcha')}</legend>
          <p class="field-hint" id="captcha-hint">
            {t('field.captcha.hint')}
          </p>
          {captchaErrors.length > 0 && (
            <p class="field-error" id="captcha-error">
              {captchaErrors.map((message) => (
                <span class="field-error-line">{message}</span>
              ))}
            </p>
          )}
          <input type="hidden" name="captcha_id" value={model.captcha.id} />
          <div class="captcha-row">
            <img class="captcha-image" src={model.captcha.image} alt={t('field.captcha.image_alt')} width={180} height={64} />
            <button type="submit" name="action" value="new_captcha" class="button button-secondary" formNoValidate>
              {t('field.captcha.new_image')}
            </button>
          </div>
          <label class="field-label" for={fieldId('captcha')}>
            {t('field.captcha.answer')}
          </label>
          <input
            class="input input-short"
            id={fieldId('captcha')}
            name="captcha_answer"
            inputMode="numeric"
            autocomplete="off"
            dir="ltr"
            maxLength={8}
            aria-describedby={captchaErrors.length > 0 ? 'captcha-hint captcha-error' : 'captcha-hint'}
            aria-invalid={captchaErrors.length > 0 ? 'true' : undefined}
          />
          <div
            class="pow"
            hidden
            data-pow-challenge-url="/api/v1/captcha/proof-of-work"
            data-pow-working={t('captcha.pow.working')}
            data-pow-done={t('captcha.pow.done')}
            data-pow-failed={t('captcha.pow.failed')}
          >
            <input type="hidden" name="captcha_pow" value="" />
            <p class="field-hint">{t('captcha.pow.explain')}</p>
            <button type="button" class="button button-secondary" role="checkbox" aria-checked="false">
              {t('captcha.pow.start')}
            </button>
            <p role="status" class="live-note" data-pow-status></p>
          </div>
        </fieldset>

        <div class={termsErrors.length > 0 ? 'field field-invalid' : 'field'}>
          {termsErrors.length > 0 && (
            <p class="field-error" id="acceptTerms-error">
              {termsErrors.map((message) => (
                <span class="field-error-line">{message}</span>
              ))}
            </p>
          )}
          <div class="choice">
            <input
              type="checkbox"
              id={fieldId('acceptTerms')}
              name="acceptTerms"
              value="yes"
              checked={values.acceptTerms === 'yes'}
              aria-describedby={termsErrors.length > 0 ? 'acceptTerms-error' : undefined}
            />
            <label for={fieldId('acceptTerms')}>{t('field.accept_terms')}</label>
          </div>
          <p class="field-hint">
            <a href="/terms">{t('terms.link')}</a> · <a href="/privacy">{t('privacy.link')}</a>{' '}
            <span class="nowrap">({t('terms.version', { version: model.termsVersion })})</span>
          </p>
        </div>

        <button type="submit" class="button" name="action" value="register">
          {t('register.submit')}
        </button>
      </form>
    </Layout>
  );
}

export { passwordRuleIds } from '../../shared/password-rules.tsx';

/** Where the error summary sends a person for a field: its input, or the first choice of a group. */
function fieldId(field: (typeof fieldOrder)[number]): string {
  if (field === 'captcha') return 'captcha-answer';
  if (field === 'preferredLanguage') return 'preferredLanguage-ar';
  return field;
}
