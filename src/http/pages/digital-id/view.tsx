// The holder's digital ID card: names in Arabic and English, the masked ID number, a photo (or a
// placeholder), the document's expiry in Hijri and Gregorian, and the QR code a verifier scans.
// Guarantees: no full ID number on the page; the QR's expiry is stated in words; the page works
// without JavaScript (a link draws a fresh code); with it, public/js/digital-id.js renews the code.
import type { DigitalIdCard } from '../../../core/digital-id/digital-id-service.ts';
import { Layout, type PageContext } from '../../shared/layout.tsx';
import { formatDate, formatTime } from '../../shared/dates.ts';
import { riyadhStartOf } from '../../../core/services/sectors/calendar.ts';
import { countryName } from './countries.ts';

export function DateBoth(props: { page: PageContext; iso: string }) {
  const { gregorian, hijri } = formatDate(riyadhStartOf(props.iso), props.page.language);
  return (
    <span class="dates">
      <span>{hijri}</span> <span class="date-secondary">({gregorian})</span>
    </span>
  );
}

export function DigitalIdView(props: { page: PageContext; card: DigitalIdCard; qr: string; token: string; expiresAt: Date; validityMinutes: number }) {
  const { page, card, qr, expiresAt } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('digital_id.title')} scripts={['/static/js/digital-id.js']}>
      <h1>{t('digital_id.title')}</h1>
      <section class="id-card" aria-labelledby="id-card-name">
        <div class="id-card-head">
          <p class="id-card-issuer">{t('digital_id.issuer')}</p>
          <p class="id-card-kind">{t(`digital_id.kind.${card.idKind}`)}</p>
        </div>
        <div class="id-card-body">
          {card.photoId ? (
            <img class="id-card-photo" src="/digital-id/photo" alt={t('digital_id.photo_alt')} width={96} height={120} />
          ) : (
            <div class="id-card-photo id-card-photo-placeholder" role="img" aria-label={t('digital_id.photo_placeholder')}>
              <span aria-hidden="true">{t('app.mark')}</span>
            </div>
          )}
          <dl class="id-card-fields">
            <div>
              <dt>{t('digital_id.name_ar')}</dt>
              <dd id={page.language === 'ar' ? 'id-card-name' : undefined} lang="ar" dir="rtl">
                {card.nameAr}
              </dd>
            </div>
            <div>
              <dt>{t('digital_id.name_en')}</dt>
              <dd id={page.language === 'en' ? 'id-card-name' : undefined} lang="en" dir="ltr">
                {card.nameEn}
              </dd>
            </div>
            <div>
              <dt>{t('digital_id.number')}</dt>
              <dd>
                <bdi dir="ltr">{card.idMasked}</bdi>
              </dd>
            </div>
            <div>
              <dt>{t('digital_id.nationality')}</dt>
              <dd>{countryName(card.nationality, page.language)}</dd>
            </div>
            <div>
              <dt>{t('digital_id.birth_date')}</dt>
              <dd>
                <DateBoth page={page} iso={card.birthDate} />
              </dd>
            </div>
            <div>
              <dt>{t('digital_id.expiry')}</dt>
              <dd>
                <DateBoth page={page} iso={card.documentExpiry} />{' '}
                <strong class={`status status-${card.documentStatus}`}>{t(`digital_id.status.${card.documentStatus}`)}</strong>
              </dd>
            </div>
          </dl>
        </div>
      </section>
      <section class="qr-panel" aria-labelledby="qr-title">
        <h2 id="qr-title">{t('digital_id.qr_title')}</h2>
        <img class="qr" src={qr} alt={t('digital_id.qr_alt')} width={240} height={240} data-expires-at={expiresAt.toISOString()} />
        <p class="field-hint" id="qr-expiry">
          {t('digital_id.qr_expires', { time: formatTime(expiresAt, page.language), minutes: props.validityMinutes })}
        </p>
        <p class="visually-hidden" id="qr-status" role="status" data-renewed={t('digital_id.qr_renewed')}></p>
        <p>{t('digital_id.qr_explain')}</p>
        <p class="actions">
          <a class="button" href="/digital-id">
            {t('digital_id.refresh')}
          </a>
          <a class="button button-secondary" href={`/verify-id?token=${props.token}`} data-verify-link>
            {t('digital_id.open_verify')}
          </a>
        </p>
      </section>
      <p>
        <a href="/account">{t('digital_id.back')}</a>
      </p>
    </Layout>
  );
}
