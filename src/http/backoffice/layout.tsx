// The back office's page frame: the platform's look (same stylesheet and fonts) with its own name,
// the signed-in officer and role, the navigation their role allows, the language switch and
// sign-out. Guarantees: no inline script or style; one <h1> per page via `title`; the menu shows
// only what the role may do (the core refuses the rest anyway).
import type { ComponentChildren } from 'preact';
import type { PageContext } from '../shared/layout.tsx';
import { SiteHeader } from '../shared/layout.tsx';
import { direction } from '../shared/request-context.ts';
import { CsrfField } from '../shared/forms.tsx';
import type { OfficerPrincipal } from '../../core/backoffice/officer-auth.ts';
import { can } from '../../core/backoffice/roles.ts';

export type OfficePage = PageContext & { officer: OfficerPrincipal | null };

export function OfficeLayout(props: { page: OfficePage; title: string; children: ComponentChildren }) {
  const { language, t, officer } = props.page;
  return (
    <html lang={language} dir={direction(language)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} — ${t('backoffice.name')}`}</title>
        <link rel="stylesheet" href="/static/css/site.css" />
        <link rel="stylesheet" href="/static/css/backoffice.css" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('layout.skip_to_content')}
        </a>
        <SiteHeader page={props.page} home="/backoffice" name={t('backoffice.name')} />
        {officer && (
          <nav class="container office-nav" aria-label={t('backoffice.nav.label')}>
            <p class="field-hint">{t('backoffice.signed_in_as', { name: officer.displayName, role: t(`backoffice.role.${officer.role}`) })}</p>
            <ul class="office-links">
              {can(officer.role, 'search') && (
                <li>
                  <a href="/backoffice/search">{t('backoffice.nav.search')}</a>
                </li>
              )}
              {can(officer.role, 'activate_by_form') && (
                <li>
                  <a href="/backoffice/forms">{t('backoffice.nav.forms')}</a>
                </li>
              )}
              {can(officer.role, 'manage_officers') && (
                <li>
                  <a href="/backoffice/officers">{t('backoffice.nav.officers')}</a>
                </li>
              )}
              <li>
                <form method="post" action="/backoffice/logout" class="inline-form">
                  <CsrfField token={props.page.csrfToken} />
                  <button type="submit" class="button button-secondary">
                    {t('backoffice.sign_out')}
                  </button>
                </form>
              </li>
            </ul>
          </nav>
        )}
        <main id="main" class="container" tabIndex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="container">
            <p>{t('backoffice.footer')}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
