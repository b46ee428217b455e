// The page frame every citizen page shares: language and direction on <html>, a skip link, the
// 72 px header with the platform name and the language switch, the main landmark and the footer.
// Guarantees: no inline script or style (the CSP forbids them); every page has one <h1> via `title`.
import type { ComponentChildren } from 'preact';
import type { Language } from '../../core/store.ts';
import type { Translator } from '../../i18n/i18n.ts';
import { direction } from './request-context.ts';

export type PageContext = {
  language: Language;
  t: Translator;
  /** The current path and query, for the language switch to come back to. */
  currentUrl: string;
  csrfToken?: string;
};

export function Layout(props: { page: PageContext; title: string; children: ComponentChildren; scripts?: string[] }) {
  const { language, t } = props.page;
  return (
    <html lang={language} dir={direction(language)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — ${t('app.name')}`}</title>
        <link rel="icon" href={favicon} />
        <link rel="stylesheet" href="/static/css/site.css" />
        {(props.scripts ?? []).map((src) => (
          <script type="module" src={src} />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('layout.skip_to_content')}
        </a>
        <SiteHeader page={props.page} home="/" name={t('app.name')} />
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

/** The platform mark as a tiny SVG (a data: image, which the CSP allows), so no page asks for a missing /favicon.ico. */
const favicon = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1B8354"/><path d="M9 24l7-16 7 16M12 18h8" stroke="#fff" stroke-width="3" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>',
)}`;

/** The header bar: the mark and name linking home, and the switch to the other language. */
export function SiteHeader(props: { page: PageContext; home: string; name: string }) {
  const { language, t, currentUrl } = props.page;
  const other: Language = language === 'ar' ? 'en' : 'ar';
  return (
    <header class="site-header">
      <div class="container header-inner">
        <a class="brand" href={props.home}>
          <span class="brand-mark" aria-hidden="true">
            {t('app.mark')}
          </span>
          <span class="brand-name">{props.name}</span>
        </a>
        <nav aria-label={t('layout.language_navigation')}>
          <a class="language-switch" href={switchLanguageHref(currentUrl, other)} lang={other} hreflang={other}>
            {t(`language.${other}`)}
          </a>
        </nav>
      </div>
    </header>
  );
}

export function switchLanguageHref(currentUrl: string, language: Language): string {
  const url = new URL(currentUrl, 'http://local');
  url.searchParams.set('lang', language);
  return `${url.pathname}${url.search}`;
}
