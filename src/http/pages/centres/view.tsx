// The activation centres directory: a search by city (with the cities as suggestions), the number
// found announced, and each centre's name, district, postal code, hours and telephone in the page's
// language. Works without JavaScript.
import type { Centre } from '../../../core/activation-form/centres.ts';
import { Layout, type PageContext } from '../../shared/layout.tsx';
import { TextField } from '../../shared/forms.tsx';

export function CentresView(props: { page: PageContext; query: string; centres: Centre[]; cities: Array<{ ar: string; en: string }> }) {
  const { page, centres } = props;
  const { t, language } = page;
  const local = (centre: Centre, field: 'city' | 'name' | 'district' | 'hours') => centre[`${field}${language === 'ar' ? 'Ar' : 'En'}`];
  return (
    <Layout page={page} title={t('centres.title')}>
      <link rel="stylesheet" href="/static/css/backoffice.css" />
      <h1>{t('centres.title')}</h1>
      <p class="lead">{t('centres.intro')}</p>
      <form method="get" action="/centres" class="form search-row" role="search">
        <TextField id="city" name="city" label={t('centres.search_label')} hint={t('centres.search_hint')} errors={[]} value={props.query} autocomplete="address-level2" maxLength={100} />
        <button type="submit" class="button">
          {t('centres.search')}
        </button>
      </form>
      <p role="status" class="centres-count">
        {props.query === '' ? t('centres.all', { count: centres.length }) : t('centres.found', { count: centres.length, query: props.query })}
      </p>
      {centres.length === 0 && (
        <p>
          {t('centres.none')}{' '}
          {props.cities.map((city, index) => (
            <>
              {index > 0 && t('centres.separator')}
              <a href={`/centres?city=${encodeURIComponent(language === 'ar' ? city.ar : city.en)}`}>{language === 'ar' ? city.ar : city.en}</a>
            </>
          ))}
        </p>
      )}
      <ul class="centre-list">
        {centres.map((centre) => (
          <li class="card" data-centre={centre.id}>
            <h2>{local(centre, 'name')}</h2>
            <dl class="facts">
              <dt>{t('centres.city')}</dt>
              <dd>{local(centre, 'city')}</dd>
              <dt>{t('centres.district')}</dt>
              <dd>{local(centre, 'district')}</dd>
              <dt>{t('centres.postal_code')}</dt>
              <dd>
                <bdi dir="ltr">{centre.postalCode}</bdi>
              </dd>
              <dt>{t('centres.hours')}</dt>
              <dd>{local(centre, 'hours')}</dd>
              <dt>{t('centres.phone')}</dt>
              <dd>
                <a href={`tel:${centre.phone}`}>
                  <bdi dir="ltr">{centre.phone}</bdi>
                </a>
              </dd>
            </dl>
          </li>
        ))}
      </ul>
      <p>
        <a href="/account">{t('centres.back')}</a>
      </p>
    </Layout>
  );
}
