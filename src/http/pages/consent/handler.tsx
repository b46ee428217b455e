// The provider's interaction pages (/sso/:uid): the login prompt hands over to our own sign-in
// (/login → code → back here) or uses the person's live Absher session; the consent prompt shows
// what the portal will receive. Guarantees: no second sign-in implementation; the interaction is
// bound to its cookie (a uid without it is "expired"); consent is given only by the same account
// that is signed in to Absher; every form carries CSRF; the forms that end at the portal allow its
// origin (and only its) as a form target; a sign-in form never ends on another origin (a
// "continue" step follows it instead).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import { errors } from 'oidc-provider';
import type { OidcHttp } from '../../../oidc/compose.ts';
import { AppError } from '../../../core/errors.ts';
import { isLanguage } from '../../../i18n/i18n.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { decideLogin, scopesToList, type ReauthMarker } from '../../../oidc/interaction.ts';
import { AcrRefusedView, ConsentView, ContinueView } from './view.tsx';

type Interaction = Awaited<ReturnType<OidcHttp['provider']['interactionDetails']>>;
type ProviderClient = NonNullable<Awaited<ReturnType<OidcHttp['provider']['Client']['find']>>>;

export function ssoPages(app: FastifyInstance, deps: HttpDependencies, oidc: OidcHttp): void {
  const { provider } = oidc;

  const load = async (request: FastifyRequest, reply: FastifyReply): Promise<{ details: Interaction; client: ProviderClient }> => {
    const { uid } = request.params as { uid: string };
    let details: Interaction;
    try {
      details = await provider.interactionDetails(request.raw, reply.raw);
    } catch (error) {
      // No interaction cookie, or its interaction expired or was used: the portal must start again.
      if (error instanceof errors.SessionNotFound) throw new AppError('oidc.interaction_expired');
      throw error;
    }
    const client = await provider.Client.find(String(details.params.client_id ?? ''));
    if (details.uid !== uid || !client) throw new AppError('oidc.interaction_expired');
    // The portal's ui_locales choose the language unless the person picked one here (?lang=).
    if (!isLanguage((request.query as Record<string, unknown>).lang)) {
      const asked = String(details.params.ui_locales ?? '')
        .split(' ')
        .map((tag) => tag.split('-')[0])
        .find(isLanguage);
      if (asked) request.language = asked;
    }
    return { details, client };
  };

  const clientName = (client: ProviderClient) => client.clientName ?? client.clientId;

  /** The page's forms may end at the portal: allow its redirect origins as form targets, and nothing else. */
  const allowPortalFormTarget = (reply: FastifyReply, client: ProviderClient) => {
    const origins = [...new Set((client.redirectUris ?? []).map((uri) => new URL(uri).origin))];
    const current = reply.getHeader('content-security-policy');
    if (typeof current === 'string' && origins.length > 0) {
      reply.header('content-security-policy', current.replace("form-action 'self'", `form-action 'self' ${origins.join(' ')}`));
    }
  };

  const finish = async (request: FastifyRequest, reply: FastifyReply, result: Record<string, unknown>) => {
    const returnTo = await provider.interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: false });
    return reply.redirect(returnTo, 303);
  };

  app.get('/sso/:uid', async (request, reply) => {
    const { details, client } = await load(request, reply);
    const { uid } = request.params as { uid: string };
    const auth = request.auth;

    if (details.prompt.name === 'login') {
      const marker = ((details.result as Record<string, unknown> | undefined)?.absher_reauth ?? null) as ReauthMarker | null;
      const decision = decideLogin({
        auth: auth ? { accountId: auth.account.id, status: auth.account.status, sessionId: auth.session.id, signedInAt: auth.session.createdAt } : null,
        params: details.params as Record<string, string | undefined>,
        marker,
        now: deps.clock.now(),
      });
      if (decision.kind === 'sign_in') {
        details.result = { absher_reauth: { since: deps.clock.now().toISOString(), previousSessionId: auth?.session.id ?? null } satisfies ReauthMarker };
        await details.persist();
        const next = encodeURIComponent(`/sso/${uid}?after=login`);
        return reply.redirect(`/login?next=${next}&lang=${request.language}${decision.reauth ? '&reauth=1' : ''}`, 303);
      }
      if (decision.kind === 'refuse') {
        allowPortalFormTarget(reply, client);
        return sendPage(reply, <AcrRefusedView page={pageContext(request, reply)} uid={uid} clientName={clientName(client)} />, 403);
      }
      const returnTo = await provider.interactionResult(request.raw, reply.raw, { login: decision.login }, { mergeWithLastSubmission: false });
      // Straight after our sign-in form, a redirect chain may not end on the portal's origin (the
      // sign-in page's form-action is 'self'): when the provider is likely to go straight there
      // (consent already given in this session), a "continue" step takes the place of the redirect.
      if ((request.query as Record<string, unknown>).after === 'login' && details.grantId) {
        return sendPage(reply, <ContinueView page={pageContext(request, reply, false)} clientName={clientName(client)} href={returnTo} />);
      }
      return reply.redirect(returnTo, 303);
    }

    if (details.prompt.name === 'consent') {
      // Consent comes only from the account signed in to Absher now; otherwise the provider starts over (and asks to sign in).
      if (!auth || auth.account.id !== details.session?.accountId) return finish(request, reply, {});
      const allowed = String(client.scope ?? '').split(' ');
      const requested = String(details.params.scope ?? '')
        .split(' ')
        .filter((scope) => allowed.includes(scope));
      allowPortalFormTarget(reply, client);
      return sendPage(
        reply,
        <ConsentView page={pageContext(request, reply)} uid={uid} clientName={clientName(client)} username={auth.account.username} scopes={scopesToList(requested)} />,
      );
    }
    throw new AppError('oidc.interaction_expired');
  });

  app.post('/sso/:uid/consent', { preHandler: app.csrfProtection }, async (request, reply) => {
    const { details } = await load(request, reply);
    const auth = request.auth;
    if (details.prompt.name !== 'consent' || !auth || auth.account.id !== details.session?.accountId) return finish(request, reply, {});
    const decision = (request.body as Record<string, unknown> | undefined)?.decision;
    if (decision !== 'allow') {
      await oidc.audit({ type: 'oidc.consent_declined', accountId: auth.account.id, actor: 'person', data: { client: String(details.params.client_id) } });
      return finish(request, reply, { error: 'access_denied', error_description: 'the person did not agree to share their details' });
    }
    const accountId = auth.account.id;
    const clientId = String(details.params.client_id);
    const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId, clientId });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
    const grantId = await grant.save();
    await oidc.audit({ type: 'oidc.consent_given', accountId, actor: 'person', data: { client: clientId, scopes: missing.missingOIDCScope ?? [] } });
    return finish(request, reply, { consent: { grantId } });
  });

  app.post('/sso/:uid/return', { preHandler: app.csrfProtection }, async (request, reply) => {
    await load(request, reply);
    return finish(request, reply, { error: 'unmet_authentication_requirements', error_description: 'the account level asked for is not met' });
  });
}
