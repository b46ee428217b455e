// What the provider refuses, seen from a real relying party (openid-client) and a browser agent:
// a redirect URI not registered, no PKCE or plain PKCE, a reused code, an expired code, tokens for
// another audience, and a portal asking for the national ID scope it was not registered with.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { startOidcTestPlatform, BrowserAgent, csrfOf, signInOnPages, discoverWithSecret, type OidcTestPlatform } from './support.ts';
import { registerCompletely } from '../helpers/registration.ts';

const secret = 'negative-portal-secret-0123456789-abcdefghijk';
const redirectUri = 'http://127.0.0.1:9/cb';

describe('what the provider refuses', () => {
  let platform: OidcTestPlatform;
  let person: { login: string; password: string; mobile: string };
  let full: client.Configuration;
  let plain: client.Configuration;
  let agent: BrowserAgent;

  before(async () => {
    platform = await startOidcTestPlatform();
    const portal = (clientId: string, scopes: string[]) =>
      platform.oidc.clients.register({
        clientId,
        kind: 'portal',
        partner: null,
        name: clientId,
        redirectUris: [redirectUri],
        postLogoutRedirectUris: [],
        backchannelLogoutUri: null,
        scopes,
        authMethod: 'client_secret_basic',
        jwks: null,
        fapi: false,
        secret,
      });
    await portal('full-portal', ['openid', 'profile', 'absher', 'national_id']);
    await portal('plain-portal', ['openid', 'profile']);
    const discover = (clientId: string) => client.discovery(platform.issuer, clientId, secret, client.ClientSecretBasic(secret), { execute: [client.allowInsecureRequests] });
    full = await discover('full-portal');
    plain = await discover('plain-portal');
    const registered = await registerCompletely(platform);
    person = { login: String(registered.body.username), password: String(registered.body.password), mobile: registered.mobile };
    agent = new BrowserAgent(platform.baseUrl);
  });

  after(async () => {
    await platform.close();
  });

  async function codeFor(config: client.Configuration, scope = 'openid profile') {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    let page = await agent.follow(url.href);
    if (page.url.includes('/login')) page = await signInOnPages(platform, agent, page, person);
    if (page.body.includes('name="decision"')) {
      const uid = page.url.match(/\/sso\/([^/?]+)/)![1];
      page = await agent.follow(`/sso/${uid}/consent`, { form: { _csrf: csrfOf(page.body), decision: 'allow' } });
    }
    const continueHref = page.body.match(/href="([^"]+)" data-auto-continue/)?.[1]?.replaceAll('&amp;', '&');
    if (continueHref) page = await agent.follow(continueHref);
    assert.ok(page.location?.startsWith(redirectUri), `expected the portal's redirect URI, got ${page.status} ${page.url}`);
    return { callback: new URL(page.location!), verifier, state };
  }

  test('when the redirect URI is not registered, then the provider shows its error page and never redirects there', async () => {
    const url = client.buildAuthorizationUrl(full, {
      redirect_uri: 'https://attacker.example/cb',
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const answer = await agent.follow(url.href);
    assert.equal(answer.status, 400);
    assert.equal(answer.location, null);
    assert.match(answer.body, /<html lang="ar" dir="rtl">/);
    assert.match(answer.body, /invalid_redirect_uri/);
  });

  test('when the request has no PKCE, or plain PKCE, or asks for a token in the front channel, then the portal gets an error', async () => {
    const withoutPkce = await agent.follow(client.buildAuthorizationUrl(full, { redirect_uri: redirectUri, scope: 'openid' }).href);
    const refused = new URL(withoutPkce.location!);
    assert.equal(refused.searchParams.get('error'), 'invalid_request');
    assert.match(refused.searchParams.get('error_description') ?? '', /PKCE/);

    const plainPkce = await agent.follow(
      client.buildAuthorizationUrl(full, { redirect_uri: redirectUri, scope: 'openid', code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }).href,
    );
    assert.equal(new URL(plainPkce.location!).searchParams.get('error'), 'invalid_request');

    const implicit = await agent.follow(
      client.buildAuthorizationUrl(full, { redirect_uri: redirectUri, scope: 'openid', response_type: 'id_token token', nonce: 'n' }).href,
    );
    const implicitError = implicit.location ? new URL(implicit.location.replace('#', '?')).searchParams.get('error') : implicit.body;
    assert.match(String(implicitError), /unsupported_response_type|invalid_request/);
  });

  test('when a code is used twice, then the second exchange fails and the tokens of the first are revoked', async () => {
    const { callback, verifier, state } = await codeFor(full);
    const tokens = await client.authorizationCodeGrant(full, callback, { pkceCodeVerifier: verifier, expectedState: state });
    await assert.rejects(client.authorizationCodeGrant(full, callback, { pkceCodeVerifier: verifier, expectedState: state }), (error: client.ResponseBodyError) => error.error === 'invalid_grant');
    await assert.rejects(client.fetchUserInfo(full, tokens.access_token, client.skipSubjectCheck), (error: { status?: number }) => error.status === 401);
  });

  test('when a code is exchanged with a wrong verifier, then it is refused', async () => {
    const { callback, state } = await codeFor(full);
    await assert.rejects(
      client.authorizationCodeGrant(full, callback, { pkceCodeVerifier: client.randomPKCECodeVerifier(), expectedState: state }),
      (error: client.ResponseBodyError) => error.error === 'invalid_grant',
    );
  });

  test('when a code is exchanged after it expired (60 s), then it is refused', async () => {
    const { callback, verifier, state } = await codeFor(full);
    platform.clock.advanceSeconds(61);
    await assert.rejects(client.authorizationCodeGrant(full, callback, { pkceCodeVerifier: verifier, expectedState: state }), (error: client.ResponseBodyError) => error.error === 'invalid_grant');
  });

  test('when a code issued to one portal is exchanged by another, then it is refused', async () => {
    const { callback, verifier } = await codeFor(full);
    const other = await client.discovery(platform.issuer, 'plain-portal', secret, client.ClientSecretBasic(secret), { execute: [client.allowInsecureRequests] });
    await assert.rejects(
      client.authorizationCodeGrant(other, callback, { pkceCodeVerifier: verifier, expectedState: client.skipStateCheck }),
      (error: client.ResponseBodyError) => error.error === 'invalid_grant',
    );
  });

  test('when a token is presented to the wrong audience, then it is refused', async () => {
    const { callback, verifier, state } = await codeFor(full);
    const portalTokens = await client.authorizationCodeGrant(full, callback, { pkceCodeVerifier: verifier, expectedState: state });
    assert.equal(await platform.oidc.partnerTokens.verify(portalTokens.access_token), undefined, 'a portal token is not a partner token');
    assert.equal(await platform.oidc.partnerTokens.verify(portalTokens.id_token!), undefined, 'an ID token is not a partner token');

    const bank = await discoverWithSecret(platform, 'bank-alrajhi');
    const bankTokens = await client.clientCredentialsGrant(bank, { scope: 'activation' });
    await assert.rejects(client.fetchUserInfo(full, bankTokens.access_token, client.skipSubjectCheck), (error: { status?: number }) => error.status === 401);
    await assert.rejects(
      client.clientCredentialsGrant(bank, { scope: 'activation', resource: 'https://elsewhere.example/api' }),
      (error: client.ResponseBodyError) => error.error === 'invalid_target',
    );
  });

  test('when an interaction address is made up or its cookie is missing, then our page says the request expired (410)', async () => {
    const answer = await new BrowserAgent(platform.baseUrl).follow('/sso/not-a-real-interaction?lang=en');
    assert.equal(answer.status, 410);
    assert.match(answer.body, /Sign-in request expired/);
  });

  test('when the account is suspended after the portal got its tokens, then userinfo refuses its token', async () => {
    const registered = await registerCompletely(platform);
    const other = { login: String(registered.body.username), password: String(registered.body.password), mobile: registered.mobile };
    const otherAgent = new BrowserAgent(platform.baseUrl);
    const offline = await client.discovery(platform.issuer, 'full-portal', secret, client.ClientSecretBasic(secret), { execute: [client.allowInsecureRequests] });
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(offline, {
      redirect_uri: redirectUri,
      scope: 'openid profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 'st',
    });
    let page = await otherAgent.follow(url.href);
    page = await signInOnPages(platform, otherAgent, page, other);
    const uid = page.url.match(/\/sso\/([^/?]+)/)![1];
    page = await otherAgent.follow(`/sso/${uid}/consent`, { form: { _csrf: csrfOf(page.body), decision: 'allow' } });
    const tokens = await client.authorizationCodeGrant(offline, new URL(page.location!), { pkceCodeVerifier: verifier, expectedState: 'st' });
    const account = await platform.store.accounts.findByUsername(other.login);
    await platform.store.accounts.update(account!.id, { status: 'suspended' }, platform.clock.now());
    await assert.rejects(client.fetchUserInfo(offline, tokens.access_token, client.skipSubjectCheck), (error: { status?: number }) => error.status === 401);
  });

  test('when a portal asks for the national ID scope it was not registered with, then it never receives the ID number', async () => {
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(plain, {
      redirect_uri: redirectUri,
      scope: 'openid profile national_id',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 's',
    });
    const answer = await agent.follow(url.href);
    const error = answer.location ? new URL(answer.location).searchParams.get('error') : null;
    assert.equal(error, 'invalid_scope', `got ${answer.status} ${answer.url} ${answer.location}`);
  });
});
