// Sessions (DESIGN §2 "Sign-in and account care"): server-side, idle 15 minutes, absolute 12
// hours, a new session at every sign-in (nothing chosen before it is adopted), listed and ended by
// the holder, ended by sign-out; and the holder's pages (/account, /account/sessions,
// /account/events, sign-out) over inject with cookies and CSRF, with the fake clock.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { sessionIdOf } from '../../src/core/sessions/session-service.ts';
import {
  apiAs,
  assertError,
  csrfTokenIn,
  pageClient,
  PageCookieJar,
  postLoginCode,
  registerOk,
  sessionCookieName,
  signInOk,
  signInThroughPages,
  startSignInOk,
  latestLoginCode,
  uniqueAddress,
} from './support.ts';

type Holder = { login: string; password: string; mobile: string; accountId: string; idNumber: string };

describe('sessions', () => {
  let platform: TestPlatform;
  before(async () => {
    platform = await startTestPlatform();
  });
  after(() => platform.close());

  async function holder(): Promise<Holder> {
    const registered = await registerOk(platform);
    return {
      login: String(registered.body.username),
      password: String(registered.body.password),
      mobile: registered.mobile,
      accountId: registered.account.id,
      idNumber: String(registered.body.idNumber),
    };
  }

  const me = (auth: { bearer?: string; cookie?: string }) => apiAs(platform, 'GET', '/api/v1/me', auth);
  const stored = (token: string) => platform.store.sessions.find(sessionIdOf(token));

  describe('the session of a request', () => {
    it('when /api/v1/me is asked without a session (or with an unknown token), then 401 auth.required', async () => {
      assertError(await me({}), 401, 'auth.required');
      assertError(await me({ bearer: 'not-a-session-token' }), 401, 'auth.required');
      assertError(await me({ cookie: 'not-a-session-token' }), 401, 'auth.required');
    });

    it('when the session token is sent as the cookie or as a bearer token, then /api/v1/me is 200 with the account', async () => {
      const person = await holder();
      const { token } = await signInOk(platform, person);
      for (const auth of [{ cookie: token }, { bearer: token }]) {
        const result = await me(auth);
        assert.equal(result.status, 200, JSON.stringify(result.json));
        assert.equal(result.json.username, person.login);
        assert.equal(result.json.status, 'registered');
        assert.doesNotMatch(JSON.stringify(result.json), new RegExp(person.idNumber), 'the ID number is masked');
      }
      const row = await stored(token);
      assert.ok(row, 'the session is stored under the hash of its token');
      assert.notEqual(row.id, token, 'never the token itself');
    });
  });

  describe('expiry', () => {
    it('when a session is idle for 15 minutes, then it is refused (401) and recorded as ended expired_idle; 14:59 idle is still fine', async () => {
      const person = await holder();
      const { token } = await signInOk(platform, person);
      platform.clock.advanceSeconds(15 * 60 - 1);
      assert.equal((await me({ bearer: token })).status, 200, 'idle 14:59');
      platform.clock.advanceSeconds(15 * 60);
      assertError(await me({ bearer: token }), 401, 'auth.required');
      const row = await stored(token);
      assert.ok(row?.endedAt, 'the session was ended on the server');
      assert.equal(row.endReason, 'expired_idle');
      platform.clock.advanceSeconds(1);
      assertError(await me({ bearer: token }), 401, 'auth.required');
    });

    it('when the holder is active (every minute for an hour, then every 14 minutes), then the session lives until exactly 12 hours after sign-in', async () => {
      const person = await holder();
      const { token } = await signInOk(platform, person);
      let elapsedMinutes = 0;
      for (let minute = 1; minute <= 60; minute += 1) {
        platform.clock.advanceMinutes(1);
        elapsedMinutes += 1;
        assert.equal((await me({ cookie: token })).status, 200, `after ${elapsedMinutes} minutes`);
      }
      while (elapsedMinutes + 14 < 12 * 60) {
        platform.clock.advanceMinutes(14);
        elapsedMinutes += 14;
        assert.equal((await me({ bearer: token })).status, 200, `after ${elapsedMinutes} minutes`);
      }
      assert.equal(elapsedMinutes, 718);
      platform.clock.advanceMinutes(12 * 60 - elapsedMinutes);
      assertError(await me({ bearer: token }), 401, 'auth.required');
      assert.equal((await stored(token))?.endReason, 'expired_absolute');
    });
  });

  describe('account state', () => {
    it('when the account is suspended or disabled, then its live sessions are refused (401), and work again once it is reinstated', async () => {
      const person = await holder();
      const { token } = await signInOk(platform, person);
      for (const status of ['suspended', 'disabled'] as const) {
        await platform.store.accounts.update(person.accountId, { status }, platform.clock.now());
        assertError(await me({ bearer: token }), 401, 'auth.required');
        const jar = new PageCookieJar();
        jar.set(sessionCookieName, token);
        const page = await pageClient(platform, jar).get('/account');
        assert.equal(page.statusCode, 303, `${status}: the page sends the holder to sign in`);
      }
      await platform.store.accounts.update(person.accountId, { status: 'registered' }, platform.clock.now());
      assert.equal((await me({ bearer: token })).status, 200);
    });
  });

  describe('a new session at every sign-in', () => {
    it('when a browser brings an attacker-chosen session cookie to sign-in, then it is ignored and a different one is set', async () => {
      const person = await holder();
      const planted = 'AttackerChosenSessionValue0123456789abcdefghijk';
      const jar = new PageCookieJar();
      jar.set(sessionCookieName, planted);
      const { sessionToken, client } = await signInThroughPages(platform, person, pageClient(platform, jar));
      assert.notEqual(sessionToken, planted);
      assert.equal(client.jar.get(sessionCookieName), sessionToken);
      assertError(await me({ cookie: planted }), 401, 'auth.required');
      assertError(await me({ bearer: planted }), 401, 'auth.required');
      assert.equal(await platform.store.sessions.find(sessionIdOf(planted)), null, 'the planted value was never stored');
      assert.equal((await me({ cookie: sessionToken })).status, 200);

      // Over the API as well: the answer's token and cookie are new, whatever cookie came along.
      const loginId = await startSignInOk(platform, person.login, person.password, { ip: uniqueAddress() });
      const verified = await postLoginCode(platform, loginId, await latestLoginCode(platform, person.mobile), { cookies: { [sessionCookieName]: planted } });
      assert.equal(verified.status, 200);
      const setCookie = String(verified.headers['set-cookie']);
      assert.match(setCookie, new RegExp(`^${sessionCookieName}=${verified.json.token};`));
      assert.match(setCookie, /HttpOnly/i);
      assert.match(setCookie, /Secure/i);
      assert.match(setCookie, /SameSite=Lax/i);
      assert.doesNotMatch(setCookie, /Domain=/i, 'host-only');
      assert.notEqual(verified.json.token, planted);
    });

    it('when a signed-in browser signs in again, then the cookie value after is not the one before', async () => {
      const person = await holder();
      const first = await signInThroughPages(platform, person);
      const before = first.sessionToken;
      const again = await signInThroughPages(platform, person, first.client);
      assert.notEqual(again.sessionToken, before);
      assert.equal(first.client.jar.get(sessionCookieName), again.sessionToken);
    });
  });

  describe('the holder ends sessions', () => {
    it('when the holder signs in twice, then GET /api/v1/sessions lists both with the current one flagged', async () => {
      const person = await holder();
      const phone = await signInOk(platform, person, { userAgent: 'AbsherApp/5.1 (iPhone; iOS 18.2)', ip: uniqueAddress() });
      const laptop = await signInOk(platform, person, { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0', ip: uniqueAddress() });
      const listed = await apiAs(platform, 'GET', '/api/v1/sessions', { bearer: phone.token });
      assert.equal(listed.status, 200);
      const sessions = listed.json as unknown as Array<{ id: string; current: boolean; device: string }>;
      assert.equal(sessions.length, 2);
      assert.deepEqual(
        sessions.map((session) => [session.id, session.current]).sort(),
        [
          [sessionIdOf(phone.token), true],
          [sessionIdOf(laptop.token), false],
        ].sort(),
      );
      assert.ok(sessions.some((session) => session.device.includes('iPhone')));
      const fromLaptop = (await apiAs(platform, 'GET', '/api/v1/sessions', { cookie: laptop.token })).json as unknown as Array<{ id: string; current: boolean }>;
      assert.deepEqual(fromLaptop.filter((session) => session.current).map((session) => session.id), [sessionIdOf(laptop.token)]);
    });

    it('when the holder deletes their other session, then its token gets 401; deleting someone else\'s session is 404 and leaves it alive', async () => {
      const person = await holder();
      const stranger = await holder();
      const mine = await signInOk(platform, person);
      const other = await signInOk(platform, person);
      const theirs = await signInOk(platform, stranger);

      assertError(await apiAs(platform, 'DELETE', `/api/v1/sessions/${sessionIdOf(theirs.token)}`, { bearer: mine.token }), 404, 'not_found');
      assert.equal((await me({ bearer: theirs.token })).status, 200, 'the stranger is still signed in');
      assertError(await apiAs(platform, 'DELETE', '/api/v1/sessions/no-such-session', { bearer: mine.token }), 404, 'not_found');
      assertError(await apiAs(platform, 'DELETE', `/api/v1/sessions/${sessionIdOf(other.token)}`), 401, 'auth.required');

      const ended = await apiAs(platform, 'DELETE', `/api/v1/sessions/${sessionIdOf(other.token)}`, { bearer: mine.token });
      assert.equal(ended.status, 204);
      assertError(await me({ bearer: other.token }), 401, 'auth.required');
      assert.equal((await stored(other.token))?.endReason, 'ended_by_holder');
      assert.equal((await me({ bearer: mine.token })).status, 200, 'the current session goes on');
      const listed = (await apiAs(platform, 'GET', '/api/v1/sessions', { bearer: mine.token })).json as unknown as Array<{ id: string }>;
      assert.deepEqual(listed.map((session) => session.id), [sessionIdOf(mine.token)]);
      assertError(await apiAs(platform, 'DELETE', `/api/v1/sessions/${sessionIdOf(other.token)}`, { bearer: mine.token }), 404, 'not_found');
    });

    it('when the holder posts /api/v1/logout, then the session ends on the server (the old token gets 401) and the cookie is cleared', async () => {
      const person = await holder();
      const { token } = await signInOk(platform, person);
      const other = await signInOk(platform, person);
      const out = await apiAs(platform, 'POST', '/api/v1/logout', { cookie: token });
      assert.equal(out.status, 204);
      assert.match(String(out.headers['set-cookie']), new RegExp(`^${sessionCookieName}=;`));
      assertError(await me({ bearer: token }), 401, 'auth.required');
      assertError(await me({ cookie: token }), 401, 'auth.required');
      assert.equal((await stored(token))?.endReason, 'signed_out');
      assert.equal((await me({ bearer: other.token })).status, 200, 'only that session ended');
      assertError(await apiAs(platform, 'POST', '/api/v1/logout', { bearer: token }), 401, 'auth.required');
    });
  });

  describe('pages', () => {
    it('when /account is asked without a session, then 303 to /login?next=%2Faccount', async () => {
      const response = await pageClient(platform).get('/account');
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/login?next=%2Faccount');
      const sessions = await pageClient(platform).get('/account/sessions');
      assert.equal(sessions.headers.location, '/login?next=%2Faccount%2Fsessions');
    });

    it('when a registered holder opens /account, then it shows the status and every activation channel and nothing of e-services', async () => {
      const person = await holder();
      const { client } = await signInThroughPages(platform, person);
      const page = await client.get('/account?lang=en');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`Welcome, ${person.login}`));
      assert.match(page.body, /Registered — not activated yet/);
      for (const channel of ['Through your bank', 'At a self-service kiosk', 'With the Nafath app', 'At an activation centre']) {
        assert.ok(page.body.includes(channel), `activation channel "${channel}"`);
      }
      assert.doesNotMatch(page.body, /href="\/(services|dashboard|e-services)/, 'no link to e-services');
      assert.doesNotMatch(page.body, /violation|licen[cs]e renewal|exit\/re-entry|digital ID/i, 'no e-service named');
      assert.doesNotMatch(page.body, new RegExp(person.idNumber), 'no full ID number on the page');

      // The same holder, once active, no longer sees the activation channels.
      await platform.store.accounts.update(person.accountId, { status: 'active' }, platform.clock.now());
      const active = await client.get('/account?lang=en');
      assert.equal(active.statusCode, 200);
      assert.ok(!active.body.includes('Through your bank'), 'an active account is not asked to activate');
    });

    it('when the holder opens /account/sessions, then both sessions are listed and a form POST (CSRF + cookies) ends the other one', async () => {
      const person = await holder();
      const elsewhere = await signInOk(platform, person, { userAgent: 'AbsherApp/5.1 (iPhone; iOS 18.2)' });
      const { client, sessionToken } = await signInThroughPages(platform, person);
      const page = await client.get('/account/sessions?lang=en');
      assert.equal(page.statusCode, 200);
      assert.equal(page.body.match(/<li class="card">/g)?.length, 2, 'two sessions listed');
      assert.equal(page.body.match(/This device/g)?.length, 1, 'one is this device');
      assert.ok(page.body.includes(`name="session" value="${sessionIdOf(elsewhere.token)}"`), 'the other session has an end button');
      assert.ok(!page.body.includes(`name="session" value="${sessionIdOf(sessionToken)}"`), 'the current one has none');

      const forged = await client.post('/account/sessions/end', { session: sessionIdOf(elsewhere.token) });
      assert.equal(forged.statusCode, 403, 'no CSRF token, no change');
      assert.equal((await me({ bearer: elsewhere.token })).status, 200);

      const ended = await client.post('/account/sessions/end', { _csrf: csrfTokenIn(page.body), session: sessionIdOf(elsewhere.token) });
      assert.equal(ended.statusCode, 200);
      assert.match(ended.body, /The session has been ended\./);
      assert.equal(ended.body.match(/<li class="card">/g)?.length, 1);
      assertError(await me({ bearer: elsewhere.token }), 401, 'auth.required');
      assert.equal((await me({ cookie: sessionToken })).status, 200, 'this device stays signed in');
    });

    it('when the holder ends all other sessions from the page, then every other token gets 401', async () => {
      const person = await holder();
      const others = [await signInOk(platform, person), await signInOk(platform, person)];
      const { client, sessionToken } = await signInThroughPages(platform, person);
      const page = await client.get('/account/sessions?lang=en');
      assert.equal(page.body.match(/<li class="card">/g)?.length, 3);
      const ended = await client.post('/account/sessions/end-others', { _csrf: csrfTokenIn(page.body) });
      assert.equal(ended.statusCode, 200);
      assert.match(ended.body, /\b2\b/, 'says how many ended');
      for (const other of others) assertError(await me({ bearer: other.token }), 401, 'auth.required');
      assert.equal((await me({ cookie: sessionToken })).status, 200);
    });

    it('when the holder opens /account/events, then their own sign-in events are listed and nobody else\'s', async () => {
      const person = await holder();
      const stranger = await holder();
      const strangerAddress = uniqueAddress();
      await signInOk(platform, stranger, { ip: strangerAddress });
      const ownAddress = uniqueAddress();
      const { client } = await signInThroughPages(platform, person, pageClient(platform, undefined, ownAddress));
      const page = await client.get('/account/events?lang=en');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Signed in/);
      assert.match(page.body, /Password accepted, code sent/);
      assert.match(page.body, /Registration completed/);
      assert.ok(page.body.includes(ownAddress), 'the address of the sign-in is shown');
      assert.ok(!page.body.includes(strangerAddress), "another holder's sign-in is not shown");
    });

    it('when the holder posts /logout with the CSRF token, then the cookie is cleared and the session ended on the server', async () => {
      const person = await holder();
      const { client, sessionToken } = await signInThroughPages(platform, person);
      const account = await client.get('/account?lang=en');
      const out = await client.post('/logout', { _csrf: csrfTokenIn(account.body) });
      assert.equal(out.statusCode, 303);
      assert.equal(out.headers.location, '/');
      const cleared = out.cookies.find((cookie) => cookie.name === sessionCookieName);
      assert.ok(cleared, 'the session cookie is set again');
      assert.equal(cleared.value, '');
      assert.ok(cleared.expires !== undefined && new Date(cleared.expires).getTime() <= Date.now(), 'and expired');
      assert.equal(client.jar.get(sessionCookieName), undefined);
      assertError(await me({ bearer: sessionToken }), 401, 'auth.required');
      assert.equal((await stored(sessionToken))?.endReason, 'signed_out');
      const after = await client.get('/account');
      assert.equal(after.statusCode, 303);
    });
  });
});
