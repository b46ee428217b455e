// The clients command (npm run clients): registering, listing, updating and removing portals and
// partner clients, and rotating the provider's signing keys with old keys verifying until retired.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import * as client from 'openid-client';
import { decodeProtectedHeader } from 'jose';
import { startOidcTestPlatform, discoverWithSecret, type OidcTestPlatform } from './support.ts';
import { runClientsCommand } from '../../src/cli/clients.ts';
import { composeOidc } from '../../src/oidc/compose.ts';
import { JwtPartnerTokenVerifier, partnerApiAudience } from '../../src/oidc/partner-tokens.ts';

describe('clients command', () => {
  let platform: OidcTestPlatform;
  let lines: string[] = [];
  const run = async (...argv: string[]) => {
    lines = [];
    return runClientsCommand(argv, { clients: platform.oidc.clients, keys: platform.oidc.keys, clock: platform.clock, print: (line) => lines.push(line) });
  };

  before(async () => {
    platform = await startOidcTestPlatform();
  });
  after(async () => {
    await platform.close();
  });

  test('when a bank is registered, then its secret is printed once and it can get a client-credentials token with it', async () => {
    assert.equal(await run('register', '--id', 'bank-test', '--kind', 'bank', '--partner', 'testbank', '--name', 'Test bank', '--scope', 'activation'), 0);
    const secret = lines.find((line) => line.startsWith('client secret'))?.split(': ')[1];
    assert.ok(secret && secret.length >= 43);
    const tokens = await client.clientCredentialsGrant(await discoverWithSecret(platform, 'bank-test', secret), { scope: 'activation' });
    assert.equal((await platform.oidc.partnerTokens.verify(tokens.access_token))?.partner, 'testbank');
    assert.equal(await run('register', '--id', 'bank-test', '--kind', 'bank', '--partner', 'testbank', '--name', 'Again', '--scope', 'activation'), 1);
  });

  test('when a portal is registered, listed, switched to FAPI with keys and removed, then each step shows in the registry', async () => {
    assert.equal(
      await run('register', '--id', 'ministry', '--kind', 'portal', '--name', 'Ministry', '--redirect-uri', 'https://ministry.example/cb', '--scope', 'openid profile absher'),
      0,
    );
    await run('list');
    assert.ok(lines.some((line) => line.startsWith('ministry') && line.includes('https://ministry.example/cb')));
    assert.equal(await run('update', 'ministry', '--fapi', 'on'), 2, 'FAPI without keys is refused');
    assert.match(lines.join('\n'), /private_key_jwt|jwks/);
    const jwk = JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0', kid: 'm1' });
    assert.equal(await run('update', 'ministry', '--fapi', 'on', '--auth', 'private_key_jwt', '--jwks', jwk), 0);
    const record = await platform.oidc.clients.get('ministry');
    assert.equal(record?.fapi, true);
    assert.equal(record?.authMethod, 'private_key_jwt');
    assert.deepEqual(record?.redirectUris, ['https://ministry.example/cb']);
    assert.equal(await run('remove', 'ministry'), 0);
    assert.equal(await platform.oidc.clients.get('ministry'), undefined);
    assert.equal(await run('remove', 'ministry'), 1);
  });

  test('when the input is wrong, then the command names every problem and writes nothing', async () => {
    assert.equal(await run('register', '--id', 'Bad Id', '--kind', 'portal', '--name', 'x', '--redirect-uri', 'javascript:alert(1)', '--scope', 'activation'), 2);
    const message = lines.join('\n');
    assert.match(message, /clientId/);
    assert.match(message, /redirectUris/);
    assert.match(message, /scope "activation" is not allowed for a portal client/);
    assert.equal(await run('register', '--id', 'bank-x', '--kind', 'bank', '--name', 'x', '--scope', 'activation'), 2);
    assert.match(lines.join('\n'), /partner code/);
    assert.equal(await run('frobnicate'), 2);
  });

  test('when the signing keys are rotated, then new tokens use the new key, old tokens verify until their generation is retired', async () => {
    const bank = await discoverWithSecret(platform, 'bank-anb');
    const { access_token: oldToken } = await client.clientCredentialsGrant(bank, { scope: 'activation' });
    const oldKid = decodeProtectedHeader(oldToken).kid;

    assert.equal(await run('keys', 'rotate'), 0);
    assert.match(lines[0]!, /generation 2 created/);
    // A restart: a provider composed again from the same database signs with generation 2.
    const restarted = await composeOidc({
      config: platform.config,
      db: platform.database.db,
      clock: platform.clock,
      accounts: platform.store.accounts,
      registry: platform.registry,
      sessions: platform.sessions,
      sessionCookie: '__Host-absher-session',
    });
    const server = createServer(restarted.provider.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const { secretKey } = platform.config;
    const { demoClientSecret } = await import('../../src/oidc/demo-clients.ts');
    const answer = await fetch(`http://127.0.0.1:${port}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`bank-anb:${demoClientSecret(secretKey, 'bank-anb')}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials&scope=activation',
    });
    const { access_token: newToken } = (await answer.json()) as { access_token: string };
    server.close();
    assert.notEqual(decodeProtectedHeader(newToken).kid, oldKid);

    const verifier = () =>
      new JwtPartnerTokenVerifier({ issuer: restarted.issuer, audience: partnerApiAudience(platform.config.publicUrl), keys: platform.oidc.keys, clients: platform.oidc.clients, clock: platform.clock });
    assert.ok(await verifier().verify(oldToken), 'generation 1 still verifies');
    assert.ok(await verifier().verify(newToken));

    assert.equal(await run('keys', 'retire', '2'), 1, 'the newest generation cannot be retired');
    assert.equal(await run('keys', 'retire', '1'), 0);
    await run('keys', 'list');
    assert.ok(lines.some((line) => line.startsWith('generation 1  retired')));
    assert.equal(await verifier().verify(oldToken), undefined, 'a retired generation no longer verifies');
    assert.ok(await verifier().verify(newToken));
  });
});
