// Client-credentials tokens for partner clients (banks, kiosks), obtained by openid-client against the
// running provider, and their verification by the partner API's verifier (INTERFACES §2).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { startOidcTestPlatform, discoverWithSecret, type OidcTestPlatform } from './support.ts';

describe('client credentials for partners', () => {
  let platform: OidcTestPlatform;

  before(async () => {
    platform = await startOidcTestPlatform();
  });
  after(async () => {
    await platform.close();
  });

  test('when a bank asks with its secret for the activation scope, then it gets a token the partner verifier accepts', async () => {
    const config = await discoverWithSecret(platform, 'bank-alrajhi');
    const tokens = await client.clientCredentialsGrant(config, { scope: 'activation' });
    assert.equal(tokens.token_type.toLowerCase(), 'bearer');
    assert.equal(tokens.scope, 'activation');
    assert.ok((tokens.expires_in ?? 0) > 0);
    const verified = await platform.oidc.partnerTokens.verify(tokens.access_token);
    assert.deepEqual(verified, { clientId: 'bank-alrajhi', kind: 'bank', partner: 'alrajhi', scopes: ['activation'] });
  });

  test('when a kiosk asks for its scope, then its token names the device', async () => {
    const config = await discoverWithSecret(platform, 'kiosk-riyadh-01');
    const tokens = await client.clientCredentialsGrant(config, { scope: 'kiosk' });
    assert.deepEqual(await platform.oidc.partnerTokens.verify(tokens.access_token), {
      clientId: 'kiosk-riyadh-01',
      kind: 'kiosk',
      partner: 'kiosk-riyadh-01',
      scopes: ['kiosk'],
    });
  });

  test('when a bank asks for a scope it does not hold, then the provider refuses with invalid_scope', async () => {
    const config = await discoverWithSecret(platform, 'bank-anb');
    await assert.rejects(client.clientCredentialsGrant(config, { scope: 'kiosk' }), (error: client.ResponseBodyError) => error.error === 'invalid_scope');
  });

  test('when a bank uses a wrong secret, then it gets invalid_client', async () => {
    const config = await discoverWithSecret(platform, 'bank-saib', 'x'.repeat(43));
    await assert.rejects(client.clientCredentialsGrant(config, { scope: 'activation' }), (error: { error?: string; status?: number }) => error.status === 401);
  });

  test('when a bank registered with private_key_jwt authenticates with its key, then it gets a token', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'bank-key-1', alg: 'ES256', use: 'sig' };
    await platform.oidc.clients.register({
      clientId: 'bank-jwt',
      kind: 'bank',
      partner: 'jwtbank',
      name: 'Bank with keys',
      redirectUris: [],
      postLogoutRedirectUris: [],
      backchannelLogoutUri: null,
      scopes: ['activation'],
      authMethod: 'private_key_jwt',
      jwks: { keys: [jwk] },
      fapi: false,
    });
    const config = await client.discovery(platform.issuer, 'bank-jwt', undefined, client.PrivateKeyJwt({ key: privateKey, kid: 'bank-key-1' }), {
      execute: [client.allowInsecureRequests],
    });
    const tokens = await client.clientCredentialsGrant(config, { scope: 'activation' });
    assert.equal((await platform.oidc.partnerTokens.verify(tokens.access_token))?.partner, 'jwtbank');
  });

  test('when a token is for another audience, signed by another key, expired or tampered with, then the verifier refuses it', async () => {
    const config = await discoverWithSecret(platform, 'bank-bsf');
    const { access_token: good } = await client.clientCredentialsGrant(config, { scope: 'activation' });
    const [header, payload, signature] = good.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, aud: 'http://elsewhere/api' })).toString('base64url')}.${signature}`;
    assert.equal(await platform.oidc.partnerTokens.verify(tampered), undefined);

    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'forged' }).sign(privateKey);
    assert.equal(await platform.oidc.partnerTokens.verify(forged), undefined);

    assert.equal(await platform.oidc.partnerTokens.verify('not-a-token'), undefined);
    assert.equal(await platform.oidc.partnerTokens.verify(''), undefined);

    platform.clock.advanceMinutes(11);
    assert.equal(await platform.oidc.partnerTokens.verify(good), undefined);
    platform.clock.advanceMinutes(-11);
  });

  test('when a bank client is removed, then its still-unexpired token is refused', async () => {
    const config = await discoverWithSecret(platform, 'bank-alrajhi');
    const { access_token: token } = await client.clientCredentialsGrant(config, { scope: 'activation' });
    await platform.oidc.clients.remove('bank-alrajhi');
    assert.equal(await platform.oidc.partnerTokens.verify(token), undefined);
  });
});
