// The public verify page: a form to paste a digital ID code or link, and the verdict — valid (with
// what the card says, for comparing with the person in front of you) or not valid (and why).
// Guarantees: the verdict is stated in words and by a status region, not by colour alone; nothing
// beyond the signed claims is shown.
import type { VerifyOutcome } from '../../../core/digital-id/token.ts';
import { CsrfField, ErrorSummary } from '../../shared/forms.tsx';
import { Layout, type PageContext } from '../../shared/layout.tsx';
import { formatDate, formatTime } from '../../shared/dates.ts';
import { DateBoth } from '../digital-id/view.tsx';
import { countryName } from '../digital-id/countries.ts';

export function VerifyIdView(props: { page: PageContext; outcome?: VerifyOutcome; checkedAt: Date; pasted?: string; inputError?: string }) {
  const { page, outcome } = props;
  const { t } = page;
  const checked = `${formatDate(props.checkedAt, page.language).gregorian} ${formatTime(props.checkedAt, page.language)}`;
  return (
    <Layout page={page} title={t('digital_id.verify.title')}>
      <h1>{t('digital_id.verify.title')}</h1>
      {props.inputError && <ErrorSummary t={t} fields={[{ id: 'token', messages: [props.inputError] }]} />}
      {outcome?.valid === true && (
        <section class="panel panel-success" role="status" aria-labelledby="verdict">
          <h2 id="verdict">{t('digital_id.verify.valid')}</h2>
          <dl class="id-card-fields">
            <div>
              <dt>{t('digital_id.name_ar')}</dt>
              <dd lang="ar" dir="rtl">
                {outcome.claims.name_ar}
              </dd>
            </div>
            <div>
              <dt>{t('digital_id.name_en')}</dt>
              <dd lang="en" dir="ltr">
                {outcome.claims.name_en}
              </dd>
            </div>
            <div>
              <dt>{t('digital_id.number')}</dt>
              <dd>
                <bdi dir="ltr">{outcome.claims.id_masked}</bdi> — {t(`digital_id.kind.${outcome.claims.id_kind}`)}
              </dd>
            </div>
            <div>
              <dt>{t('digital_id.nationality')}</dt>
              <dd>{countryName(outcome.claims.nationality, page.language)}</dd>
            </div>
            <div>
              <dt>{t('digital_id.birth_date')}</dt>
              <dd>
                <DateBoth page={page} iso={outcome.claims.birth_date} />
              </dd>
            </div>
            <div>
              <dt>{t('digital_id.expiry')}</dt>
              <dd>
                <DateBoth page={page} iso={outcome.claims.document_expiry} />
              </dd>
            </div>
            <div>
              <dt>{t('digital_id.verify.code_valid_until')}</dt>
              <dd>{formatTime(outcome.expiresAt, page.language)}</dd>
            </div>
          </dl>
          <p class="field-hint">{t('digital_id.verify.compare')}</p>
        </section>
      )}
      {outcome?.valid === false && (
        <section class="panel panel-invalid" role="alert" aria-labelledby="verdict">
          <h2 id="verdict">{t('digital_id.verify.invalid')}</h2>
          <p>{t(`digital_id.verify.reason.${outcome.reason}`)}</p>
        </section>
      )}
      {outcome && <p class="field-hint">{t('digital_id.verify.checked_at', { time: checked })}</p>}
      <form method="post" action="/verify-id" class="form" novalidate>
        <CsrfField token={page.csrfToken} />
        <div class={props.inputError ? 'field field-invalid' : 'field'}>
          <label class="field-label" for="token">
            {t('digital_id.verify.paste_label')}
          </label>
          <p class="field-hint" id="token-hint">
            {t('digital_id.verify.paste_hint')}
          </p>
          {props.inputError && (
            <p class="field-error" id="token-error">
              {props.inputError}
            </p>
          )}
          <textarea
            class="input textarea"
            id="token"
            name="token"
            rows={4}
            dir="ltr"
            spellcheck={false}
            aria-invalid={props.inputError ? 'true' : undefined}
            aria-describedby={props.inputError ? 'token-hint token-error' : 'token-hint'}
          >
            {props.pasted ?? ''}
          </textarea>
        </div>
        <button type="submit" class="button">
          {t('digital_id.verify.submit')}
        </button>
      </form>
      <p>
        {t('digital_id.verify.offline')} <a href="/.well-known/absher-id-keys.json">{t('digital_id.verify.keys_link')}</a>
      </p>
    </Layout>
  );
}
