// The first-password step of sign-in: the account's password was a temporary one issued at a
// kiosk, so the holder chooses their own (with the rules it must meet) before going on. Works
// without JavaScript; the live checklist only enhances it.
import type { FieldErrors } from '../../../core/errors.ts';
import type { PasswordPolicy } from '../../../core/identity/password-policy.ts';
import { CsrfField, ErrorSummary, fieldMessages } from '../../shared/forms.tsx';
import { Layout, type PageContext } from '../../shared/layout.tsx';
import { NewPasswordFields } from '../../shared/password-rules.tsx';

export function FirstPasswordView(props: { page: PageContext; action: string; errors?: FieldErrors | undefined; passwordPolicy: PasswordPolicy }) {
  const { page } = props;
  const { t, language } = page;
  const messages = (field: string) => fieldMessages(language, props.errors, field);
  return (
    <Layout page={page} title={t('kiosk.first_password.title')} scripts={['/static/js/register.js']}>
      <h1>{t('kiosk.first_password.title')}</h1>
      <ErrorSummary
        t={t}
        fields={[
          { id: 'password', messages: messages('password') },
          { id: 'passwordConfirmation', messages: messages('passwordConfirmation') },
        ]}
      />
      <p class="lead">{t('kiosk.first_password.intro')}</p>
      <form method="post" action={props.action} class="form" novalidate>
        <CsrfField token={page.csrfToken} />
        <NewPasswordFields policy={props.passwordPolicy} t={t} messages={messages} />
        <button type="submit" class="button">
          {t('kiosk.first_password.submit')}
        </button>
      </form>
    </Layout>
  );
}
