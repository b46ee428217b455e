// The sign-in page: username or ID number and password; a visual code when the platform asks for
// one (after repeated failures). Works without JavaScript.
import { CsrfField, ErrorSummary, TextField } from '../../shared/forms.tsx';
import { Layout, type PageContext } from '../../shared/layout.tsx';

export type LoginViewModel = {
  page: PageContext;
  login?: string;
  next?: string;
  /** A localised problem with the attempt as a whole (never which part was wrong). */
  problem?: string;
  captcha?: { id: string; image: string; error?: string };
};

export function LoginView(model: LoginViewModel) {
  const { page } = model;
  const { t } = page;
  const action = model.next ? `/login?next=${encodeURIComponent(model.next)}` : '/login';
  return (
    <Layout page={page} title={t('login.title')} scripts={['/static/js/register.js']}>
      <h1>{t('login.title')}</h1>
      <ErrorSummary
        t={t}
        fields={[
          { id: 'login', messages: model.problem ? [model.problem] : [] },
          { id: 'captcha-answer', messages: model.captcha?.error ? [model.captcha.error] : [] },
        ]}
      />
      <form method="post" action={action} class="form" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField
          id="login"
          name="login"
          label={t('field.login')}
          hint={t('field.login.hint')}
          errors={[]}
          value={model.login}
          autocomplete="username"
          dir="ltr"
          maxLength={64}
          required
        />
        <TextField id="password" name="password" type="password" label={t('field.password')} errors={[]} autocomplete="current-password" dir="ltr" maxLength={128} required />
        {model.captcha && (
          <fieldset class={model.captcha.error ? 'field field-invalid captcha' : 'field captcha'}>
            <legend class="field-label">{t('field.captcha')}</legend>
            <p class="field-hint" id="captcha-hint">
              {t('login.captcha_needed')}
            </p>
            <input type="hidden" name="captcha_id" value={model.captcha.id} />
            <div class="captcha-row">
              <img class="captcha-image" src={model.captcha.image} alt={t('field.captcha.image_alt')} width={180} height={64} />
            </div>
            <label class="field-label" for="captcha-answer">
              {t('field.captcha.answer')}
            </label>
            <input class="input input-short" id="captcha-answer" name="captcha_answer" inputMode="numeric" autocomplete="off" dir="ltr" maxLength={8} aria-describedby="captcha-hint" />
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
              <p role="status" class="live-note"></p>
            </div>
          </fieldset>
        )}
        <button type="submit" class="button">
          {t('login.submit')}
        </button>
      </form>
      <p>
        <a href="/forgot-password">{t('login.forgot_password')}</a>
      </p>
      <p>
        <a href="/forgot-username">{t('login.forgot_username')}</a>
      </p>
      <p>
        {t('login.no_account')} <a href="/register">{t('home.register')}</a>
      </p>
    </Layout>
  );
}
