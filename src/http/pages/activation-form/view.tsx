// The activation-form page of a signed-in holder: the reference to bring to an activation centre,
// its QR code, how long it is valid, the PDF to print and where the centres are. An account that
// is not `registered` is told it needs no form. Works without JavaScript.
import type { ActivationForm } from '../../../core/activation-form/service.ts';
import type { AccountStatus } from '../../../core/store.ts';
import { displayReference } from '../../../core/activation-form/reference.ts';
import { Layout, type PageContext } from '../../shared/layout.tsx';
import { formatDate } from '../../shared/dates.ts';

export function ActivationFormView(props: { page: PageContext; form: ActivationForm; qrDataUri: string }) {
  const { page, form } = props;
  const { t, language } = page;
  const expires = formatDate(form.expiresAt, language);
  return (
    <Layout page={page} title={t('activation_form.title')}>
      <link rel="stylesheet" href="/static/css/backoffice.css" />
      <h1>{t('activation_form.title')}</h1>
      <p class="lead">{t('activation_form.intro')}</p>
      <section class="panel" aria-labelledby="reference-title">
        <h2 id="reference-title">{t('activation_form.reference')}</h2>
        <p class="reference">
          <bdi dir="ltr" data-reference={form.reference}>
            {displayReference(form.reference)}
          </bdi>
        </p>
        <img class="qr" src={props.qrDataUri} alt={t('activation_form.qr_alt', { reference: displayReference(form.reference) })} width={192} height={192} />
        <p>{t('activation_form.valid_until', { gregorian: expires.gregorian, hijri: expires.hijri })}</p>
        <p>
          <a class="button" href="/activation-form.pdf" download>
            {t('activation_form.download')}
          </a>
        </p>
      </section>
      <h2>{t('activation_form.how_title')}</h2>
      <ol>
        <li>{t('activation_form.pdf.step1')}</li>
        <li>{t('activation_form.pdf.step2')}</li>
        <li>{t('activation_form.pdf.step3')}</li>
      </ol>
      <p>
        <a href="/centres">{t('activation_form.find_centre')}</a>
      </p>
      <p>
        <a href="/account">{t('account.back')}</a>
      </p>
    </Layout>
  );
}

export function NoFormNeededView(props: { page: PageContext; status: AccountStatus }) {
  const { page } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('activation_form.title')}>
      <h1>{t('activation_form.title')}</h1>
      <p class="lead">{t(`activation_form.not_needed.${props.status}`)}</p>
      <p>
        <a href="/account">{t('account.back')}</a>
      </p>
    </Layout>
  );
}
