// Forgot username over the JSON API and through the pages (inject, fake clock): the same mismatch
// answer as forgot password (and the same counters), the visual code, the SMS code and its resend,
// the username shown and sent by SMS, the audit records, and the page journey.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { freshPerson, solvedCaptcha, uniqueMobile } from '../helpers/registration.ts';
import { translate } from '../../src/i18n/i18n.ts';
import { recoveryRules } from '../../src/core/flows/recovery.ts';
import { assertError, fieldCodes, pageClient, wrongAnswer, wrongCode } from './support.ts';
import {
  codesFor,
  getJson,
  inputValue,
  latestCodeFor,
  pageText,
  postJson,
  registeredHolder,
  startRecovery,
  summaryItems,
  type Holder,
} from './recovery-support.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('forgot username', () => {
  let platform: TestPlatform;
  before(async () => {
    platform = await startTestPlatform();
  });
  after(() => platform.close());

  const reminder = (id: string, step = '') => `/api/v1/username-reminders/${id}${step}`;

  async function startFor(holder: Holder): Promise<string> {
    platform.clock.advanceSeconds(2);
    const started = await startRecovery(platform, 'username-reminders', { idNumber: holder.idNumber, mobile: holder.localMobile });
    assert.equal(started.status, 201, `start: ${JSON.stringify(started.json)}`);
    return started.json.reminderId as string;
  }

  async function auditTypes(accountId: string): Promise<string[]> {
    return (await platform.store.audit.listForAccount(accountId, 100)).map((record) => record.type);
  }

  describe('over the API', () => {
    it('when the ID and the mobile on the account are given, then a code is sent and the right code answers the username and sends it by SMS', async () => {
      const holder = await registeredHolder(platform);
      platform.clock.advanceSeconds(2);
      const started = await startRecovery(platform, 'username-reminders', { idNumber: holder.idNumber, mobile: holder.localMobile });
      assert.equal(started.status, 201, JSON.stringify(started.json));
      assert.match(started.json.reminderId, UUID);
      assert.equal(started.json.state, 'otp_sent');
      assert.equal(started.json.mobileMasked, `+966 5•••••${holder.mobile.slice(-3)}`);
      assert.ok(Date.parse(started.json.otpExpiresAt) > platform.clock.now().getTime());
      assert.ok(Date.parse(started.json.resendAvailableAt) > platform.clock.now().getTime());
      assert.equal(started.json.username, undefined, 'no username before the code');
      const pending = await getJson(platform, reminder(started.json.reminderId));
      assert.equal(pending.json.username, undefined);

      const code = await latestCodeFor(platform, holder.mobile, 'username_reminder');
      const verified = await postJson(platform, reminder(started.json.reminderId, '/otp'), { code });
      assert.equal(verified.status, 200, JSON.stringify(verified.json));
      assert.equal(verified.json.state, 'completed');
      assert.equal(verified.json.username, holder.username);

      const [sms] = (await platform.smsTo(holder.mobile)).filter((message) => message.purpose === 'username_reminder' && !/\b\d{6}\b/.test(message.text));
      assert.ok(sms, 'the username is sent by SMS');
      assert.ok(sms.text.includes(holder.username));
      const read = await getJson(platform, reminder(started.json.reminderId));
      assert.equal(read.json.username, holder.username);
      assertError(await postJson(platform, reminder(started.json.reminderId, '/otp'), { code }), 409, 'flow.wrong_state');
      const types = await auditTypes(holder.account.id);
      assert.ok(types.includes('username_reminder.started'));
      assert.ok(types.includes('username_reminder.completed'));
      for (const record of await platform.store.audit.listForAccount(holder.account.id, 100)) {
        assert.ok(!JSON.stringify(record.data).includes(holder.username), 'the username is not written to the audit log');
      }
    });

    it('when the ID and mobile are typed in Arabic digits, then they match, and the code may be typed in Arabic digits too', async () => {
      const holder = await registeredHolder(platform);
      const arabic = (text: string) => text.replace(/\d/g, (digit) => String.fromCharCode(0x0660 + Number(digit)));
      platform.clock.advanceSeconds(2);
      const started = await startRecovery(platform, 'username-reminders', { idNumber: arabic(holder.idNumber), mobile: arabic(holder.localMobile) });
      assert.equal(started.status, 201, JSON.stringify(started.json));
      const code = await latestCodeFor(platform, holder.mobile, 'username_reminder');
      const verified = await postJson(platform, reminder(started.json.reminderId, '/otp'), { code: arabic(code) });
      assert.equal(verified.json.username, holder.username);
    });

    it('when the ID is unknown or the mobile is not the account mobile, then the same 422 as forgot password, and no code is sent', async () => {
      const holder = await registeredHolder(platform);
      const unregistered = await freshPerson(platform);
      const unknown = await startRecovery(platform, 'username-reminders', { idNumber: unregistered.idNumber, mobile: holder.localMobile }, { language: 'en' });
      const wrongMobile = await startRecovery(platform, 'username-reminders', { idNumber: holder.idNumber, mobile: uniqueMobile() }, { language: 'en' });
      const viaReset = await startRecovery(platform, 'password-resets', { idNumber: holder.idNumber, mobile: uniqueMobile() }, { language: 'en' });
      assertError(unknown, 422, 'recovery.details_mismatch');
      assert.deepEqual(fieldCodes(unknown.json), { idNumber: ['recovery.details_mismatch'], mobile: ['recovery.details_mismatch'] });
      assert.deepEqual(wrongMobile.json, unknown.json);
      assert.deepEqual(viaReset.json, unknown.json);
      assert.deepEqual(await codesFor(platform, holder.mobile, 'username_reminder'), []);
      assert.ok((await auditTypes(holder.account.id)).includes('username_reminder.details_mismatch'));
    });

    it('when forgot username and forgot password failures for one ID add up to 5 within the hour, then both refuse with 429', async () => {
      const holder = await registeredHolder(platform);
      for (let failure = 1; failure <= recoveryRules.failuresPerIdentity; failure += 1) {
        const kind = failure % 2 === 0 ? 'password-resets' : 'username-reminders';
        assertError(await startRecovery(platform, kind, { idNumber: holder.idNumber, mobile: uniqueMobile() }), 422, 'recovery.details_mismatch');
      }
      assertError(await startRecovery(platform, 'username-reminders', { idNumber: holder.idNumber, mobile: holder.localMobile }), 429, 'rate.limited');
      assertError(await startRecovery(platform, 'password-resets', { idNumber: holder.idNumber, mobile: holder.localMobile }), 429, 'rate.limited');
    });

    it('when the visual code is missing or wrong, then 422 with captcha.required or captcha.wrong', async () => {
      const holder = await registeredHolder(platform);
      const missing = await startRecovery(platform, 'username-reminders', { idNumber: holder.idNumber, mobile: holder.localMobile, captcha: undefined });
      assert.deepEqual(fieldCodes(missing.json), { captcha: ['captcha.required'] });
      const captcha = await solvedCaptcha(platform);
      const wrong = await startRecovery(platform, 'username-reminders', {
        idNumber: holder.idNumber,
        mobile: holder.localMobile,
        captcha: { id: captcha.id, answer: wrongAnswer(captcha.answer) },
      });
      assert.deepEqual(fieldCodes(wrong.json), { captcha: ['captcha.wrong'] });
      assert.deepEqual(await codesFor(platform, holder.mobile, 'username_reminder'), []);
    });

    it('when the code is wrong, then 422 otp.invalid with tries left; a resend waits 60 s and the new code works', async () => {
      const holder = await registeredHolder(platform);
      const reminderId = await startFor(holder);
      const code = await latestCodeFor(platform, holder.mobile, 'username_reminder');
      assert.equal(assertError(await postJson(platform, reminder(reminderId, '/otp'), { code: wrongCode(code) }), 422, 'otp.invalid').attemptsLeft, 4);
      assertError(await postJson(platform, reminder(reminderId, '/otp/resend'), undefined), 429, 'otp.resend_too_soon');
      platform.clock.advanceSeconds(61);
      const resent = await postJson(platform, reminder(reminderId, '/otp/resend'), undefined);
      assert.equal(resent.status, 202, JSON.stringify(resent.json));
      const fresh = await latestCodeFor(platform, holder.mobile, 'username_reminder');
      assert.notEqual(fresh, code);
      const verified = await postJson(platform, reminder(reminderId, '/otp'), { code: fresh });
      assert.equal(verified.status, 200, JSON.stringify(verified.json));
      assert.equal(verified.json.username, holder.username);
    });

    it('when 15 minutes have passed, then the flow has expired, even a completed one no longer shows the username', async () => {
      const holder = await registeredHolder(platform);
      const pendingId = await startFor(holder);
      const pendingCode = await latestCodeFor(platform, holder.mobile, 'username_reminder');
      platform.clock.advanceSeconds(61);
      const doneId = await startFor(holder);
      const doneCode = await latestCodeFor(platform, holder.mobile, 'username_reminder');
      assert.equal((await postJson(platform, reminder(doneId, '/otp'), { code: doneCode })).status, 200);
      platform.clock.advanceMinutes(15);
      assertError(await postJson(platform, reminder(pendingId, '/otp'), { code: pendingCode }), 410, 'flow.expired');
      assertError(await getJson(platform, reminder(doneId)), 410, 'flow.expired');
      assertError(await getJson(platform, reminder(crypto.randomUUID())), 404, 'flow.not_found');
    });
  });

  describe('the pages', () => {
    it('when a person asks for the username through the pages, then the code page, then the done page shows it', async () => {
      const holder = await registeredHolder(platform);
      platform.clock.advanceSeconds(2);
      const browser = pageClient(platform);
      const form = await browser.get('/forgot-username?lang=en');
      assert.equal(form.statusCode, 200);
      assert.ok(pageText(form.body).includes(translate('en', 'forgot_username.title')));
      const captchaId = inputValue(form.body, 'captcha_id')!;
      const started = await browser.post('/forgot-username', {
        _csrf: inputValue(form.body, '_csrf')!,
        idNumber: holder.idNumber,
        mobile: holder.localMobile,
        captcha_id: captchaId,
        captcha_answer: await platform.captchaAnswer(captchaId),
        action: 'start',
      });
      assert.equal(started.statusCode, 303, started.body.slice(0, 500));
      const verifyUrl = String(started.headers.location);
      assert.match(verifyUrl, /^\/forgot-username\/verify\?flow=[0-9a-f-]{36}$/);
      const codePage = await browser.get(verifyUrl);
      assert.equal(codePage.statusCode, 200);
      const code = await latestCodeFor(platform, holder.mobile, 'username_reminder');
      const wrong = await browser.post(verifyUrl, { _csrf: inputValue(codePage.body, '_csrf')!, code: wrongCode(code) });
      assert.equal(wrong.statusCode, 422);
      assert.equal(summaryItems(wrong.body).length, 1);
      const verified = await browser.post(verifyUrl, { _csrf: inputValue(wrong.body, '_csrf')!, code });
      assert.equal(verified.statusCode, 303, verified.body.slice(0, 500));
      const doneUrl = String(verified.headers.location);
      assert.match(doneUrl, /^\/forgot-username\/done\?flow=/);
      const done = await browser.get(doneUrl);
      assert.equal(done.statusCode, 200);
      assert.ok(pageText(done.body).includes(holder.username));
      assert.equal((await browser.get(verifyUrl)).headers.location, doneUrl, 'the code page of a completed flow goes to the done page');
    });

    it('when the visual code is wrong on the Arabic page, then the form comes back with the message and the values', async () => {
      const holder = await registeredHolder(platform);
      const browser = pageClient(platform);
      const form = await browser.get('/forgot-username');
      const captchaId = inputValue(form.body, 'captcha_id')!;
      const refused = await browser.post('/forgot-username', {
        _csrf: inputValue(form.body, '_csrf')!,
        idNumber: holder.idNumber,
        mobile: holder.localMobile,
        captcha_id: captchaId,
        captcha_answer: wrongAnswer(await platform.captchaAnswer(captchaId)),
        action: 'start',
      });
      assert.equal(refused.statusCode, 422);
      assert.deepEqual(summaryItems(refused.body), [translate('ar', 'captcha.wrong')]);
      assert.equal(inputValue(refused.body, 'idNumber'), holder.idNumber);
      const renewed = await browser.post('/forgot-username', { _csrf: inputValue(refused.body, '_csrf')!, idNumber: holder.idNumber, action: 'new_captcha' });
      assert.equal(renewed.statusCode, 200);
      assert.notEqual(inputValue(renewed.body, 'captcha_id'), inputValue(refused.body, 'captcha_id'));
      assert.deepEqual(summaryItems(renewed.body), []);
    });

    it('when the done page is opened for an unfinished flow, then it goes back to the code page; an unknown flow gets the problem page', async () => {
      const holder = await registeredHolder(platform);
      const reminderId = await startFor(holder);
      const early = await platform.app.inject({ method: 'GET', url: `/forgot-username/done?flow=${reminderId}` });
      assert.equal(early.statusCode, 303);
      assert.equal(early.headers.location, `/forgot-username/verify?flow=${reminderId}`);
      const unknown = await platform.app.inject({ method: 'GET', url: `/forgot-username/done?flow=${crypto.randomUUID()}` });
      assert.equal(unknown.statusCode, 404);
      assert.match(unknown.body, /href="\/forgot-username"/);
    });
  });
});
