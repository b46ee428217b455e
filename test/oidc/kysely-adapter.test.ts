// Contract of the provider's storage adapter over our database: what oidc-provider relies on
// (upsert/find/consume/destroy/revokeByGrantId/findByUid/findByUserCode, expiry), on PGlite or the
// PostgreSQL server (TEST_DATABASE_URL / DATABASE_URL).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../helpers/platform.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { KyselyPayloadAdapter, deleteExpiredPayloads } from '../../src/oidc/kysely-adapter.ts';
import type { DatabaseHandle } from '../../src/adapters/db/database.ts';

describe('oidc-provider storage adapter', () => {
  let database: DatabaseHandle & { drop(): Promise<void> };
  const clock = new FakeClock('2026-03-01T10:00:00Z');
  const adapter = (model: string) => new KyselyPayloadAdapter(database.db, model, clock);

  before(async () => {
    database = await openTestDatabase();
  });
  after(async () => {
    await database.drop();
  });

  test('when a payload is upserted, then find returns it as stored and another model does not see it', async () => {
    const payload = { accountId: 'a1', kind: 'Session', uid: 'u-1', exp: 1 };
    await adapter('Session').upsert('s-1', payload, 60);
    assert.deepEqual(await adapter('Session').find('s-1'), payload);
    assert.equal(await adapter('AccessToken').find('s-1'), undefined);
  });

  test('when the same id is upserted again, then the latest payload wins', async () => {
    await adapter('Interaction').upsert('i-1', { kind: 'Interaction', n: 1 }, 60);
    await adapter('Interaction').upsert('i-1', { kind: 'Interaction', n: 2 }, 60);
    assert.deepEqual(await adapter('Interaction').find('i-1'), { kind: 'Interaction', n: 2 });
  });

  test('when a payload expires, then it is no longer found and the sweep removes it', async () => {
    await adapter('AuthorizationCode').upsert('c-exp', { kind: 'AuthorizationCode', grantId: 'g-exp' }, 60);
    clock.advanceSeconds(59);
    assert.ok(await adapter('AuthorizationCode').find('c-exp'));
    clock.advanceSeconds(1);
    assert.equal(await adapter('AuthorizationCode').find('c-exp'), undefined);
    assert.ok((await deleteExpiredPayloads(database.db, clock.now())) >= 1);
  });

  test('when a code is consumed, then find returns it with consumed set to the time of consumption', async () => {
    await adapter('AuthorizationCode').upsert('c-1', { kind: 'AuthorizationCode', grantId: 'g-1' }, 60);
    await adapter('AuthorizationCode').consume('c-1');
    const found = await adapter('AuthorizationCode').find('c-1');
    assert.equal(found?.consumed, Math.floor(clock.now().getTime() / 1000));
  });

  test('when a payload is destroyed, then it is gone', async () => {
    await adapter('RefreshToken').upsert('r-1', { kind: 'RefreshToken', grantId: 'g-2' }, 600);
    await adapter('RefreshToken').destroy('r-1');
    assert.equal(await adapter('RefreshToken').find('r-1'), undefined);
  });

  test('when a grant is revoked, then every token of that grant goes and other grants stay', async () => {
    await adapter('AccessToken').upsert('at-1', { kind: 'AccessToken', grantId: 'g-3' }, 600);
    await adapter('RefreshToken').upsert('rt-1', { kind: 'RefreshToken', grantId: 'g-3' }, 600);
    await adapter('AccessToken').upsert('at-2', { kind: 'AccessToken', grantId: 'g-4' }, 600);
    await adapter('AccessToken').revokeByGrantId('g-3');
    assert.equal(await adapter('AccessToken').find('at-1'), undefined);
    assert.equal(await adapter('RefreshToken').find('rt-1'), undefined);
    assert.ok(await adapter('AccessToken').find('at-2'));
  });

  test('when a session is looked up by uid, then the right session is found, and an unknown uid finds nothing', async () => {
    await adapter('Session').upsert('s-2', { kind: 'Session', uid: 'uid-2', accountId: 'a2' }, 600);
    assert.equal((await adapter('Session').findByUid('uid-2'))?.accountId, 'a2');
    assert.equal(await adapter('Session').findByUid('uid-none'), undefined);
    assert.equal(await adapter('Interaction').findByUid('uid-2'), undefined);
  });

  test('when a device code is looked up by user code, then it is found until it expires', async () => {
    await adapter('DeviceCode').upsert('d-1', { kind: 'DeviceCode', userCode: 'ABCD-EFGH' }, 30);
    assert.equal((await adapter('DeviceCode').findByUserCode('ABCD-EFGH'))?.userCode, 'ABCD-EFGH');
    clock.advanceSeconds(31);
    assert.equal(await adapter('DeviceCode').findByUserCode('ABCD-EFGH'), undefined);
  });

  test('when a payload has no lifetime, then it never expires', async () => {
    await adapter('ReplayDetection').upsert('rd-1', { kind: 'ReplayDetection' }, 0);
    clock.advanceMinutes(60 * 24 * 365);
    assert.ok(await adapter('ReplayDetection').find('rd-1'));
  });

  test('when an empty or odd id is asked for, then nothing is found and nothing throws', async () => {
    assert.equal(await adapter('Session').find(''), undefined);
    assert.equal(await adapter('Session').find("'; drop table oidc_payloads; --"), undefined);
  });
});
