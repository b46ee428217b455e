// Single sign-on end to end with a real relying party (openid-client) against the running provider:
// discovery, authorization code + PKCE through our own sign-in pages and the consent screen, token,
// userinfo, refresh, an existing Absher session reused, prompt=login, max_age, acr_values, and
// RP-initiated logout with back-channel logout.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import * as client from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startOidcTestPlatform, BrowserAgent, csrfOf, signInOnPages, type OidcTestPlatform } from './support.ts';
import { registerCompletely } from '../helpers/registration.ts';
import { activateForTest } from '../helpers/activation.ts';

const portalSecret = 'test-portal-secret-0123456789-abcdefghijklmnop';

describe('authorization code + PKCE with openid-client', () => {
  let platform: OidcTestPlatform;
  let relyingParty: Server;
  let rpBase: string;
  const logoutTokens: string[] = [];
  let config: client.Configuration;
  let person: { login: string; password: string; mobile: string; accountId: string };

  before(async () => {
    platform = await startOidcTestPlatform();
    relyingParty = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        if (request.url === '/backchannel') logoutTokens.push(new URLSearchParams(body).get('logout_token') ?? '');
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => relyingParty.listen(0, '127.0.0.1', resolve));
    const address = relyingParty.address();
    rpBase = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    await platform.oidc.clients.register({
      clientId: 'test-portal',
      kind: 'portal',
      partner: null,
      name: 'Test portal',
      redirectUris: [`${rpBase}/cb`],
      postLogoutRedirectUris: [`${rpBase}/`],
      backchannelLogoutUri: `${rpBase}/backchannel`,
      scopes: ['openid', 'profile', 'absher', 'national_id', 'offline_access'],
      authMethod: 'client_secret_basic',
      jwks: null,
      fapi: false,
      secret: portalSecret,
    });
    config = await client.discovery(platform.issuer, 'test-portal', portalSecret, client.ClientSecretBasic(portalSecret), { execute: [client.allowInsecureRequests] });
    const registered = await registerCompletely(platform);
    const account = await platform.store.accounts.findByUsername(String(registered.body.username));
    person = { login: String(registered.body.username), password: String(registered.body.password), mobile: registered.mobile, accountId: account!.id };
  });

  after(async () => {
    relyingParty.close();
    await platform.close();
  });

  async function authorize(agent: BrowserAgent, parameters: Record<string, string> = {}) {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: `${rpBase}/cb`,
      scope: 'openid profile absher',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...parameters,
    });
    return { verifier, state, nonce, page: await agent.follow(url.href) };
  }

  async function consentIfAsked(agent: BrowserAgent, page: Awaited<ReturnType<BrowserAgent['follow']>>) {
    if (!page.url.includes('/sso/') || page.status !== 200 || !page.body.includes('name="decision"')) return page;
    const uid = page.url.match(/\/sso\/([^/?]+)/)![1];
    return agent.follow(`/sso/${uid}/consent`, { form: { _csrf: csrfOf(page.body), decision: 'allow' } });
  }

  async function signInAndConsent(agent: BrowserAgent, parameters: Record<string, string> = {}) {
    const started = await authorize(agent, parameters);
    let page = started.page;
    if (page.url.includes('/login')) page = await signInOnPages(platform, agent, page, person);
    page = await consentIfAsked(agent, page);
    // After a sign-in with consent already given, a "continue" page stands in for the redirect.
    const continueHref = page.body.match(/href="([^"]+)" data-auto-continue/)?.[1]?.replaceAll('&amp;', '&');
    if (continueHref) page = await agent.follow(continueHref);
    assert.ok(page.location?.startsWith(`${rpBase}/cb`), `expected a redirect to the portal, got ${page.status} ${page.url} → ${page.location}`);
    return { ...started, callback: new URL(page.location!) };
  }

  test('when the portal reads discovery, then it finds the issuer, code flow only and S256 only', async () => {
    const metadata = config.serverMetadata();
    assert.equal(metadata.issuer, platform.issuer.href);
    assert.deepEqual(metadata.response_types_supported, ['code']);
    assert.deepEqual(metadata.code_challenge_methods_supported, ['S256']);
    assert.ok(metadata.acr_values_supported?.includes('urn:absher:acr:active'));
    assert.deepEqual(metadata.ui_locales_supported, ['ar', 'en']);
    assert.ok(metadata.end_session_endpoint);
    assert.equal(metadata.backchannel_logout_supported, true);
    assert.ok(metadata.subject_types_supported?.includes('pairwise'));
    assert.ok(metadata.pushed_authorization_request_endpoint);
    assert.ok(metadata.dpop_signing_alg_values_supported?.includes('ES256'));
  });

  test('when a person signs in through our pages and agrees, then the portal gets tokens, claims, userinfo and a refresh', async () => {
    const agent = new BrowserAgent(platform.baseUrl);
    const { verifier, state, nonce, callback } = await signInAndConsent(agent, { scope: 'openid profile absher national_id offline_access', prompt: 'consent', ui_locales: 'en' });
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    const claims = tokens.claims()!;
    assert.equal(claims.acr, 'urn:absher:acr:registered');
    assert.notEqual(claims.sub, person.accountId, 'the subject is pairwise, not the account id');
    assert.ok(typeof claims.auth_time === 'number');
    assert.ok(tokens.refresh_token, 'offline_access gives a refresh token');

    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.equal(userinfo.account_level, 'registered');
    assert.ok(typeof userinfo.name_ar === 'string' && typeof userinfo.name_en === 'string');
    assert.match(String(userinfo.birthdate), /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(userinfo.nationality && userinfo.person_type);
    assert.match(String(userinfo.national_id), /^[1-4]\d{9}$/);

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    assert.ok(refreshed.access_token);
    assert.notEqual(refreshed.refresh_token, tokens.refresh_token, 'refresh tokens rotate');
    await assert.rejects(client.refreshTokenGrant(config, tokens.refresh_token!), (error: client.ResponseBodyError) => error.error === 'invalid_grant');
  });

  test('when the person already has an Absher session, then a second sign-in needs no password and no consent again', async () => {
    const agent = new BrowserAgent(platform.baseUrl);
    const first = await signInAndConsent(agent);
    await client.authorizationCodeGrant(config, first.callback, { pkceCodeVerifier: first.verifier, expectedState: first.state, expectedNonce: first.nonce });
    const again = await authorize(agent);
    assert.ok(again.page.location?.startsWith(`${rpBase}/cb`), 'straight back to the portal');
    const tokens = await client.authorizationCodeGrant(config, new URL(again.page.location!), { pkceCodeVerifier: again.verifier, expectedState: again.state, expectedNonce: again.nonce });
    assert.ok(tokens.access_token);
  });

  test('when the portal asks for prompt=login or a max_age the session is older than, then the person signs in again', async () => {
    const agent = new BrowserAgent(platform.baseUrl);
    const first = await signInAndConsent(agent);
    const firstTokens = await client.authorizationCodeGrant(config, first.callback, { pkceCodeVerifier: first.verifier, expectedState: first.state, expectedNonce: first.nonce });

    const forced = await authorize(agent, { prompt: 'login' });
    assert.match(forced.page.url, /\/login\?/, 'prompt=login shows the sign-in form even with a live session');
    platform.clock.advanceSeconds(5);
    const second = await signInAndConsent(agent, { prompt: 'login' });
    const secondTokens = await client.authorizationCodeGrant(config, second.callback, { pkceCodeVerifier: second.verifier, expectedState: second.state, expectedNonce: second.nonce });
    assert.ok(Number(secondTokens.claims()!.auth_time) > Number(firstTokens.claims()!.auth_time));

    platform.clock.advanceSeconds(120);
    const aged = await authorize(agent, { max_age: '60' });
    assert.match(aged.page.url, /\/login\?/, 'a session older than max_age is not enough');
    const fresh = await authorize(agent, { max_age: '3600' });
    assert.ok(fresh.page.location?.startsWith(`${rpBase}/cb`), 'a session younger than max_age is enough');
  });

  test('when the portal asks for an activated account, then a registered one is refused and an active one gets acr active', async () => {
    const agent = new BrowserAgent(platform.baseUrl);
    const refused = await authorize(agent, { acr_values: 'urn:absher:acr:active' });
    let page = await signInOnPages(platform, agent, refused.page, person);
    assert.equal(page.status, 403);
    const uid = page.url.match(/\/sso\/([^/?]+)/)![1];
    const back = await agent.follow(`/sso/${uid}/return`, { form: { _csrf: csrfOf(page.body), reason: 'acr' } });
    assert.equal(new URL(back.location!).searchParams.get('error'), 'unmet_authentication_requirements');

    await activateForTest(platform, person.accountId);
    const granted = await signInAndConsent(agent, { acr_values: 'urn:absher:acr:active' });
    const tokens = await client.authorizationCodeGrant(config, granted.callback, { pkceCodeVerifier: granted.verifier, expectedState: granted.state, expectedNonce: granted.nonce });
    assert.equal(tokens.claims()!.acr, 'urn:absher:acr:active');
    page = await agent.follow('/account');
    assert.equal(page.status, 200);
  });

  test('when the person declines on the consent screen, then the portal gets access_denied', async () => {
    const agent = new BrowserAgent(platform.baseUrl);
    const started = await authorize(agent, { ui_locales: 'ar' });
    const consent = await signInOnPages(platform, agent, started.page, person);
    assert.match(consent.body, /<html lang="ar" dir="rtl">/);
    assert.match(consent.body, /Test portal/);
    const uid = consent.url.match(/\/sso\/([^/?]+)/)![1];
    const csp = consent.headers.get('content-security-policy') ?? '';
    assert.match(csp, new RegExp(`form-action 'self' ${rpBase.replaceAll('.', '\\.')}`));
    const denied = await agent.follow(`/sso/${uid}/consent`, { form: { _csrf: csrfOf(consent.body), decision: 'deny' } });
    assert.equal(new URL(denied.location!).searchParams.get('error'), 'access_denied');
  });

  test('when the person signs out of Absher itself, then the portals of that browser are told back-channel and their tokens are revoked', async () => {
    const agent = new BrowserAgent(platform.baseUrl);
    const { verifier, state, nonce, callback } = await signInAndConsent(agent);
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    const account = await agent.follow('/account');
    const before = logoutTokens.length;
    const signedOut = await agent.request('/logout', { form: { _csrf: csrfOf(account.body) } });
    assert.equal(signedOut.status, 303);
    assert.equal(logoutTokens.length, before + 1);
    const { payload } = await jwtVerify(logoutTokens.at(-1)!, createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!)), { issuer: platform.issuer.href, audience: 'test-portal' });
    assert.equal(payload.sub, tokens.claims()!.sub);
    await assert.rejects(client.fetchUserInfo(config, tokens.access_token, client.skipSubjectCheck), (error: { status?: number }) => error.status === 401);
    const again = await authorize(agent);
    assert.match(again.page.url, /\/login\?/, 'single sign-on asks to sign in again');
  });

  test('when the person signs out everywhere from the portal, then the portal is told back-channel and the Absher session ends', async () => {
    const agent = new BrowserAgent(platform.baseUrl);
    const { verifier, state, nonce, callback } = await signInAndConsent(agent);
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    const logoutUrl = client.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: `${rpBase}/`, state: 'bye' });
    const question = await agent.follow(logoutUrl.href);
    assert.equal(question.status, 200);
    const xsrf = question.body.match(/name="xsrf" value="([^"]+)"/)?.[1];
    const action = question.body.match(/id="op.logoutForm" method="post" action="([^"]+)"/)?.[1];
    const before = logoutTokens.length;
    const done = await agent.follow(action!, { form: { xsrf: xsrf!, logout: 'yes' } });
    assert.equal(done.location, `${rpBase}/?state=bye`);
    assert.equal(logoutTokens.length, before + 1);
    const { payload } = await jwtVerify(logoutTokens.at(-1)!, createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!)), { issuer: platform.issuer.href, audience: 'test-portal' });
    assert.equal(payload.sub, tokens.claims()!.sub);
    assert.ok((payload.events as Record<string, unknown>)['http://schemas.openid.net/event/backchannel-logout']);
    const account = await agent.follow('/account');
    assert.match(account.url, /\/login/, 'the Absher session ended too');
    const events = (await platform.store.audit.listForAccount(person.accountId, 200)).map((event) => event.type);
    for (const type of ['oidc.consent_given', 'oidc.portal_sign_in', 'oidc.consent_declined', 'oidc.signed_out_everywhere']) {
      assert.ok(events.includes(type), `audited: ${type}`);
    }
  });
});
