// The preferred language form: Arabic or English, the current one chosen. Works without JavaScript.
import type { FieldErrors } from '../../../core/errors.ts';
import type { Language } from '../../../core/store.ts';
import { CsrfField, ErrorSummary, fieldMessages } from '../../shared/forms.tsx';
import { Layout, type PageContext } from '../../shared/layout.tsx';

export function LanguageChangeView(props: { page: PageContext; current: Language; errors?: FieldErrors | undefined; formError?: string | undefined }) {
  const { page } = props;
  const { t, language } = page;
  const errors = fieldMessages(language, props.errors, 'preferredLanguage');
  return (
    <Layout page={page} title={t('language_change.title')} scripts={['/static/js/register.js']}>
      <h1>{t('language_change.title')}</h1>
      <ErrorSummary t={t} fields={[{ messages: props.formError ? [props.formError] : [] }, { id: 'preferredLanguage-ar', messages: errors }]} />
      <form method="post" action="/account/language" class="form" novalidate>
        <CsrfField token={page.csrfToken} />
        <fieldset class={errors.length > 0 ? 'field field-invalid' : 'field'} aria-describedby={errors.length > 0 ? 'preferredLanguage-error language-hint' : 'language-hint'}>
          <legend class="field-label">{t('field.preferred_language')}</legend>
          <p class="field-hint" id="language-hint">
            {t('language_change.intro')}
          </p>
          {errors.length > 0 && (
            <p class="field-error" id="preferredLanguage-error">
              {errors.map((message) => (
                <span class="field-error-line">{message}</span>
              ))}
            </p>
          )}
          <div class="choices">
            {(['ar', 'en'] as const).map((code) => (
              <div class="choice">
                <input type="radio" id={`preferredLanguage-${code}`} name="preferredLanguage" value={code} checked={props.current === code} />
                <label for={`preferredLanguage-${code}`} lang={code}>
                  {t(`language.${code}`)}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        <button type="submit" class="button">
          {t('language_change.submit')}
        </button>
      </form>
      <p>
        <a href="/account/settings">{t('settings.back')}</a>
      </p>
    </Layout>
  );
}
