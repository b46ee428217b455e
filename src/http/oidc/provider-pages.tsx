// The provider's own pages in our look (the sign-out question, "signed out", and the error page for
// requests the provider refuses), rendered into oidc-provider's Koa context. Guarantees: the
// language follows ui_locales, then the person's language cookie, then Arabic; values are escaped
// by the renderer; the sign-out form may end only on the portal's registered post-logout origin.
import { render } from 'preact-render-to-string';
import type { VNode } from 'preact';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Language } from '../../core/store.ts';
import { isLanguage, translator } from '../../i18n/i18n.ts';
import { Layout, type PageContext } from '../shared/layout.tsx';
import type { ProviderPages } from '../../oidc/provider.ts';

const languageCookie = '__Host-absher-lang';

function languageOf(ctx: KoaContextWithOIDC): Language {
  const asked = String((ctx.oidc?.params?.ui_locales as string | undefined) ?? '')
    .split(' ')
    .map((tag) => tag.split('-')[0])
    .find(isLanguage);
  if (asked) return asked;
  const remembered = ctx.cookies.get(languageCookie, { signed: false });
  return isLanguage(remembered) ? remembered : 'ar';
}

function pageOf(ctx: KoaContextWithOIDC): PageContext {
  const language = languageOf(ctx);
  return { language, t: translator(language), currentUrl: ctx.originalUrl ?? ctx.url };
}

function send(ctx: KoaContextWithOIDC, page: VNode): void {
  ctx.type = 'html';
  ctx.set('cache-control', 'no-store');
  ctx.body = `<!doctype html>${render(page)}`;
}

export function providerPages(): ProviderPages {
  return {
    logout(ctx, form) {
      const page = pageOf(ctx);
      const { t } = page;
      const target = ctx.oidc.params?.post_logout_redirect_uri;
      const csp = ctx.response.get('content-security-policy');
      if (typeof target === 'string' && csp) ctx.set('content-security-policy', csp.replace("form-action 'self'", `form-action 'self' ${new URL(target).origin}`));
      send(
        ctx,
        <Layout page={page} title={t('oidc.logout.title')}>
          <h1>{t('oidc.logout.title')}</h1>
          <p class="lead">{t('oidc.logout.lead')}</p>
          <div dangerouslySetInnerHTML={{ __html: form }} />
          <p class="actions">
            <button class="button" type="submit" form="op.logoutForm" name="logout" value="yes">
              {t('oidc.logout.everywhere')}
            </button>
            <button class="button button-secondary" type="submit" form="op.logoutForm">
              {t('oidc.logout.portal_only')}
            </button>
          </p>
        </Layout>,
      );
    },
    loggedOut(ctx) {
      const page = pageOf(ctx);
      const { t } = page;
      send(
        ctx,
        <Layout page={page} title={t('oidc.logged_out.title')}>
          <h1>{t('oidc.logged_out.title')}</h1>
          <p class="lead">{t('oidc.logged_out.lead')}</p>
          <p>
            <a class="button" href="/">
              {t('page_error.home')}
            </a>
          </p>
        </Layout>,
      );
    },
    error(ctx, out) {
      const page = pageOf(ctx);
      const { t } = page;
      send(
        ctx,
        <Layout page={page} title={t('oidc.error.title')}>
          <h1>{t('oidc.error.title')}</h1>
          <p class="lead">{t('oidc.error.lead')}</p>
          <p>{t('oidc.error.code', { code: out.error })}</p>
          {out.error_description ? <p lang="en" dir="ltr">{out.error_description}</p> : null}
          <p>
            <a class="button" href="/">
              {t('page_error.home')}
            </a>
          </p>
        </Layout>,
      );
    },
  };
}
