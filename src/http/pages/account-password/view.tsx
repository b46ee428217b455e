// The password change form: the current password, the new one (with the rules it must meet) and
// its confirmation. Passwords are never shown again after an error. Works without JavaScript.
import type { FieldErrors } from '../../../core/errors.ts';
import { CsrfField, ErrorSummary, TextField, fieldMessages } from '../../shared/forms.tsx';
import { Layout, type PageContext } from '../../shared/layout.tsx';
import { NewPasswordFields } from '../../shared/password-rules.tsx';
import type { PasswordPolicy } from '../../../core/identity/password-policy.ts';

export function PasswordChangeView(props: { page: PageContext; errors?: FieldErrors | undefined; passwordPolicy: PasswordPolicy; formError?: string | undefined }) {
  const { page } = props;
  const { t, language } = page;
  const messages = (field: string) => fieldMessages(language, props.errors, field);
  return (
    <Layout page={page} title={t('password_change.title')} scripts={['/static/js/register.js']}>
      <h1>{t('password_change.title')}</h1>
      <ErrorSummary
        t={t}
        fields={[
          { messages: props.formError ? [props.formError] : [] },
          { id: 'currentPassword', messages: messages('currentPassword') },
          { id: 'password', messages: messages('password') },
          { id: 'passwordConfirmation', messages: messages('passwordConfirmation') },
        ]}
      />
      <p class="lead">{t('password_change.intro')}</p>
      <form method="post" action="/account/password" class="form" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField
          id="currentPassword"
          name="currentPassword"
          type="password"
          label={t('field.current_password')}
          errors={messages('currentPassword')}
          autocomplete="current-password"
          dir="ltr"
          maxLength={128}
          required
        />
        <NewPasswordFields policy={props.passwordPolicy} t={t} messages={messages} />
        <button type="submit" class="button">
          {t('password_change.submit')}
        </button>
      </form>
      <p>
        <a href="/account/settings">{t('settings.back')}</a>
      </p>
    </Layout>
  );
}
