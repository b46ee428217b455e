// The portal's pages, rendered on the server with Preact: the frame (language and direction on
// <html>, skip link, header with the language switch), the home page with "sign in with Absher",
// the national profile of the claims received, and the problem page. Guarantees: no inline script
// or style (the CSP forbids them), every value escaped by the renderer, one <h1> a page, and every
// action a link or a form that works without JavaScript.
import type { ComponentChildren } from 'preact';
import { direction, formatCalendarDate, formatInstant, hasPortalMessage, type Language, type Translator } from './i18n.ts';

export type PageContext = { language: Language; t: Translator; currentUrl: string; csrfToken?: string };

export function Layout(props: { page: PageContext; title: string; children: ComponentChildren }) {
  const { language, t } = props.page;
  const other: Language = language === 'ar' ? 'en' : 'ar';
  return (
    <html lang={language} dir={direction(language)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — ${t('app.name')}`}</title>
        <link rel="icon" href={favicon} />
        <link rel="stylesheet" href="/static/portal.css" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('layout.skip_to_content')}
        </a>
        <header class="site-header">
          <div class="container header-inner">
            <a class="brand" href="/">
              <span class="brand-mark" aria-hidden="true">
                {t('app.mark')}
              </span>
              <span class="brand-name">{t('app.name')}</span>
            </a>
            <nav aria-label={t('layout.language_navigation')}>
              <a class="language-switch" href={switchLanguageHref(props.page.currentUrl, other)} lang={other} hreflang={other}>
                {t(`language.${other}`)}
              </a>
            </nav>
          </div>
        </header>
        <main id="main" class="container" tabIndex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="container">
            <p>{t('layout.footer')}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}

const favicon = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0E6E5C"/><path d="M8 22h16M10 22V13m4 9V13m4 9V13m4 9V13M7 12l9-5 9 5z" stroke="#fff" stroke-width="2" fill="none" stroke-linejoin="round"/></svg>',
)}`;

export function switchLanguageHref(currentUrl: string, language: Language): string {
  const url = new URL(currentUrl, 'http://local');
  url.searchParams.set('lang', language);
  // A state from Absher's logout return is single use: the switched page need not carry it.
  url.searchParams.delete('state');
  return `${url.pathname}${url.search}`;
}

/** The sign-in link styled as Absher's button: a plain link, so it works without JavaScript. */
function SignInWithAbsher(props: { t: Translator }) {
  return (
    <a class="button button-absher" href="/login">
      <span class="absher-mark" aria-hidden="true">
        {props.t('absher.mark')}
      </span>
      {props.t('home.sign_in')}
    </a>
  );
}

export function HomeView(props: { page: PageContext; signedInName?: string | undefined; notice?: 'signed_out' | undefined }) {
  const { t } = props.page;
  return (
    <Layout page={props.page} title={t('home.title')}>
      {props.notice === 'signed_out' && (
        <div class="panel panel-success" role="status">
          <p>{t('home.signed_out')}</p>
        </div>
      )}
      <h1>{t('home.title')}</h1>
      <p class="lead">{t('home.intro')}</p>
      {props.signedInName !== undefined ? (
        <>
          <p>{t('home.signed_in_as', { name: props.signedInName })}</p>
          <div class="actions">
            <a class="button" href="/profile">
              {t('home.view_profile')}
            </a>
          </div>
        </>
      ) : (
        <>
          <div class="actions">
            <SignInWithAbsher t={t} />
          </div>
          <p>
            <a href="/login?share=national_id">{t('home.sign_in_with_id')}</a>
          </p>
        </>
      )}
      <h2>{t('home.shared_title')}</h2>
      <p>{t('home.shared_body')}</p>
    </Layout>
  );
}

/** The claims a profile shows, in this order; names follow Absher's claims (and OpenID's standard ones). */
export type ProfileRow = { label: string; value: ComponentChildren; ltr?: boolean };

function claimString(claims: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = claims[name];
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}

/** A coded value (person type, account level, nationality) in words when the portal knows the code. */
function labelled(t: Translator, language: Language, group: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const id = `${group}.${value.toLowerCase()}`;
  return hasPortalMessage(language, id) ? t(id) : value;
}

export function profileRows(claims: Record<string, unknown>, page: PageContext): ProfileRow[] {
  const { t, language } = page;
  const rows: ProfileRow[] = [];
  const push = (label: string, value: ComponentChildren | undefined, ltr = false) => {
    if (value !== undefined && value !== '') rows.push({ label: t(label), value, ltr });
  };
  push('profile.name_ar', claimString(claims, 'name#ar', 'name_ar'));
  push('profile.name_en', claimString(claims, 'name#en', 'name_en', 'name'), true);
  const birthdate = claimString(claims, 'birthdate');
  if (birthdate !== undefined) {
    const dates = formatCalendarDate(birthdate, language);
    push(
      'profile.birthdate',
      dates ? (
        <>
          <span class="date-gregorian">{dates.gregorian}</span>
          <span class="date-hijri">{t('profile.hijri', { date: dates.hijri })}</span>
        </>
      ) : (
        birthdate
      ),
    );
  }
  const nationality = claimString(claims, 'nationality');
  push('profile.nationality', nationality === undefined ? undefined : nationalityName(nationality, language));
  push('profile.person_type', labelled(t, language, 'person_type', claimString(claims, 'person_type')));
  push('profile.account_level', labelled(t, language, 'account_level', claimString(claims, 'account_level')));
  push('profile.national_id', claimString(claims, 'national_id'), true);
  push('profile.id_type', labelled(t, language, 'id_type', claimString(claims, 'id_type')));
  return rows;
}

/** ISO 3166 alpha-3 codes (as the civil registry gives nationalities) to alpha-2, for Intl's region names. */
const alpha2: Record<string, string> = {
  SAU: 'SA', ARE: 'AE', BHR: 'BH', KWT: 'KW', OMN: 'OM', QAT: 'QA', EGY: 'EG', IND: 'IN', PAK: 'PK', BGD: 'BD', PHL: 'PH',
  YEM: 'YE', SDN: 'SD', IDN: 'ID', NPL: 'NP', JOR: 'JO', LKA: 'LK', GBR: 'GB', USA: 'US', SYR: 'SY', LBN: 'LB', IRQ: 'IQ',
  TUR: 'TR', ETH: 'ET', NGA: 'NG', MAR: 'MA', TUN: 'TN', DZA: 'DZ', AFG: 'AF', CHN: 'CN', FRA: 'FR', DEU: 'DE', CAN: 'CA',
};

/** A nationality code in words, in the page's language (the code itself when unknown). */
export function nationalityName(code: string, language: Language): string {
  const upper = code.toUpperCase();
  const region = upper.length === 2 ? upper : alpha2[upper];
  if (!region) return code;
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(region) ?? code;
  } catch {
    return code;
  }
}

/** The authentication context Absher reports (acr) in words. */
function acrLabel(t: Translator, language: Language, acr: string): string {
  const level = acr.startsWith('urn:absher:acr:') ? acr.slice('urn:absher:acr:'.length) : acr;
  return labelled(t, language, 'acr', level) ?? acr;
}

export function ProfileView(props: { page: PageContext; claims: Record<string, unknown> }) {
  const { t, language } = props.page;
  const rows = profileRows(props.claims, props.page);
  const nationalIdShared = claimString(props.claims, 'national_id') !== undefined;
  const authTime = typeof props.claims.auth_time === 'number' ? props.claims.auth_time : undefined;
  const acr = claimString(props.claims, 'acr');
  return (
    <Layout page={props.page} title={t('profile.title')}>
      <h1>{t('profile.title')}</h1>
      <p class="lead">{t('profile.intro')}</p>
      <dl class="summary-list" aria-label={t('profile.claims_label')}>
        {rows.map((row) => (
          <div class="summary-row">
            <dt>{row.label}</dt>
            <dd>{row.ltr ? <bdi dir="ltr">{row.value}</bdi> : row.value}</dd>
          </div>
        ))}
      </dl>
      {!nationalIdShared && <p class="hint">{t('profile.national_id_not_shared')}</p>}
      <h2>{t('profile.sign_in_title')}</h2>
      <dl class="summary-list">
        {authTime !== undefined && (
          <div class="summary-row">
            <dt>{t('profile.signed_in_at')}</dt>
            <dd>{formatInstant(authTime, language)}</dd>
          </div>
        )}
        {acr !== undefined && (
          <div class="summary-row">
            <dt>{t('profile.assurance')}</dt>
            <dd>{acrLabel(t, language, acr)}</dd>
          </div>
        )}
        <div class="summary-row">
          <dt>{t('profile.subject')}</dt>
          <dd>
            <bdi dir="ltr" class="identifier">
              {String(props.claims.sub ?? '')}
            </bdi>
          </dd>
        </div>
      </dl>
      <p class="hint">{t('profile.subject_hint')}</p>
      <form class="form form-inline" method="post" action="/logout">
        <input type="hidden" name="_csrf" value={props.page.csrfToken ?? ''} />
        <p id="sign-out-hint">{t('profile.sign_out_hint')}</p>
        <button class="button button-secondary" type="submit" aria-describedby="sign-out-hint">
          {t('profile.sign_out')}
        </button>
      </form>
    </Layout>
  );
}

export function ProblemView(props: { page: PageContext; problem: string; retry: boolean }) {
  const { t } = props.page;
  return (
    <Layout page={props.page} title={t('problem.title')}>
      <h1>{t('problem.title')}</h1>
      <div class="panel panel-error" role="alert">
        <p>{t(`problem.${props.problem}`)}</p>
      </div>
      <div class="actions">
        {props.retry && (
          <a class="button" href="/login">
            {t('problem.try_again')}
          </a>
        )}
        <a class="button button-secondary" href="/">
          {t('problem.home')}
        </a>
      </div>
    </Layout>
  );
}
