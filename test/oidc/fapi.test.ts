// A high-value portal on the FAPI 2.0 profile, with openid-client: pushed authorization request,
// private_key_jwt client authentication and DPoP-bound tokens; and what the profile refuses.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { exportJWK, generateKeyPair } from 'jose';
import { startOidcTestPlatform, BrowserAgent, csrfOf, signInOnPages, type OidcTestPlatform } from './support.ts';
import { registerCompletely } from '../helpers/registration.ts';

const redirectUri = 'https://fapi-portal.example/cb';

describe('FAPI 2.0 profile (PAR + DPoP + private_key_jwt)', () => {
  let platform: OidcTestPlatform;
  let config: client.Configuration;
  let person: { login: string; password: string; mobile: string };

  before(async () => {
    platform = await startOidcTestPlatform();
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    await platform.oidc.clients.register({
      clientId: 'fapi-portal',
      kind: 'portal',
      partner: null,
      name: 'High-value portal',
      redirectUris: [redirectUri],
      postLogoutRedirectUris: [],
      backchannelLogoutUri: null,
      scopes: ['openid', 'profile', 'national_id'],
      authMethod: 'private_key_jwt',
      jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'fapi-1', alg: 'ES256', use: 'sig' }] },
      fapi: true,
    });
    config = await client.discovery(platform.issuer, 'fapi-portal', undefined, client.PrivateKeyJwt({ key: privateKey, kid: 'fapi-1' }), {
      execute: [client.allowInsecureRequests],
    });
    const registered = await registerCompletely(platform);
    person = { login: String(registered.body.username), password: String(registered.body.password), mobile: registered.mobile };
  });

  after(async () => {
    await platform.close();
  });

  test('when the portal pushes its request, signs in the person and binds tokens with DPoP, then it gets DPoP tokens and userinfo', async () => {
    const DPoP = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = await client.buildAuthorizationUrlWithPAR(
      config,
      { redirect_uri: redirectUri, scope: 'openid profile national_id', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state },
      { DPoP },
    );
    assert.ok(url.searchParams.get('request_uri')?.startsWith('urn:ietf:params:oauth:request_uri:'));
    const agent = new BrowserAgent(platform.baseUrl);
    let page = await agent.follow(url.href);
    page = await signInOnPages(platform, agent, page, person);
    const uid = page.url.match(/\/sso\/([^/?]+)/)![1];
    page = await agent.follow(`/sso/${uid}/consent`, { form: { _csrf: csrfOf(page.body), decision: 'allow' } });
    assert.ok(page.location?.startsWith(redirectUri));
    const callback = new URL(page.location!);
    assert.equal(callback.searchParams.get('iss'), platform.issuer.href, 'the authorization response names its issuer (RFC 9207)');

    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state }, undefined, { DPoP });
    assert.equal(tokens.token_type.toLowerCase(), 'dpop');
    const claims = tokens.claims()!;
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub, { DPoP });
    assert.match(String(userinfo.national_id), /^[1-4]\d{9}$/);

    // A DPoP-bound token without its proof is refused.
    const bare = await fetch(config.serverMetadata().userinfo_endpoint!, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    assert.equal(bare.status, 401);
  });

  test('when the FAPI portal sends its request in the front channel instead of pushing it, then it is refused', async () => {
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const answer = await new BrowserAgent(platform.baseUrl).follow(url.href);
    const error = answer.location ? new URL(answer.location).searchParams.get('error') : answer.body;
    assert.match(String(error), /invalid_request/);
  });

  test('when the FAPI portal exchanges its code without a DPoP proof, then it is refused', async () => {
    const DPoP = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = await client.buildAuthorizationUrlWithPAR(
      config,
      { redirect_uri: redirectUri, scope: 'openid', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state },
      { DPoP },
    );
    const agent = new BrowserAgent(platform.baseUrl);
    let page = await agent.follow(url.href);
    page = await signInOnPages(platform, agent, page, person);
    const uid = page.url.match(/\/sso\/([^/?]+)/)![1];
    page = await agent.follow(`/sso/${uid}/consent`, { form: { _csrf: csrfOf(page.body), decision: 'allow' } });
    await assert.rejects(
      client.authorizationCodeGrant(config, new URL(page.location!), { pkceCodeVerifier: verifier, expectedState: state }),
      (error: client.ResponseBodyError) => error.error === 'invalid_grant',
    );
  });

  test('when a FAPI client is registered without private_key_jwt, then the registry refuses it', async () => {
    await assert.rejects(
      platform.oidc.clients.register({
        clientId: 'fapi-secret',
        kind: 'portal',
        partner: null,
        name: 'x',
        redirectUris: [redirectUri],
        postLogoutRedirectUris: [],
        backchannelLogoutUri: null,
        scopes: ['openid'],
        authMethod: 'client_secret_basic',
        jwks: null,
        fapi: true,
        secret: 's'.repeat(40),
      }),
      /FAPI 2.0 needs private_key_jwt/,
    );
  });
});
