// The signed-in holder's account changes over the JSON API and over the pages (inject, fake clock):
// the mobile (a code to the old number, then to the new one, the number moving from another
// account), the e-mail (a code to the new address), the password (policy, last 3, lockout, other
// sessions ended) and the preferred language, each with the messages, notices and audit records
// that tell the holder, and a change of one account refused to another.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { uniqueMobile } from '../helpers/registration.ts';
import { translate, errorMessage } from '../../src/i18n/i18n.ts';
import { maskMobile } from '../../src/core/identity/mobile.ts';
import { maskEmail } from '../../src/core/identity/email.ts';
import type { Account } from '../../src/core/store.ts';
import { assertError, e164, fieldCodes, registerOk, wrongCode, type ApiAnswer } from './support.ts';

type Holder = { account: Account; username: string; password: string; mobile: string; email: string; token: string };

let platform: TestPlatform;
let emailCounter = 0;

function answer(response: LightMyRequestResponse): ApiAnswer {
  return { status: response.statusCode, json: response.body === '' ? {} : (JSON.parse(response.body) as Record<string, any>), headers: response.headers };
}

function uniqueEmail(): string {
  emailCounter += 1;
  return `holder.${process.pid}.${emailCounter}@example.sa`;
}

/** A JSON call with a bearer token. */
async function api(token: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>, language = 'en'): Promise<ApiAnswer> {
  const response = await platform.app.inject({
    method,
    url,
    headers: { 'accept-language': language, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(payload ? { payload } : {}),
  });
  return answer(response);
}

/** Signs in over the API (password, then the SMS code); returns the session token. */
async function signIn(login: string, password: string, mobile: string): Promise<string> {
  platform.clock.advanceSeconds(1);
  const started = await api(null, 'POST', '/api/v1/login', { login, password });
  assert.equal(started.status, 200, `sign-in: ${JSON.stringify(started.json)}`);
  const code = await codeFor(mobile, 'login');
  const verified = await api(null, 'POST', `/api/v1/login/${started.json.loginId}/otp`, { code });
  assert.equal(verified.status, 200, `sign-in code: ${JSON.stringify(verified.json)}`);
  return verified.json.token as string;
}

/** A registered, signed-in holder with their own mobile and e-mail address. */
async function holder(overrides: Record<string, unknown> = {}): Promise<Holder> {
  const email = uniqueEmail();
  const registered = await registerOk(platform, { email, emailConfirmation: email, ...overrides });
  const username = String(registered.body.username);
  const password = String(registered.body.password);
  const token = await signIn(username, password, registered.mobile);
  return { account: registered.account, username, password, mobile: registered.mobile, email, token };
}

/** The newest code of a purpose sent by SMS to a mobile, or by e-mail to an address. */
async function codeFor(recipient: string, purpose: string): Promise<string> {
  const messages = recipient.includes('@') ? await platform.emailTo(recipient) : await platform.smsTo(recipient);
  const text = messages.find((message) => message.purpose === purpose)?.text;
  const code = text?.match(/\b\d{6}\b/)?.[0];
  assert.ok(code, `a ${purpose} code was sent to ${recipient}`);
  return code;
}

async function purposesTo(recipient: string): Promise<string[]> {
  const messages = recipient.includes('@') ? await platform.emailTo(recipient) : await platform.smsTo(recipient);
  return messages.map((message) => message.purpose);
}

async function auditTypes(accountId: string): Promise<string[]> {
  return (await platform.store.audit.listForAccount(accountId, 200)).map((record) => record.type);
}

async function noticeKinds(accountId: string): Promise<string[]> {
  return (await platform.store.notices.listForAccount(accountId, 50)).map((notice) => notice.kind);
}

async function account(id: string): Promise<Account> {
  const found = await platform.store.accounts.findById(id);
  assert.ok(found);
  return found;
}

// ---- Pages: a cookie jar, form posts with the CSRF token ----

class Browser {
  readonly #cookies = new Map<string, string>();

  constructor(sessionToken?: string) {
    if (sessionToken) this.#cookies.set('__Host-absher-session', sessionToken);
  }

  #take(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies as Array<{ name: string; value: string; maxAge?: number }>) {
      if (cookie.value === '' || cookie.maxAge === 0) this.#cookies.delete(cookie.name);
      else this.#cookies.set(cookie.name, cookie.value);
    }
    return response;
  }

  #header(): Record<string, string> {
    return this.#cookies.size === 0 ? {} : { cookie: [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  }

  cookie(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.#take(await platform.app.inject({ method: 'GET', url, headers: this.#header() }));
  }

  async post(url: string, form: Record<string, string>): Promise<LightMyRequestResponse> {
    const response = await platform.app.inject({
      method: 'POST',
      url,
      headers: { ...this.#header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(form).toString(),
    });
    return this.#take(response);
  }

  /** Opens a page and posts its form (with the page's CSRF token). */
  async submit(pageUrl: string, form: Record<string, string>, action = pageUrl): Promise<LightMyRequestResponse> {
    const page = await this.get(pageUrl);
    assert.equal(page.statusCode, 200, `${pageUrl}: ${page.body.slice(0, 200)}`);
    return this.post(action, { _csrf: csrfIn(page.body), ...form });
  }
}

function csrfIn(html: string): string {
  const token = /<input[^>]*name="_csrf"[^>]*value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, 'the page carries a CSRF token');
  return token;
}

const decode = (html: string) => html.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;|&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

function assertShows(html: string, text: string, what = text): void {
  assert.ok(decode(html).includes(text), `the page shows: ${what}`);
}

describe('account changes', () => {
  before(async () => {
    platform = await startTestPlatform();
  });
  after(() => platform.close());

  describe('mobile over the API', () => {
    it('when the holder confirms with the old number and then the new one, then the mobile changes and both numbers, a notice and the audit say so', async () => {
      const me = await holder();
      const newMobile = e164(uniqueMobile());

      const started = await api(me.token, 'POST', '/api/v1/me/mobile-changes', { mobile: `0${newMobile.slice(4)}` });
      assert.equal(started.status, 201, JSON.stringify(started.json));
      assert.equal(started.json.state, 'old_code');
      assert.equal(started.json.mobileMasked, maskMobile(me.mobile));
      assert.equal(started.json.newMobileMasked, maskMobile(newMobile));
      const changeId = started.json.changeId as string;
      const oldCode = await codeFor(me.mobile, 'mobile_change_old');
      assert.deepEqual(await purposesTo(newMobile), [], 'nothing goes to the new number before the old one confirmed');

      const wrong = await api(me.token, 'POST', `/api/v1/me/mobile-changes/${changeId}/otp`, { code: wrongCode(oldCode) });
      assert.equal(assertError(wrong, 422, 'otp.invalid').attemptsLeft, 4);

      const confirmedOld = await api(me.token, 'POST', `/api/v1/me/mobile-changes/${changeId}/otp`, { code: oldCode });
      assert.equal(confirmedOld.status, 200, JSON.stringify(confirmedOld.json));
      assert.equal(confirmedOld.json.state, 'new_code');
      assert.equal(confirmedOld.json.mobileMasked, maskMobile(newMobile));
      assert.equal((await account(me.account.id)).mobile, me.mobile, 'not changed yet');
      const newCode = await codeFor(newMobile, 'mobile_change_new');

      const reused = await api(me.token, 'POST', `/api/v1/me/mobile-changes/${changeId}/otp`, { code: oldCode === newCode ? wrongCode(newCode) : oldCode });
      assertError(reused, 422, 'otp.invalid');

      const completed = await api(me.token, 'POST', `/api/v1/me/mobile-changes/${changeId}/otp`, { code: newCode });
      assert.equal(completed.status, 200, JSON.stringify(completed.json));
      assert.equal(completed.json.state, 'completed');
      assert.equal((await account(me.account.id)).mobile, newMobile);

      const read = await api(me.token, 'GET', `/api/v1/me/mobile-changes/${changeId}`);
      assert.equal(read.json.state, 'completed');
      assertError(await api(me.token, 'POST', `/api/v1/me/mobile-changes/${changeId}/otp`, { code: newCode }), 409, 'flow.wrong_state');

      const toOld = (await platform.smsTo(me.mobile)).find((message) => message.purpose === 'mobile_changed');
      assert.equal(toOld?.text, translate('ar', 'sms.mobile_changed_old', { mobile: maskMobile(newMobile) }));
      const toNew = (await platform.smsTo(newMobile)).find((message) => message.purpose === 'mobile_changed');
      assert.equal(toNew?.text, translate('ar', 'sms.mobile_changed_new', { username: me.username }));
      assert.ok((await noticeKinds(me.account.id)).includes('mobile.changed'));
      const types = await auditTypes(me.account.id);
      for (const type of ['mobile_change.started', 'otp.failed', 'mobile_change.old_confirmed', 'mobile.changed']) assert.ok(types.includes(type), type);
      assert.ok(!types.includes('mobile.moved'), 'nobody else held the number');

      // The next sign-in's code goes to the new number.
      await signIn(me.username, me.password, newMobile);
    });

    it('when the new number belongs to another account, then it moves and that holder gets a notice, an e-mail and an audit record', async () => {
      const me = await holder();
      const other = await holder();
      const started = await api(me.token, 'POST', '/api/v1/me/mobile-changes', { mobile: other.mobile });
      assert.equal(started.status, 201, JSON.stringify(started.json));
      const changeId = started.json.changeId as string;
      await api(me.token, 'POST', `/api/v1/me/mobile-changes/${changeId}/otp`, { code: await codeFor(me.mobile, 'mobile_change_old') });
      const completed = await api(me.token, 'POST', `/api/v1/me/mobile-changes/${changeId}/otp`, { code: await codeFor(other.mobile, 'mobile_change_new') });
      assert.equal(completed.json.state, 'completed', JSON.stringify(completed.json));

      assert.equal((await account(me.account.id)).mobile, other.mobile);
      assert.equal((await account(other.account.id)).mobile, null, 'the number left the other account');
      assert.ok((await noticeKinds(other.account.id)).includes('mobile.moved_away'));
      const mail = (await platform.emailTo(other.email)).find((message) => message.purpose === 'mobile_moved_away');
      assert.equal(mail?.text, translate('ar', 'email.mobile_moved_away', { mobile: maskMobile(other.mobile) }));
      const moved = (await platform.store.audit.listForAccount(other.account.id, 50)).find((record) => record.type === 'mobile.moved');
      assert.equal(moved?.data.toAccount, me.account.id);
      assert.equal((await platform.store.audit.listForAccount(me.account.id, 50)).find((record) => record.type === 'mobile.changed')?.data.movedFromAnotherAccount, true);

      // The other holder, still signed in, has no number to change any more: a kiosk or an office.
      const refused = await api(other.token, 'POST', '/api/v1/me/mobile-changes', { mobile: uniqueMobile() });
      assertError(refused, 409, 'mobile_change.no_current_mobile');
      assert.equal(refused.json.error.message, translate('en', 'mobile_change.no_current_mobile'));
    });

    it('when another account asks about, verifies or resends a change, then it is answered as unknown (404) and the change goes on', async () => {
      const me = await holder();
      const stranger = await holder();
      const started = await api(me.token, 'POST', '/api/v1/me/mobile-changes', { mobile: uniqueMobile() });
      const changeId = started.json.changeId as string;
      const oldCode = await codeFor(me.mobile, 'mobile_change_old');
      assertError(await api(stranger.token, 'GET', `/api/v1/me/mobile-changes/${changeId}`), 404, 'flow.not_found');
      assertError(await api(stranger.token, 'POST', `/api/v1/me/mobile-changes/${changeId}/otp`, { code: oldCode }), 404, 'flow.not_found');
      platform.clock.advanceSeconds(61);
      assertError(await api(stranger.token, 'POST', `/api/v1/me/mobile-changes/${changeId}/otp/resend`), 404, 'flow.not_found');
      const mine = await api(me.token, 'POST', `/api/v1/me/mobile-changes/${changeId}/otp`, { code: oldCode });
      assert.equal(mine.json.state, 'new_code', 'the code was not spent by the stranger');
      assertError(await api(me.token, 'GET', '/api/v1/me/mobile-changes/not-a-uuid'), 404, 'flow.not_found');
    });

    it('when the number is the current one, malformed, or the caller is not signed in, then the change is refused', async () => {
      const me = await holder();
      const same = await api(me.token, 'POST', '/api/v1/me/mobile-changes', { mobile: `+${me.mobile.slice(1)}` });
      assertError(same, 422, 'validation.failed');
      assert.deepEqual(fieldCodes(same.json), { mobile: ['mobile.same_as_current'] });
      assert.deepEqual(fieldCodes((await api(me.token, 'POST', '/api/v1/me/mobile-changes', { mobile: '0412345678' })).json), { mobile: ['mobile.format'] });
      assert.deepEqual(fieldCodes((await api(me.token, 'POST', '/api/v1/me/mobile-changes', {})).json), { mobile: ['mobile.required'] });
      assertError(await api(me.token, 'POST', '/api/v1/me/mobile-changes', ['0551234567'] as unknown as Record<string, unknown>), 400, 'request.malformed');
      for (const [method, url] of [
        ['POST', '/api/v1/me/mobile-changes'],
        ['POST', `/api/v1/me/mobile-changes/${crypto.randomUUID()}/otp`],
        ['POST', `/api/v1/me/mobile-changes/${crypto.randomUUID()}/otp/resend`],
        ['GET', `/api/v1/me/mobile-changes/${crypto.randomUUID()}`],
        ['POST', '/api/v1/me/email-changes'],
        ['POST', `/api/v1/me/email-changes/${crypto.randomUUID()}/otp`],
        ['POST', `/api/v1/me/email-changes/${crypto.randomUUID()}/otp/resend`],
        ['GET', `/api/v1/me/email-changes/${crypto.randomUUID()}`],
        ['PUT', '/api/v1/me/password'],
        ['PUT', '/api/v1/me/language'],
      ] as const) {
        assertError(await api(null, method, url, method === 'GET' ? undefined : {}), 401, 'auth.required');
      }
    });

    it('when the current number is taken by a new registration before the old code is entered, then the change is refused as stale', async () => {
      const me = await holder();
      const started = await api(me.token, 'POST', '/api/v1/me/mobile-changes', { mobile: uniqueMobile() });
      const changeId = started.json.changeId as string;
      const oldCode = await codeFor(me.mobile, 'mobile_change_old');
      platform.clock.advanceSeconds(61);
      await registerOk(platform, { mobile: `0${me.mobile.slice(4)}` });
      assertError(await api(me.token, 'POST', `/api/v1/me/mobile-changes/${changeId}/otp`, { code: oldCode }), 409, 'mobile_change.stale');
      assert.equal((await account(me.account.id)).mobile, null);
    });

    it('when a new code is asked for too soon, then it waits; after a minute one comes, to the number of the current step', async () => {
      const me = await holder();
      const newMobile = e164(uniqueMobile());
      const started = await api(me.token, 'POST', '/api/v1/me/mobile-changes', { mobile: newMobile });
      const changeId = started.json.changeId as string;
      const tooSoon = await api(me.token, 'POST', `/api/v1/me/mobile-changes/${changeId}/otp/resend`);
      assertError(tooSoon, 429, 'otp.resend_too_soon');
      assert.ok(Number(tooSoon.headers['retry-after']) > 0);
      platform.clock.advanceSeconds(61);
      const resent = await api(me.token, 'POST', `/api/v1/me/mobile-changes/${changeId}/otp/resend`);
      assert.equal(resent.status, 202, JSON.stringify(resent.json));
      assert.equal(resent.json.mobileMasked, maskMobile(me.mobile));
      assert.equal((await platform.smsTo(me.mobile)).filter((message) => message.purpose === 'mobile_change_old').length, 2);
      await api(me.token, 'POST', `/api/v1/me/mobile-changes/${changeId}/otp`, { code: await codeFor(me.mobile, 'mobile_change_old') });
      platform.clock.advanceSeconds(61);
      const second = await api(me.token, 'POST', `/api/v1/me/mobile-changes/${changeId}/otp/resend`);
      assert.equal(second.json.mobileMasked, maskMobile(newMobile));
      assert.equal((await platform.smsTo(newMobile)).filter((message) => message.purpose === 'mobile_change_new').length, 2);
    });
  });

  describe('e-mail over the API', () => {
    it('when the holder confirms the code sent to the new address, then the e-mail changes, the old address is told, with a notice and audit records', async () => {
      const me = await holder();
      const newEmail = uniqueEmail();

      const mismatch = await api(me.token, 'POST', '/api/v1/me/email-changes', { email: newEmail, emailConfirmation: `x${newEmail}` });
      assert.deepEqual(fieldCodes(mismatch.json), { emailConfirmation: ['email.mismatch'] });
      const same = await api(me.token, 'POST', '/api/v1/me/email-changes', { email: me.email.toUpperCase(), emailConfirmation: me.email.toUpperCase() });
      assert.deepEqual(fieldCodes(same.json), { email: ['email.same_as_current'] });
      assert.deepEqual(fieldCodes((await api(me.token, 'POST', '/api/v1/me/email-changes', { email: 'not-an-address' })).json), { email: ['email.format'] });

      const started = await api(me.token, 'POST', '/api/v1/me/email-changes', { email: newEmail, emailConfirmation: newEmail });
      assert.equal(started.status, 201, JSON.stringify(started.json));
      assert.equal(started.json.state, 'otp_sent');
      assert.equal(started.json.emailMasked, maskEmail(newEmail));
      const changeId = started.json.changeId as string;
      const mail = (await platform.emailTo(newEmail)).find((message) => message.purpose === 'email_change');
      assert.equal(mail?.subject, translate('ar', 'email.email_change_code.subject'));
      const code = await codeFor(newEmail, 'email_change');
      assert.ok(!(await purposesTo(me.mobile)).includes('email_change'), 'the code is not sent by SMS');

      assertError(await api(me.token, 'POST', `/api/v1/me/email-changes/${changeId}/otp`, { code: wrongCode(code) }), 422, 'otp.invalid');
      assert.equal((await account(me.account.id)).email, me.email);
      const completed = await api(me.token, 'POST', `/api/v1/me/email-changes/${changeId}/otp`, { code });
      assert.equal(completed.status, 200, JSON.stringify(completed.json));
      assert.equal(completed.json.state, 'completed');
      assert.equal((await account(me.account.id)).email, newEmail);

      const told = (await platform.emailTo(me.email)).find((message) => message.purpose === 'email_changed');
      assert.equal(told?.text, translate('ar', 'email.email_changed', { email: maskEmail(newEmail) }));
      assert.equal(told?.subject, translate('ar', 'email.email_changed.subject'));
      assert.ok((await noticeKinds(me.account.id)).includes('email.changed'));
      const types = await auditTypes(me.account.id);
      for (const type of ['email_change.started', 'otp.failed', 'email.changed']) assert.ok(types.includes(type), type);
      const me2 = await api(me.token, 'GET', '/api/v1/me');
      assert.equal(me2.json.email, newEmail);
    });

    it('when codes are asked for one address, then resends wait a minute and at most 10 codes an hour go to it', async () => {
      const me = await holder();
      const address = uniqueEmail();
      const first = await api(me.token, 'POST', '/api/v1/me/email-changes', { email: address, emailConfirmation: address });
      assertError(await api(me.token, 'POST', `/api/v1/me/email-changes/${first.json.changeId}/otp/resend`), 429, 'otp.resend_too_soon');
      platform.clock.advanceSeconds(61);
      const resent = await api(me.token, 'POST', `/api/v1/me/email-changes/${first.json.changeId}/otp/resend`);
      assert.equal(resent.status, 202, JSON.stringify(resent.json));
      for (let sent = 2; sent < 10; sent += 1) {
        const again = await api(me.token, 'POST', '/api/v1/me/email-changes', { email: address, emailConfirmation: address });
        assert.equal(again.status, 201, `code ${sent + 1}: ${JSON.stringify(again.json)}`);
      }
      const eleventh = await api(me.token, 'POST', '/api/v1/me/email-changes', { email: address.toUpperCase(), emailConfirmation: address.toUpperCase() });
      assertError(eleventh, 429, 'otp.send_limit');
      assert.equal((await platform.emailTo(address)).filter((message) => message.purpose === 'email_change').length, 10);
      const otherAddress = uniqueEmail();
      assert.equal((await api(me.token, 'POST', '/api/v1/me/email-changes', { email: otherAddress, emailConfirmation: otherAddress })).status, 201, 'the limit is per address');
    });

    it('when another account uses a change id, then it is unknown to them', async () => {
      const me = await holder();
      const stranger = await holder();
      const address = uniqueEmail();
      const started = await api(me.token, 'POST', '/api/v1/me/email-changes', { email: address, emailConfirmation: address });
      const code = await codeFor(address, 'email_change');
      assertError(await api(stranger.token, 'POST', `/api/v1/me/email-changes/${started.json.changeId}/otp`, { code }), 404, 'flow.not_found');
      assertError(await api(stranger.token, 'GET', `/api/v1/me/email-changes/${started.json.changeId}`), 404, 'flow.not_found');
      assert.equal((await account(stranger.account.id)).email, stranger.email);
      assert.equal((await api(me.token, 'POST', `/api/v1/me/email-changes/${started.json.changeId}/otp`, { code })).json.state, 'completed');
    });
  });

  describe('password over the API', () => {
    const change = (token: string, currentPassword: string, password: string, passwordConfirmation = password) =>
      api(token, 'PUT', '/api/v1/me/password', { currentPassword, password, passwordConfirmation });

    it('when the holder changes the password, then every other session ends, this one stays, and the holder is told by SMS, e-mail and a notice', async () => {
      const me = await holder();
      const otherSession = await signIn(me.username, me.password, me.mobile);
      const thirdSession = await signIn(me.username, me.password, me.mobile);
      assert.equal((await api(otherSession, 'GET', '/api/v1/me')).status, 200);

      const changed = await change(me.token, me.password, 'Kd4rMx8q');
      assert.equal(changed.status, 204, JSON.stringify(changed.json));
      assert.equal((await api(me.token, 'GET', '/api/v1/me')).status, 200, 'the current session stays');
      assertError(await api(otherSession, 'GET', '/api/v1/me'), 401, 'auth.required');
      assertError(await api(thirdSession, 'GET', '/api/v1/me'), 401, 'auth.required');

      const sms = (await platform.smsTo(me.mobile)).find((message) => message.purpose === 'password_changed');
      assert.equal(sms?.text, translate('ar', 'sms.password_changed'));
      const mail = (await platform.emailTo(me.email)).find((message) => message.purpose === 'password_changed');
      assert.equal(mail?.subject, translate('ar', 'email.password_changed.subject'));
      assert.ok((await noticeKinds(me.account.id)).includes('password.changed'));
      const record = (await platform.store.audit.listForAccount(me.account.id, 50)).find((item) => item.type === 'password.changed');
      assert.equal(record?.data.endedSessions, 2);
      assert.equal((await account(me.account.id)).mustChangePassword, false);

      // Sign-in now takes the new password only.
      const old = await platform.app.inject({ method: 'POST', url: '/api/v1/login', remoteAddress: '10.77.0.1', payload: { login: me.username, password: me.password } });
      assert.equal(old.statusCode, 401);
      await signIn(me.username, 'Kd4rMx8q', me.mobile);
    });

    it('when a temporary password must be changed, then changing it clears the demand', async () => {
      const me = await holder();
      await platform.store.accounts.update(me.account.id, { mustChangePassword: true }, platform.clock.now());
      assert.equal((await change(me.token, me.password, 'Kd4rMx8q')).status, 204);
      assert.equal((await account(me.account.id)).mustChangePassword, false);
    });

    it('when the new password breaks the policy or the confirmation differs, then every problem is reported and nothing changes', async () => {
      const me = await holder();
      const broken = await change(me.token, me.password, 'abcd1234', 'abcd1235');
      assertError(broken, 422, 'validation.failed');
      const codes = fieldCodes(broken.json);
      assert.ok(codes.password?.includes('password.needs_uppercase'), JSON.stringify(codes));
      assert.ok(codes.password?.includes('password.sequence'));
      assert.deepEqual(codes.passwordConfirmation, ['password.mismatch']);
      const withUsername = await change(me.token, me.password, `Q${me.username.slice(0, 6)}9z`);
      assert.ok(fieldCodes(withUsername.json).password?.includes('password.contains_username'));
      assert.deepEqual(fieldCodes((await change(me.token, '', 'Kd4rMx8q')).json), { currentPassword: ['password.current_required'] });
      assert.equal((await account(me.account.id)).passwordHash, me.account.passwordHash);
      assert.deepEqual(await platform.store.lockouts.find(`account:${me.account.id}`), null, 'a missing current password is not a guess');
    });

    it('when the new password is any of the last 3, then it is refused as reused; the 4th back is accepted', async () => {
      const me = await holder();
      const passwords = [me.password, 'Kd4rMx8q', 'Hz7pWn2c', 'Tb5vLq9k'];
      for (let index = 1; index < passwords.length; index += 1) {
        platform.clock.advanceSeconds(5);
        const changed = await change(me.token, passwords[index - 1]!, passwords[index]!);
        assert.equal(changed.status, 204, `change ${index}: ${JSON.stringify(changed.json)}`);
      }
      const current = passwords[3]!;
      for (const recent of passwords.slice(1)) {
        const refused = await change(me.token, current, recent);
        assertError(refused, 422, 'validation.failed');
        assert.deepEqual(fieldCodes(refused.json), { password: ['password.reused'] }, `${recent} is one of the last 3`);
        assert.equal(refused.json.error.fields.password[0].message, errorMessage('en', { code: 'password.reused' }));
      }
      platform.clock.advanceSeconds(5);
      assert.equal((await change(me.token, current, passwords[0]!)).status, 204, 'the first password is 4 back now');
    });

    it('when the current password is wrong, then it counts toward the account lockout: the 5th wrong one locks both this form and sign-in', async () => {
      const me = await holder();
      for (let attempt = 1; attempt <= 4; attempt += 1) {
        const wrong = await change(me.token, `${me.password}x`, 'Kd4rMx8q');
        const error = assertError(wrong, 422, 'password.current_wrong');
        assert.deepEqual(error.fields?.currentPassword?.map((item) => item.code), ['password.current_wrong']);
      }
      assert.equal((await platform.store.lockouts.find(`account:${me.account.id}`))?.failures, 4);
      const locked = await change(me.token, `${me.password}x`, 'Kd4rMx8q');
      assertError(locked, 423, 'login.locked');
      assert.ok(Number(locked.headers['retry-after']) > 0);
      assertError(await change(me.token, me.password, 'Kd4rMx8q'), 423, 'login.locked');
      const signIn = await platform.app.inject({ method: 'POST', url: '/api/v1/login', remoteAddress: '10.77.0.2', payload: { login: me.username, password: me.password } });
      assert.equal(signIn.statusCode, 423, 'sign-in is locked too');
      const types = await auditTypes(me.account.id);
      assert.equal(types.filter((type) => type === 'password.change_failed').length, 4);
      assert.ok(types.includes('login.locked'));
      assert.equal((await account(me.account.id)).passwordHash, me.account.passwordHash);
    });
  });

  describe('language over the API', () => {
    it('when the holder chooses English, then it is saved at once, an SMS in English and a notice tell them, and the audit records it', async () => {
      const me = await holder();
      assert.equal(me.account.preferredLanguage, 'ar');
      const changed = await api(me.token, 'PUT', '/api/v1/me/language', { preferredLanguage: 'en' });
      assert.equal(changed.status, 204, JSON.stringify(changed.json));
      assert.equal((await account(me.account.id)).preferredLanguage, 'en');
      const sms = (await platform.smsTo(me.mobile)).filter((message) => message.purpose === 'language_changed');
      assert.deepEqual(sms.map((message) => message.text), [translate('en', 'sms.language_changed')]);
      assert.ok((await noticeKinds(me.account.id)).includes('language.changed'));
      const record = (await platform.store.audit.listForAccount(me.account.id, 50)).find((item) => item.type === 'language.changed');
      assert.deepEqual([record?.data.from, record?.data.to], ['ar', 'en']);

      assert.equal((await api(me.token, 'PUT', '/api/v1/me/language', { preferredLanguage: 'en' })).status, 204, 'the same language again');
      assert.equal((await platform.smsTo(me.mobile)).filter((message) => message.purpose === 'language_changed').length, 1, 'and nothing is sent');
      const invalid = await api(me.token, 'PUT', '/api/v1/me/language', { preferredLanguage: 'fr' });
      assert.deepEqual(fieldCodes(invalid.json), { preferredLanguage: ['language.invalid'] });

      // The next code comes in English.
      platform.clock.advanceSeconds(1);
      await api(me.token, 'POST', '/api/v1/me/mobile-changes', { mobile: uniqueMobile() });
      const codeSms = (await platform.smsTo(me.mobile)).find((message) => message.purpose === 'mobile_change_old');
      assert.match(codeSms?.text ?? '', /^Absher: your code to change your mobile number/);
    });
  });

  describe('the pages', () => {
    it('when a signed-in holder opens the account page, then it links to the settings, which list every change', async () => {
      const me = await holder();
      const browser = new Browser(me.token);
      const accountPage = await browser.get('/account?lang=en');
      assert.match(accountPage.body, /href="\/account\/settings"/);
      const settings = await browser.get('/account/settings');
      assert.equal(settings.statusCode, 200);
      for (const href of ['/account/mobile', '/account/email', '/account/password', '/account/language']) assert.match(settings.body, new RegExp(`href="${href}"`));
      assertShows(settings.body, me.email);
      assertShows(settings.body, maskMobile(me.mobile));
      assertShows(settings.body, translate('en', 'settings.lost_mobile'));
    });

    it('when nobody is signed in, then every account-change page sends to sign-in and a form post changes nothing', async () => {
      for (const url of ['/account/settings', '/account/mobile', '/account/email', '/account/password', '/account/language', `/account/mobile/verify-old?flow=${crypto.randomUUID()}`, `/account/email/verify?flow=${crypto.randomUUID()}`]) {
        const response = await platform.app.inject({ method: 'GET', url });
        assert.equal(response.statusCode, 303, url);
        assert.equal(response.headers.location, `/login?next=${encodeURIComponent(url)}`);
      }
      const posted = await platform.app.inject({
        method: 'POST',
        url: '/account/language',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'preferredLanguage=en',
      });
      assert.equal(posted.statusCode, 303);
      assert.match(String(posted.headers.location), /^\/login\?next=/);
    });

    it('when the mobile is changed through the pages, then both code pages lead to the settings page, which confirms it', async () => {
      const me = await holder();
      const browser = new Browser(me.token);
      const newLocal = uniqueMobile();
      const newMobile = e164(newLocal);

      const invalid = await browser.submit('/account/mobile?lang=en', { mobile: me.mobile });
      assert.equal(invalid.statusCode, 422);
      assertShows(invalid.body, translate('en', 'mobile.same_as_current'));
      assert.match(invalid.body, /<a href="#mobile">/);

      const started = await browser.submit('/account/mobile', { mobile: newLocal });
      assert.equal(started.statusCode, 303, started.body.slice(0, 300));
      const oldUrl = String(started.headers.location);
      assert.match(oldUrl, /^\/account\/mobile\/verify-old\?flow=[0-9a-f-]{36}$/);
      const flowId = oldUrl.split('=')[1]!;

      const oldPage = await browser.get(oldUrl);
      assert.equal(oldPage.statusCode, 200);
      assertShows(oldPage.body, translate('en', 'mobile_change.verify_old_title'));
      assertShows(oldPage.body, maskMobile(me.mobile));
      const oldCode = await codeFor(me.mobile, 'mobile_change_old');
      const wrong = await browser.post(oldUrl, { _csrf: csrfIn(oldPage.body), code: wrongCode(oldCode) });
      assert.equal(wrong.statusCode, 422);
      assertShows(wrong.body, errorMessage('en', { code: 'otp.invalid', params: { count: 4 } }));
      assert.equal((await browser.get(`/account/mobile/verify-new?flow=${flowId}`)).headers.location, oldUrl, 'the new-number page waits for the old number');

      const toNew = await browser.post(oldUrl, { _csrf: csrfIn(wrong.body), code: oldCode });
      assert.equal(toNew.statusCode, 303);
      const newUrl = String(toNew.headers.location);
      assert.equal(newUrl, `/account/mobile/verify-new?flow=${flowId}`);
      assert.equal((await browser.get(oldUrl)).headers.location, newUrl, 'the old-number page moves on');
      const newPage = await browser.get(newUrl);
      assertShows(newPage.body, translate('en', 'mobile_change.verify_new_title'));
      assertShows(newPage.body, maskMobile(newMobile));
      const done = await browser.post(newUrl, { _csrf: csrfIn(newPage.body), code: await codeFor(newMobile, 'mobile_change_new') });
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/account/settings?done=mobile');
      const settings = await browser.get(String(done.headers.location));
      assertShows(settings.body, translate('en', 'settings.done.mobile'));
      assertShows(settings.body, maskMobile(newMobile));
      assert.equal((await account(me.account.id)).mobile, newMobile);
      assert.ok((await purposesTo(me.mobile)).includes('mobile_changed'));
      assert.equal((await browser.get(newUrl)).headers.location, '/account/settings?done=mobile', 'a finished change shows its result');
    });

    it('when another holder opens or posts to a change page, then the flow problem page answers 404 and offers to start their own', async () => {
      const me = await holder();
      const stranger = new Browser((await holder()).token);
      const started = await api(me.token, 'POST', '/api/v1/me/mobile-changes', { mobile: uniqueMobile() });
      const url = `/account/mobile/verify-old?flow=${started.json.changeId}`;
      const page = await stranger.get(`${url}&lang=en`);
      assert.equal(page.statusCode, 404);
      assertShows(page.body, translate('en', 'flow.not_found'));
      assert.match(page.body, /href="\/account\/mobile"/);
      const accountPage = await stranger.get('/account');
      const posted = await stranger.post(url, { _csrf: csrfIn(accountPage.body), code: await codeFor(me.mobile, 'mobile_change_old') });
      assert.equal(posted.statusCode, 404);
    });

    it('when a holder without a mobile opens the mobile page, then it sends them to a kiosk or an office and offers no form', async () => {
      const me = await holder();
      await platform.store.transaction((tx) => tx.accounts.releaseMobile(me.mobile, platform.clock.now()));
      const page = await new Browser(me.token).get('/account/mobile?lang=en');
      assert.equal(page.statusCode, 200);
      assertShows(page.body, translate('en', 'mobile_change.no_current_mobile'));
      assert.doesNotMatch(page.body, /name="mobile"/);
    });

    it('when the e-mail is changed through the pages, then the code page and the settings page follow, in English', async () => {
      const me = await holder();
      const browser = new Browser(me.token);
      const newEmail = uniqueEmail();
      const mismatch = await browser.submit('/account/email?lang=en', { email: newEmail, emailConfirmation: 'other@example.sa' });
      assert.equal(mismatch.statusCode, 422);
      assertShows(mismatch.body, translate('en', 'email.mismatch'));
      assertShows(mismatch.body, newEmail, 'what was typed is kept');

      const started = await browser.submit('/account/email', { email: newEmail, emailConfirmation: newEmail });
      assert.equal(started.statusCode, 303, started.body.slice(0, 300));
      const verifyUrl = String(started.headers.location);
      assert.match(verifyUrl, /^\/account\/email\/verify\?flow=/);
      const codePage = await browser.get(verifyUrl);
      assertShows(codePage.body, maskEmail(newEmail));
      assertShows(codePage.body, translate('en', 'email_change.code_hint'));
      const done = await browser.post(verifyUrl, { _csrf: csrfIn(codePage.body), code: await codeFor(newEmail, 'email_change') });
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/account/settings?done=email');
      const settings = await browser.get('/account/settings?done=email');
      assertShows(settings.body, translate('en', 'settings.done.email'));
      assertShows(settings.body, newEmail);
      assert.ok((await purposesTo(me.email)).includes('email_changed'));
    });

    it('when the password is changed through the pages, then a wrong current password is said at its field and the right one ends the other sessions', async () => {
      const me = await holder();
      const other = await signIn(me.username, me.password, me.mobile);
      const browser = new Browser(me.token);
      const wrong = await browser.submit('/account/password?lang=en', { currentPassword: 'Wrong1pass', password: 'Kd4rMx8q', passwordConfirmation: 'Kd4rMx8q' });
      assert.equal(wrong.statusCode, 422);
      assertShows(wrong.body, translate('en', 'password.current_wrong'));
      assert.match(wrong.body, /<a href="#currentPassword">/);
      assert.doesNotMatch(wrong.body, /value="Kd4rMx8q"/, 'passwords are never shown again');

      const noToken = await browser.post('/account/password', { currentPassword: me.password, password: 'Kd4rMx8q', passwordConfirmation: 'Kd4rMx8q' });
      assert.equal(noToken.statusCode, 403, 'CSRF is checked');

      const done = await browser.submit('/account/password', { currentPassword: me.password, password: 'Kd4rMx8q', passwordConfirmation: 'Kd4rMx8q' });
      assert.equal(done.statusCode, 303, done.body.slice(0, 300));
      assert.equal(done.headers.location, '/account/settings?done=password');
      const settings = await browser.get('/account/settings?done=password');
      assert.equal(settings.statusCode, 200, 'this session stays');
      assertShows(settings.body, translate('en', 'settings.done.password'));
      assertError(await api(other, 'GET', '/api/v1/me'), 401, 'auth.required');
      assert.ok((await auditTypes(me.account.id)).includes('password.changed'));
    });

    it('when the language is changed through the pages, then the settings page confirms it in the new language', async () => {
      const me = await holder();
      const browser = new Browser(me.token);
      const form = await browser.get('/account/language');
      assert.match(form.body, /<html[^>]*\blang="ar"/);
      assert.match(form.body, /id="preferredLanguage-ar"[^>]*checked/);
      const done = await browser.post('/account/language', { _csrf: csrfIn(form.body), preferredLanguage: 'en' });
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/account/settings?done=language&lang=en');
      const settings = await browser.get(String(done.headers.location));
      assert.match(settings.body, /<html[^>]*\blang="en"/);
      assertShows(settings.body, translate('en', 'settings.done.language'));
      assert.equal(browser.cookie('__Host-absher-lang'), 'en', 'the pages keep the new language');
      assert.equal((await account(me.account.id)).preferredLanguage, 'en');
      assert.ok((await purposesTo(me.mobile)).includes('language_changed'));
      const invalid = await browser.submit('/account/language', { preferredLanguage: 'xx' });
      assert.equal(invalid.statusCode, 422);
      assertShows(invalid.body, translate('en', 'language.invalid'));
    });
  });
});
