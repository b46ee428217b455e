// Two application processes over one PostgreSQL database (DESIGN §3 "stateless app nodes behind a
// load balancer"): two platforms composed over two separate handles on one schema, sharing only
// the database, Redis when it is configured (and the fake clock, as servers share the time).
// Whatever one process starts or counts, the other sees: sign-in flows, sessions and sign-out,
// the password lock, the per-address failure counter and visual codes. PostgreSQL only: skipped
// without TEST_DATABASE_URL/DATABASE_URL.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../src/core/clock.ts';
import { serverDatabaseUrl, serverRedisUrl, type TestPlatform } from '../helpers/platform.ts';
import { openSharedSchema, startPlatformOver, type SharedSchema } from '../helpers/shared-database.ts';
import { solvedCaptcha } from '../helpers/registration.ts';
import {
  apiAs,
  assertError,
  fieldCodes,
  latestLoginCode,
  postLogin,
  postLoginCode,
  registerOk,
  signInOk,
  startSignInOk,
  uniqueAddress,
  type ApiAnswer,
} from './support.ts';

const skip = serverDatabaseUrl ? false : 'PostgreSQL only: set TEST_DATABASE_URL (or DATABASE_URL) to run two processes over one database';

describe('two processes over one database', { skip }, () => {
  let shared: SharedSchema;
  let a: TestPlatform;
  let b: TestPlatform;
  const clock = new FakeClock(new Date());

  before(async () => {
    shared = await openSharedSchema(serverDatabaseUrl!);
    // With TEST_REDIS_URL/REDIS_URL the two also share their counters in Redis (one key prefix).
    const redis = serverRedisUrl ? { url: serverRedisUrl, prefix: `absher:test:${crypto.randomUUID()}:` } : undefined;
    a = await startPlatformOver(shared.handles[0], clock, redis);
    b = await startPlatformOver(shared.handles[1], clock, redis);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await shared?.drop();
  });

  async function holder() {
    const registered = await registerOk(a);
    return { login: String(registered.body.username), password: String(registered.body.password), mobile: registered.mobile, accountId: registered.account.id };
  }

  const me = (platform: TestPlatform, token: string) => apiAs(platform, 'GET', '/api/v1/me', { bearer: token });

  it('when the two platforms are built, then they hold separate database handles on one schema (and Redis clients, when configured)', () => {
    if (serverRedisUrl) {
      assert.equal(a.config.redisUrl, serverRedisUrl);
      assert.equal(a.config.redisKeyPrefix, b.config.redisKeyPrefix, 'one key prefix: one deployment');
      assert.notEqual(a.counters, b.counters, 'each process has its own client');
    }
    assert.notEqual(a.database, b.database);
    assert.notEqual(a.database.db, b.database.db);
    assert.notEqual(a.app, b.app);
    assert.equal(a.database.kind, 'postgres');
  });

  it('when a sign-in is started on A, then its code (sent by A) finishes it on B and the session works on both', async () => {
    const person = await holder();
    const loginId = await startSignInOk(a, person.login, person.password, { ip: uniqueAddress() });
    // Read through A, the process that queued the SMS (its outbox delivers it).
    const code = await latestLoginCode(a, person.mobile);
    const verified = await postLoginCode(b, loginId, code);
    assert.equal(verified.status, 200, JSON.stringify(verified.json));
    const token = verified.json.token as string;
    assert.equal((await me(a, token)).status, 200);
    assert.equal((await me(b, token)).status, 200);
    assertError(await postLoginCode(a, loginId, code), 409, 'flow.wrong_state');
  });

  it('when a session is created on A, then B accepts it, lists it and, on sign-out at B, A refuses it', async () => {
    const person = await holder();
    const { token } = await signInOk(a, person);
    const fromB = await me(b, token);
    assert.equal(fromB.status, 200);
    assert.equal(fromB.json.username, person.login);
    const listed = (await apiAs(b, 'GET', '/api/v1/sessions', { bearer: token })).json as unknown as Array<{ current: boolean }>;
    assert.deepEqual(listed.map((session) => session.current), [true]);

    // Idle time is shared too: activity seen by B keeps the session alive for A.
    clock.advanceMinutes(10);
    assert.equal((await me(b, token)).status, 200);
    clock.advanceMinutes(10);
    assert.equal((await me(a, token)).status, 200, 'B touched it 10 minutes ago');

    const out = await apiAs(b, 'POST', '/api/v1/logout', { bearer: token });
    assert.equal(out.status, 204);
    assertError(await me(a, token), 401, 'auth.required');
    assertError(await me(b, token), 401, 'auth.required');
  });

  it('when 3 wrong passwords are typed on A and 2 on B, then the account is locked on both', async () => {
    const person = await holder();
    for (let failure = 1; failure <= 3; failure += 1) {
      assertError(await postLogin(a, person.login, 'Wrong7pass', { ip: uniqueAddress() }), 401, 'login.invalid');
    }
    // B already demands the visual code, and answers one that A drew.
    assertError(await postLogin(b, person.login, 'Wrong7pass', { ip: uniqueAddress() }), 428, 'captcha.required');
    assertError(await postLogin(b, person.login, 'Wrong7pass', { ip: uniqueAddress(), captcha: await solvedCaptcha(a) }), 401, 'login.invalid');
    const locked = await postLogin(b, person.login, 'Wrong7pass', { ip: uniqueAddress(), captcha: true });
    assert.equal(assertError(locked, 423, 'login.locked').retryAfter, 900);
    for (const platform of [a, b]) {
      const refused = await postLogin(platform, person.login, person.password, { ip: uniqueAddress(), captcha: true });
      assert.equal(assertError(refused, 423, 'login.locked').retryAfter, 900);
    }
    clock.advanceSeconds(900);
    await startSignInOk(a, person.login, person.password, { ip: uniqueAddress(), captcha: true });
  });

  it('when wrong passwords for one name race on both processes at once, then every one is counted (5 → locked)', async () => {
    const name = `racer${Date.now()}`;
    // Each brings a solved visual code, so whichever sees 3 failures already is not turned away.
    const captchas = await Promise.all([1, 2, 3, 4, 5].map(() => solvedCaptcha(a)));
    const results = await Promise.all(
      [a, b, a, b, b].map((platform, index) => postLogin(platform, name, 'Wrong7pass', { ip: uniqueAddress(), captcha: captchas[index]! })),
    );
    const statuses = results.map((result) => result.status).sort();
    assert.deepEqual(statuses, [401, 401, 401, 401, 423], JSON.stringify(results.map((result) => result.json)));
    assertError(await postLogin(a, name, 'Wrong7pass', { ip: uniqueAddress(), captcha: true }), 423, 'login.locked');
  });

  it('when one address fails 3 times on A, then B asks it for the visual code', async () => {
    const person = await holder();
    const address = uniqueAddress();
    for (let failure = 1; failure <= 3; failure += 1) {
      assertError(await postLogin(a, `spray${Date.now()}k${failure}`, 'Wrong7pass', { ip: address }), 401, 'login.invalid');
    }
    const asked = await postLogin(b, person.login, person.password, { ip: address });
    assertError(asked, 428, 'captcha.required');
    assert.deepEqual(fieldCodes(asked.json), { captcha: ['captcha.required'] });
    await startSignInOk(b, person.login, person.password, { ip: uniqueAddress() });
  });

  it('when one address fails 25 times on A and 25 on B within the hour, then both refuse it with 429 until the hour ends', async () => {
    const now = clock.now().getTime();
    clock.advance(3_600_000 - (now % 3_600_000) + 60_000);
    const person = await holder();
    const address = uniqueAddress();
    for (let failure = 1; failure <= 50; failure += 1) {
      const platform = failure % 2 === 0 ? a : b;
      assertError(await postLogin(platform, `spray${Date.now()}j${failure}`, 'Wrong7pass', { ip: address, captcha: true }), 401, 'login.invalid');
    }
    for (const platform of [a, b]) {
      const refused: ApiAnswer = await postLogin(platform, person.login, person.password, { ip: address, captcha: true });
      assert.equal(assertError(refused, 429, 'rate.limited').retryAfter, 59 * 60);
    }
    clock.advanceSeconds(59 * 60);
    await startSignInOk(b, person.login, person.password, { ip: address });
  });

  it('when 20 wrong passwords race on both processes at once, then no more than 5 are counted and the rest are refused as locked', async () => {
    const person = await holder();
    const captchas = await Promise.all(Array.from({ length: 20 }, () => solvedCaptcha(a)));
    const results = await Promise.all(
      captchas.map((captcha, index) => postLogin(index % 2 === 0 ? a : b, person.login, 'Wrong7pass', { ip: uniqueAddress(), captcha })),
    );
    const statuses = results.map((result) => result.status);
    assert.ok(statuses.every((status) => status === 401 || status === 423), JSON.stringify(statuses));
    const counted = statuses.filter((status) => status === 401).length;
    assert.ok(counted <= 4, `${counted} wrong passwords were counted and answered 401 (plus the one that locked)`);
    const lockout = await a.store.lockouts.find(`account:${person.accountId}`);
    assert.equal(lockout?.lockouts, 1, 'locked once');
  });
});
