// The registry question of forgot password: the Iqama or ID card expiry date, or the passport
// number, with the answers left. Works without JavaScript; dates may be typed in Arabic digits.
import type { PasswordResetView } from '../../../core/flows/password-reset/flow.ts';
import { CsrfField, ErrorSummary, TextField } from '../../shared/forms.tsx';
import { Layout, type PageContext } from '../../shared/layout.tsx';

export function ForgotPasswordQuestionView(props: { page: PageContext; flow: PasswordResetView; error?: string | undefined }) {
  const { page, flow } = props;
  const { t } = page;
  const kind = flow.question?.kind ?? 'id_card_expiry';
  const errors = props.error ? [props.error] : [];
  return (
    <Layout page={page} title={t('forgot_password.question_title')} scripts={['/static/js/register.js']}>
      <h1>{t('forgot_password.question_title')}</h1>
      <p class="lead">{t('forgot_password.question_intro')}</p>
      <ErrorSummary t={t} fields={[{ id: 'answer', messages: errors }]} />
      <form method="post" action={`/forgot-password/question?flow=${flow.resetId}`} class="form" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField
          id="answer"
          name="answer"
          label={t(`recovery.question.${kind}`)}
          hint={`${t(`recovery.question.${kind}.hint`)} ${t('recovery.attempts_left', { count: flow.attemptsLeft })}`}
          errors={errors}
          autocomplete="off"
          inputMode={kind === 'passport_number' ? 'text' : 'numeric'}
          dir="ltr"
          maxLength={30}
          required
        />
        <button type="submit" class="button">
          {t('forgot_password.question_submit')}
        </button>
      </form>
      <p>
        <a href="/forgot-password">{t('recovery.start_again')}</a>
      </p>
    </Layout>
  );
}
