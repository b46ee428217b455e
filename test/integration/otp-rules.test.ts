// The one-time code rules of DESIGN §2 over the registration API, with the fake clock: tries,
// expiry, resend timing and limits (per flow, per mobile), the per-person lock, single use, the
// person's language, and delivery through the outbox when the SMS gateway is down.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { freshPerson, registrationBody, uniqueMobile, uniqueUsername } from '../helpers/registration.ts';
import {
  assertError,
  codesTo,
  e164,
  latestCode,
  postRegistration,
  resendCode,
  startOk,
  verifyCode,
  wrongCode,
} from './support.ts';

describe('one-time code rules', () => {
  let platform: TestPlatform;
  before(async () => {
    platform = await startTestPlatform();
  });
  after(() => platform.close());

  describe('tries', () => {
    it('when wrong codes are typed, then 422 otp.invalid counts down 4,3,2,1,0 and the 6th try, even the right code, is 429 otp.locked', async () => {
      const started = await startOk(platform);
      const code = await latestCode(platform, started.mobile);
      const left: number[] = [];
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const result = await verifyCode(platform, started.registrationId, wrongCode(code), 'en');
        const error = assertError(result, 422, 'otp.invalid');
        left.push(error.attemptsLeft ?? -1);
        if (error.attemptsLeft === 3) assert.match(error.message, /\b3\b/, 'the message says how many tries are left');
      }
      assert.deepEqual(left, [4, 3, 2, 1, 0]);
      const sixth = assertError(await verifyCode(platform, started.registrationId, code), 429, 'otp.locked');
      assert.equal(sixth.attemptsLeft, 0);
      assertError(await verifyCode(platform, started.registrationId, code), 429, 'otp.locked');
      assert.equal(await platform.store.accounts.findByIdNumber(String(started.body.idNumber)), null, 'no account');
      const flow = await platform.app.inject({ method: 'GET', url: `/api/v1/registrations/${started.registrationId}` });
      assert.equal((flow.json() as { state: string }).state, 'otp_sent');
    });

    it('when something that is not a 6-digit code is sent, then 422 otp.invalid without using up a try', async () => {
      const started = await startOk(platform);
      for (const notACode of ['', '12345', '1234567', 'abcdef', '12 34 5', 42]) {
        const error = assertError(await verifyCode(platform, started.registrationId, notACode), 422, 'otp.invalid');
        assert.equal(error.attemptsLeft, 5, JSON.stringify(notACode));
      }
      const code = await latestCode(platform, started.mobile);
      assert.equal((await verifyCode(platform, started.registrationId, code)).status, 201);
    });

    it('when the right code is used twice, then the second answer is 409 flow.wrong_state', async () => {
      const started = await startOk(platform);
      const code = await latestCode(platform, started.mobile);
      assert.equal((await verifyCode(platform, started.registrationId, code)).status, 201);
      assertError(await verifyCode(platform, started.registrationId, code), 409, 'flow.wrong_state');
      assertError(await resendCode(platform, started.registrationId), 409, 'flow.wrong_state');
    });
  });

  describe('expiry', () => {
    it('when 5 minutes have passed since the code was sent, then the right code is 410 otp.expired', async () => {
      const started = await startOk(platform);
      const code = await latestCode(platform, started.mobile);
      platform.clock.advanceSeconds(5 * 60);
      assertError(await verifyCode(platform, started.registrationId, code), 410, 'otp.expired');
      const resent = await resendCode(platform, started.registrationId);
      assert.equal(resent.status, 202, 'a new code can be asked for');
      const fresh = await latestCode(platform, started.mobile);
      assert.equal((await verifyCode(platform, started.registrationId, fresh)).status, 201);
    });

    it('when 4 minutes 59 seconds have passed, then the code still works', async () => {
      const started = await startOk(platform);
      const code = await latestCode(platform, started.mobile);
      platform.clock.advanceSeconds(5 * 60 - 1);
      assert.equal((await verifyCode(platform, started.registrationId, code)).status, 201);
    });
  });

  describe('resend', () => {
    it('when a new code is asked for within 60 s, then 429 otp.resend_too_soon with retryAfter and a Retry-After header', async () => {
      const started = await startOk(platform);
      platform.clock.advanceSeconds(30);
      const early = await resendCode(platform, started.registrationId, 'en');
      const error = assertError(early, 429, 'otp.resend_too_soon');
      assert.equal(error.retryAfter, 30);
      assert.equal(early.headers['retry-after'], '30');
      assert.match(error.message, /\b30\b/, 'the message says how long to wait');
      platform.clock.advanceSeconds(29);
      const stillEarly = assertError(await resendCode(platform, started.registrationId), 429, 'otp.resend_too_soon');
      assert.equal(stillEarly.retryAfter, 1);
      assert.equal((await codesTo(platform, started.mobile)).length, 1, 'no second SMS');
    });

    it('when a new code is asked for after 60 s, then 202, the old code stops working and the failure count is kept', async () => {
      const started = await startOk(platform);
      const first = await latestCode(platform, started.mobile);
      assert.equal(assertError(await verifyCode(platform, started.registrationId, wrongCode(first)), 422, 'otp.invalid').attemptsLeft, 4);
      assert.equal(assertError(await verifyCode(platform, started.registrationId, wrongCode(first)), 422, 'otp.invalid').attemptsLeft, 3);

      platform.clock.advanceSeconds(60);
      const now = platform.clock.now().getTime();
      const resent = await resendCode(platform, started.registrationId);
      assert.equal(resent.status, 202);
      assert.deepEqual(resent.json, {
        resendAvailableAt: new Date(now + 60_000).toISOString(),
        otpExpiresAt: new Date(now + 5 * 60_000).toISOString(),
      });
      const codes = await codesTo(platform, started.mobile);
      assert.equal(codes.length, 2, 'a second SMS');
      const second = codes[0]!;
      assert.equal(codes[1], first);
      if (second !== first) {
        const old = assertError(await verifyCode(platform, started.registrationId, first), 422, 'otp.invalid');
        assert.equal(old.attemptsLeft, 2, 'the resend did not reset the count; the old code counts as a wrong try');
      } else {
        assert.equal(assertError(await verifyCode(platform, started.registrationId, wrongCode(first)), 422, 'otp.invalid').attemptsLeft, 2);
      }
      assert.equal(assertError(await verifyCode(platform, started.registrationId, wrongCode(second)), 422, 'otp.invalid').attemptsLeft, 1);
      assert.equal((await verifyCode(platform, started.registrationId, second)).status, 201);
    });

    it('when 5 wrong tries killed the code, then a resend is refused and sends nothing', async () => {
      const started = await startOk(platform);
      const first = await latestCode(platform, started.mobile);
      for (let attempt = 0; attempt < 5; attempt += 1) await verifyCode(platform, started.registrationId, wrongCode(first));
      platform.clock.advanceSeconds(60);
      const before = (await codesTo(platform, started.mobile)).length;
      assertError(await resendCode(platform, started.registrationId), 429, 'otp.locked');
      assert.equal((await codesTo(platform, started.mobile)).length, before, 'no useless SMS');
      assertError(await verifyCode(platform, started.registrationId, first), 429, 'otp.locked');
    });

    it('when a flow has sent 5 codes, then the next resend is 429 otp.send_limit', async () => {
      const started = await startOk(platform);
      for (let resend = 1; resend <= 4; resend += 1) {
        platform.clock.advanceSeconds(60);
        assert.equal((await resendCode(platform, started.registrationId)).status, 202, `resend ${resend}`);
      }
      platform.clock.advanceSeconds(60);
      assertError(await resendCode(platform, started.registrationId), 429, 'otp.send_limit');
      assert.equal((await codesTo(platform, started.mobile)).length, 5);
      const code = await latestCode(platform, started.mobile);
      assert.equal((await verifyCode(platform, started.registrationId, code)).status, 201, 'the last code still works');
    });

    it('when 10 codes went to one mobile within an hour across flows, then the 11th is 429 otp.send_limit until the hour has passed', async () => {
      const mobile = uniqueMobile();
      const flows: string[] = [];
      for (let index = 0; index < 10; index += 1) {
        const started = await startOk(platform, { mobile });
        flows.push(started.registrationId);
      }
      const eleventh = await postRegistration(platform, await registrationBody(platform, { mobile }));
      const error = assertError(eleventh, 429, 'otp.send_limit');
      assert.equal(error.retryAfter, 3600, 'all ten were sent at this instant: allowed again in an hour');
      assert.equal(eleventh.headers['retry-after'], String(error.retryAfter));
      platform.clock.advanceSeconds(60);
      assert.equal(assertError(await resendCode(platform, flows[0]!), 429, 'otp.send_limit').retryAfter, 3540);
      assert.equal((await codesTo(platform, e164(mobile))).length, 10);

      platform.clock.advanceSeconds(3600 - 60);
      const later = await postRegistration(platform, await registrationBody(platform, { mobile }));
      assert.equal(later.status, 201, JSON.stringify(later.json));
      assert.equal((await codesTo(platform, e164(mobile))).length, 11);
    });
  });

  describe('the per-person lock', () => {
    it('when one person fails 10 times within an hour across flows, then code entry is locked for that person for an hour, then allowed again', async () => {
      const person = await freshPerson(platform);
      const flowA = await startOk(platform, { idNumber: person.idNumber });
      const codeA = await latestCode(platform, flowA.mobile);
      for (let attempt = 0; attempt < 5; attempt += 1) assertError(await verifyCode(platform, flowA.registrationId, wrongCode(codeA)), 422, 'otp.invalid');

      platform.clock.advanceSeconds(10 * 60);
      const flowB = await startOk(platform, { idNumber: person.idNumber });
      const codeB = await latestCode(platform, flowB.mobile);
      for (let attempt = 0; attempt < 4; attempt += 1) assertError(await verifyCode(platform, flowB.registrationId, wrongCode(codeB)), 422, 'otp.invalid');
      const tenth = await verifyCode(platform, flowB.registrationId, wrongCode(codeB));
      const lock = assertError(tenth, 429, 'otp.locked');
      assert.equal(lock.retryAfter, 3600);
      assert.equal(tenth.headers['retry-after'], '3600');
      const rightButLocked = assertError(await verifyCode(platform, flowB.registrationId, codeB), 429, 'otp.locked');
      assert.equal(rightButLocked.retryAfter, 3600);

      const mobileC = uniqueMobile();
      const blocked = await postRegistration(platform, await registrationBody(platform, { idNumber: person.idNumber, mobile: mobileC }));
      assert.equal(assertError(blocked, 429, 'otp.locked').retryAfter, 3600, 'no new code for a locked person');
      assert.deepEqual(await codesTo(platform, e164(mobileC)), []);

      const other = await startOk(platform);
      const otherCode = await latestCode(platform, other.mobile);
      assert.equal((await verifyCode(platform, other.registrationId, otherCode)).status, 201, 'other people are not locked');

      platform.clock.advanceSeconds(59 * 60);
      const stillBlocked = await postRegistration(platform, await registrationBody(platform, { idNumber: person.idNumber, mobile: mobileC }));
      assert.equal(assertError(stillBlocked, 429, 'otp.locked').retryAfter, 60);

      platform.clock.advanceSeconds(60);
      const flowC = await startOk(platform, { idNumber: person.idNumber, mobile: mobileC });
      const codeC = await latestCode(platform, flowC.mobile);
      assert.equal((await verifyCode(platform, flowC.registrationId, codeC)).status, 201);
      assert.equal((await platform.store.accounts.findByIdNumber(person.idNumber))?.mobile, e164(mobileC));
    });
  });

  describe('language', () => {
    it("when the person prefers English, then the SMS texts are English whatever the request's language", async () => {
      const started = await startOk(platform, { preferredLanguage: 'en' }, 'ar');
      const [sms] = await platform.smsTo(started.mobile);
      assert.match(sms?.text ?? '', /^Absher: your registration verification code is \d{6}\. It is valid for 5 minutes\./);
      const code = await latestCode(platform, started.mobile);
      assert.equal((await verifyCode(platform, started.registrationId, code)).status, 201);
      const done = (await platform.smsTo(started.mobile)).find((message) => message.purpose === 'registration_completed');
      assert.ok(done, 'a completion SMS');
      assert.match(done.text, /^Absher: /);
      assert.ok(done.text.includes(String(started.body.username)));
    });

    it('when the person prefers Arabic, then the SMS text is Arabic', async () => {
      const started = await startOk(platform, { preferredLanguage: 'ar' }, 'en');
      const [sms] = await platform.smsTo(started.mobile);
      assert.match(sms?.text ?? '', /^أبشر: /);
      assert.match(sms?.text ?? '', /\b\d{6}\b/);
      assert.doesNotMatch(sms?.text ?? '', /[A-Za-z]/);
    });

    it('when no language is chosen on the form, then the SMS follows the language of the request', async () => {
      const started = await startOk(platform, { preferredLanguage: undefined }, 'en');
      const [sms] = await platform.smsTo(started.mobile);
      assert.match(sms?.text ?? '', /^Absher: /);
    });
  });

  describe('the outbox', () => {
    it('when the SMS gateway is down, then the registration still answers 201 and the code arrives exactly once after it recovers', async () => {
      platform.referenceSms.setAvailable(false);
      let started;
      try {
        started = await startOk(platform, { username: uniqueUsername() });
        await platform.outbox.idle();
        await platform.outbox.drain();
        assert.deepEqual(await platform.referenceSms.inbox(started.mobile), [], 'nothing delivered while down');

        const pending = await platform.database.db.selectFrom('outbox').selectAll().where('recipient', '=', started.mobile).execute();
        assert.equal(pending.length, 1);
        assert.equal(pending[0]!.status, 'pending');
        assert.equal(Number(pending[0]!.attempts), 1);
        assert.match(JSON.stringify(pending[0]!.payload), /\d{6}/, 'the queued message still holds what it must send');
      } finally {
        platform.referenceSms.setAvailable(true);
      }
      assert.equal(await platform.outbox.drain(), 0, 'not due again before the backoff');
      assert.deepEqual(await platform.referenceSms.inbox(started.mobile), []);

      platform.clock.advanceSeconds(11);
      assert.equal(await platform.outbox.drain(), 1);
      assert.equal(await platform.outbox.drain(), 0);
      const inbox = await platform.referenceSms.inbox(started.mobile);
      assert.equal(inbox.length, 1, 'delivered exactly once');
      const code = /\b(\d{6})\b/.exec(inbox[0]!.text)?.[1];
      assert.ok(code);

      const sent = await platform.database.db.selectFrom('outbox').selectAll().where('recipient', '=', started.mobile).execute();
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.status, 'sent');
      assert.ok(!JSON.stringify(sent[0]!.payload).includes(code), 'the delivered code is no longer stored');
      assert.deepEqual(sent[0]!.payload, {});

      assert.equal((await verifyCode(platform, started.registrationId, code)).status, 201, 'the delayed code works');
    });
  });
});
