// The single sign-on pages of an interaction: the consent screen (what the portal will receive, in
// the person's language), the "continue to the portal" step after a sign-in, and the refusal when
// the portal asks for an account level the person does not have. Work without JavaScript; no inline
// script or style; every form carries the CSRF token.
import { CsrfField } from '../../shared/forms.tsx';
import { Layout, type PageContext } from '../../shared/layout.tsx';

export type ConsentViewModel = {
  page: PageContext;
  uid: string;
  clientName: string;
  username: string;
  /** Scopes to list, in display order (see oidc/interaction.ts). */
  scopes: string[];
};

export function ConsentView(model: ConsentViewModel) {
  const { page } = model;
  const { t } = page;
  const title = t('oidc.consent.title', { client: model.clientName });
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      <p class="lead">{t('oidc.consent.lead', { client: model.clientName })}</p>
      <ul class="panel">
        {model.scopes.map((scope) => (
          <li>{t(`oidc.scope.${scope}`)}</li>
        ))}
      </ul>
      <p>{t('oidc.consent.signed_in_as', { username: model.username })}</p>
      <p class="field-hint">{t('oidc.consent.note')}</p>
      <form method="post" action={`/sso/${model.uid}/consent`} class="actions">
        <CsrfField token={page.csrfToken} />
        <button class="button" type="submit" name="decision" value="allow">
          {t('oidc.consent.allow')}
        </button>
        <button class="button button-secondary" type="submit" name="decision" value="deny">
          {t('oidc.consent.deny')}
        </button>
      </form>
    </Layout>
  );
}

export function ContinueView(props: { page: PageContext; clientName: string; href: string }) {
  const { t } = props.page;
  return (
    <Layout page={props.page} title={t('oidc.continue.title')} scripts={['/static/js/sso-continue.js']}>
      <h1>{t('oidc.continue.title')}</h1>
      <p class="lead">{t('oidc.continue.lead', { client: props.clientName })}</p>
      <p class="actions">
        <a class="button" href={props.href} data-auto-continue="">
          {t('oidc.continue.button', { client: props.clientName })}
        </a>
      </p>
    </Layout>
  );
}

export function AcrRefusedView(props: { page: PageContext; uid: string; clientName: string }) {
  const { page } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('oidc.acr.title')}>
      <h1>{t('oidc.acr.title')}</h1>
      <p class="lead">{t('oidc.acr.lead', { client: props.clientName })}</p>
      <form method="post" action={`/sso/${props.uid}/return`} class="actions">
        <CsrfField token={page.csrfToken} />
        <a class="button" href="/account">
          {t('oidc.acr.activate')}
        </a>
        <button class="button button-secondary" type="submit" name="reason" value="acr">
          {t('oidc.acr.back', { client: props.clientName })}
        </button>
      </form>
    </Layout>
  );
}
