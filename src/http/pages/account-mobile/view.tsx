// The mobile change form: the current number (masked) and the new one. An account without a mobile
// is told to change it at a kiosk or an office instead. Works without JavaScript.
import type { FieldErrors } from '../../../core/errors.ts';
import { maskMobile } from '../../../core/identity/mobile.ts';
import { CsrfField, ErrorSummary, TextField, fieldMessages } from '../../shared/forms.tsx';
import { Layout, type PageContext } from '../../shared/layout.tsx';

export type MobileChangeFormModel = {
  page: PageContext;
  currentMobile: string | null;
  value?: string | undefined;
  errors?: FieldErrors | undefined;
  /** A localised problem with the request as a whole (e.g. too many codes). */
  formError?: string | undefined;
};

export function MobileChangeFormView(model: MobileChangeFormModel) {
  const { page } = model;
  const { t, language } = page;
  const errors = fieldMessages(language, model.errors, 'mobile');
  return (
    <Layout page={page} title={t('mobile_change.title')} scripts={['/static/js/register.js']}>
      <h1>{t('mobile_change.title')}</h1>
      {model.currentMobile === null ? (
        <div class="notice" role="status">
          <p>{t('mobile_change.no_current_mobile')}</p>
        </div>
      ) : (
        <>
          <ErrorSummary t={t} fields={[{ messages: model.formError ? [model.formError] : [] }, { id: 'mobile', messages: errors }]} />
          <p class="lead">{t('mobile_change.intro')}</p>
          <dl class="summary-list">
            <div>
              <dt>{t('mobile_change.current')}</dt>
              <dd>
                <bdi dir="ltr">{maskMobile(model.currentMobile)}</bdi>
              </dd>
            </div>
          </dl>
          <form method="post" action="/account/mobile" class="form" novalidate>
            <CsrfField token={page.csrfToken} />
            <TextField
              id="mobile"
              name="mobile"
              type="tel"
              label={t('field.new_mobile')}
              hint={t('field.mobile.hint')}
              errors={errors}
              value={model.value}
              inputMode="tel"
              autocomplete="tel-national"
              dir="ltr"
              maxLength={20}
              required
            />
            <button type="submit" class="button">
              {t('mobile_change.submit')}
            </button>
          </form>
          <p>{t('settings.lost_mobile')}</p>
        </>
      )}
      <p>
        <a href="/account/settings">{t('settings.back')}</a>
      </p>
    </Layout>
  );
}
