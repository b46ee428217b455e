// The e-mail change form: the current address, the new one and its confirmation. Works without
// JavaScript.
import type { FieldErrors } from '../../../core/errors.ts';
import { CsrfField, ErrorSummary, TextField, fieldMessages } from '../../shared/forms.tsx';
import { Layout, type PageContext } from '../../shared/layout.tsx';

export type EmailChangeFormModel = {
  page: PageContext;
  currentEmail: string;
  values: { email?: string; emailConfirmation?: string };
  errors?: FieldErrors | undefined;
  formError?: string | undefined;
};

export function EmailChangeFormView(model: EmailChangeFormModel) {
  const { page, values } = model;
  const { t, language } = page;
  const messages = (field: string) => fieldMessages(language, model.errors, field);
  return (
    <Layout page={page} title={t('email_change.title')} scripts={['/static/js/register.js']}>
      <h1>{t('email_change.title')}</h1>
      <ErrorSummary
        t={t}
        fields={[
          { messages: model.formError ? [model.formError] : [] },
          { id: 'email', messages: messages('email') },
          { id: 'emailConfirmation', messages: messages('emailConfirmation') },
        ]}
      />
      <p class="lead">{t('email_change.intro')}</p>
      <dl class="summary-list">
        <div>
          <dt>{t('email_change.current')}</dt>
          <dd>
            <bdi dir="ltr">{model.currentEmail}</bdi>
          </dd>
        </div>
      </dl>
      <form method="post" action="/account/email" class="form" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField
          id="email"
          name="email"
          type="email"
          label={t('field.new_email')}
          errors={messages('email')}
          value={values.email}
          autocomplete="email"
          dir="ltr"
          maxLength={254}
          required
        />
        <TextField
          id="emailConfirmation"
          name="emailConfirmation"
          type="email"
          label={t('field.new_email_confirmation')}
          errors={messages('emailConfirmation')}
          value={values.emailConfirmation}
          autocomplete="off"
          dir="ltr"
          maxLength={254}
          required
        />
        <button type="submit" class="button">
          {t('email_change.submit')}
        </button>
      </form>
      <p>
        <a href="/account/settings">{t('settings.back')}</a>
      </p>
    </Layout>
  );
}
