// The new-password page of forgot password: the password and its confirmation, with the rules of
// the policy listed. Works without JavaScript.
import type { FieldErrors } from '../../../core/errors.ts';
import { CsrfField, ErrorSummary, fieldMessages } from '../../shared/forms.tsx';
import { Layout, type PageContext } from '../../shared/layout.tsx';
import { NewPasswordFields } from '../../shared/password-rules.tsx';
import type { PasswordPolicy } from '../../../core/identity/password-policy.ts';

export function ForgotPasswordNewView(props: { page: PageContext; flowId: string; errors?: FieldErrors | undefined; passwordPolicy: PasswordPolicy }) {
  const { page } = props;
  const { t, language } = page;
  const messages = (field: string) => fieldMessages(language, props.errors, field);
  return (
    <Layout page={page} title={t('forgot_password.new_title')} scripts={['/static/js/register.js']}>
      <h1>{t('forgot_password.new_title')}</h1>
      <p class="lead">{t('forgot_password.new_intro')}</p>
      <ErrorSummary
        t={t}
        fields={[
          { id: 'password', messages: messages('password') },
          { id: 'passwordConfirmation', messages: messages('passwordConfirmation') },
        ]}
      />
      <form method="post" action={`/forgot-password/new?flow=${props.flowId}`} class="form" novalidate>
        <CsrfField token={page.csrfToken} />
        <NewPasswordFields policy={props.passwordPolicy} t={t} messages={messages} />
        <button type="submit" class="button">
          {t('forgot_password.new_submit')}
        </button>
      </form>
    </Layout>
  );
}
