// Forgot password over the JSON API and through the pages (inject, fake clock): the mismatch that
// reveals nothing, the visual code, the limits per ID and per address, the registry question for
// each kind of person, wrong answers, the SMS code, the new-password rules and the last-3 history,
// and what a reset does to the account: sessions ended, lockout cleared, holder told, audited.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { freshPerson, solvedCaptcha, uniqueMobile, uniqueUsername } from '../helpers/registration.ts';
import { translate } from '../../src/i18n/i18n.ts';
import { recoveryRules } from '../../src/core/flows/recovery.ts';
import { luhnCheckDigit } from '../../src/core/identity/national-id.ts';
import { assertError, fieldCodes, pageClient, wrongAnswer, wrongCode, type ApiAnswer } from './support.ts';
import {
  anotherDate,
  arabicDayFirst,
  codesFor,
  getJson,
  inputValue,
  latestCodeFor,
  pageText,
  postJson,
  registeredHolder,
  registryAnswer,
  signIn,
  startRecovery,
  summaryItems,
  type Holder,
} from './recovery-support.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const newPasswords = ['Hb4kZm8q', 'Jx3vRt6w', 'Lp9sDf2g', 'Nc5yGh7k'] as const;

describe('forgot password', () => {
  let platform: TestPlatform;
  before(async () => {
    platform = await startTestPlatform();
  });
  after(() => platform.close());

  const reset = (id: string, step = '') => `/api/v1/password-resets/${id}${step}`;

  async function startFor(holder: Holder, options: { ip?: string; language?: string } = {}): Promise<string> {
    const started = await startRecovery(platform, 'password-resets', { idNumber: holder.idNumber, mobile: holder.localMobile }, options);
    assert.equal(started.status, 201, `start: ${JSON.stringify(started.json)}`);
    return started.json.resetId as string;
  }

  /** Start, right answer and right code: the flow then waits for the new password. */
  async function atNewPassword(holder: Holder): Promise<string> {
    platform.clock.advanceSeconds(2);
    const resetId = await startFor(holder);
    const answered = await postJson(platform, reset(resetId, '/answer'), { answer: registryAnswer(holder.person) });
    assert.equal(answered.status, 200, `answer: ${JSON.stringify(answered.json)}`);
    const code = await latestCodeFor(platform, holder.mobile, 'password_reset');
    const verified = await postJson(platform, reset(resetId, '/otp'), { code });
    assert.equal(verified.status, 200, `code: ${JSON.stringify(verified.json)}`);
    assert.equal(verified.json.state, 'new_password');
    return resetId;
  }

  async function setPassword(resetId: string, password: string, confirmation = password, language = 'en'): Promise<ApiAnswer> {
    return postJson(platform, reset(resetId, '/password'), { password, passwordConfirmation: confirmation }, { language });
  }

  async function resetTo(holder: Holder, password: string): Promise<void> {
    const resetId = await atNewPassword(holder);
    const done = await setPassword(resetId, password);
    assert.equal(done.status, 200, `new password: ${JSON.stringify(done.json)}`);
  }

  const failuresFor = (idNumber: string) => platform.counters.count(`recovery-failures:id:${idNumber}`, recoveryRules.windowSeconds, platform.clock.now());

  async function auditTypes(accountId: string): Promise<string[]> {
    return (await platform.store.audit.listForAccount(accountId, 100)).map((record) => record.type);
  }

  describe('the first step: ID number, mobile and visual code', () => {
    it('when a citizen gives the ID and the mobile on the account, then the flow asks for the ID card expiry date and sends nothing yet', async () => {
      const holder = await registeredHolder(platform, 'citizen');
      const started = await startRecovery(platform, 'password-resets', { idNumber: holder.idNumber, mobile: holder.localMobile });
      assert.equal(started.status, 201, JSON.stringify(started.json));
      assert.match(started.json.resetId, UUID);
      assert.equal(started.json.state, 'question');
      assert.deepEqual(started.json.question, { kind: 'id_card_expiry' });
      assert.equal(started.json.attemptsLeft, 3);
      assert.equal(started.json.mobileMasked, undefined, 'nothing about the mobile before the question is answered');
      assert.deepEqual(await codesFor(platform, holder.mobile, 'password_reset'), []);
      assert.ok((await auditTypes(holder.account.id)).includes('password_reset.started'));
    });

    it('when a resident or a dependent asks, then the question is the Iqama expiry date', async () => {
      for (const category of ['resident', 'dependent'] as const) {
        const holder = await registeredHolder(platform, category);
        const started = await startRecovery(platform, 'password-resets', { idNumber: holder.idNumber, mobile: holder.localMobile });
        assert.equal(started.status, 201, JSON.stringify(started.json));
        assert.deepEqual(started.json.question, { kind: 'iqama_expiry' }, category);
      }
    });

    it('when a visitor or a GCC citizen asks, then the question is the passport number', async () => {
      for (const category of ['visitor', 'gcc'] as const) {
        const holder = await registeredHolder(platform, category);
        const started = await startRecovery(platform, 'password-resets', { idNumber: holder.idNumber, mobile: holder.localMobile });
        assert.equal(started.status, 201, JSON.stringify(started.json));
        assert.deepEqual(started.json.question, { kind: 'passport_number' }, category);
      }
    });

    it('when the ID is unknown or the mobile is not the one on the account, then both get the very same 422 on both fields', async () => {
      const holder = await registeredHolder(platform);
      const unregistered = await freshPerson(platform);
      const answers = {
        unknownToAccounts: await startRecovery(platform, 'password-resets', { idNumber: unregistered.idNumber, mobile: holder.localMobile }, { language: 'en' }),
        unknownToRegistry: await startRecovery(platform, 'password-resets', { idNumber: `100000000${luhnCheckDigit('100000000')}`, mobile: holder.localMobile }, { language: 'en' }),
        wrongMobile: await startRecovery(platform, 'password-resets', { idNumber: holder.idNumber, mobile: uniqueMobile() }, { language: 'en' }),
        registryMobileNotAccountMobile: await startRecovery(platform, 'password-resets', { idNumber: holder.idNumber, mobile: holder.person.mobile ?? uniqueMobile() }, { language: 'en' }),
      };
      const first = answers.unknownToAccounts;
      const error = assertError(first, 422, 'recovery.details_mismatch');
      assert.equal(error.message, translate('en', 'recovery.details_mismatch'));
      assert.deepEqual(fieldCodes(first.json), { idNumber: ['recovery.details_mismatch'], mobile: ['recovery.details_mismatch'] });
      for (const [name, other] of Object.entries(answers)) {
        assert.equal(other.status, first.status, name);
        assert.deepEqual(other.json, first.json, `${name} answers exactly like an unknown ID`);
        assert.equal(other.headers['retry-after'], undefined, name);
      }
      assert.equal(await failuresFor(holder.idNumber), 2, 'each failure for the account is counted');
      assert.equal(await failuresFor(unregistered.idNumber), 1, 'and an unknown ID is counted the same way');
      const types = await auditTypes(holder.account.id);
      assert.equal(types.filter((type) => type === 'password_reset.details_mismatch').length, 2);
    });

    it('when the mobile is typed as +9665…, 009665… or in Arabic digits, and the ID in Arabic digits, then it matches the account', async () => {
      const holder = await registeredHolder(platform);
      const national = holder.mobile.slice(4);
      const arabic = (text: string) => text.replace(/\d/g, (digit) => String.fromCharCode(0x0660 + Number(digit)));
      for (const mobile of [`+966${national}`, `00966${national}`, ` ${arabic(`0${national}`)} `, national]) {
        const started = await startRecovery(platform, 'password-resets', { idNumber: arabic(holder.idNumber), mobile });
        assert.equal(started.status, 201, `${mobile}: ${JSON.stringify(started.json)}`);
      }
    });

    it('when the visual code is missing or wrong, then 422 with captcha.required or captcha.wrong, nothing is counted and no flow starts', async () => {
      const holder = await registeredHolder(platform);
      const missing = await startRecovery(platform, 'password-resets', { idNumber: holder.idNumber, mobile: holder.localMobile, captcha: undefined });
      assertError(missing, 422, 'validation.failed');
      assert.deepEqual(fieldCodes(missing.json), { captcha: ['captcha.required'] });

      const captcha = await solvedCaptcha(platform);
      const wrong = await startRecovery(platform, 'password-resets', {
        idNumber: holder.idNumber,
        mobile: holder.localMobile,
        captcha: { id: captcha.id, answer: wrongAnswer(captcha.answer) },
      });
      assert.deepEqual(fieldCodes(wrong.json), { captcha: ['captcha.wrong'] });
      const reused = await startRecovery(platform, 'password-resets', { idNumber: holder.idNumber, mobile: holder.localMobile, captcha });
      assert.deepEqual(fieldCodes(reused.json), { captcha: ['captcha.wrong'] }, 'a visual code works once, right or wrong');

      const badFields = await startRecovery(platform, 'password-resets', { idNumber: '12345', mobile: '0412', captcha: undefined });
      assert.deepEqual(fieldCodes(badFields.json), { idNumber: ['id.format'], mobile: ['mobile.format'], captcha: ['captcha.required'] }, 'every problem at once');
      assert.equal(await failuresFor(holder.idNumber), 0);
      assert.equal((await auditTypes(holder.account.id)).filter((type) => type.startsWith('password_reset.')).length, 0);
    });

    it('when one ID has had 5 failures within the hour, then even the right details are refused with 429 until the hour is over', async () => {
      const holder = await registeredHolder(platform);
      for (let failure = 1; failure <= recoveryRules.failuresPerIdentity; failure += 1) {
        const refused = await startRecovery(platform, 'password-resets', { idNumber: holder.idNumber, mobile: uniqueMobile() });
        assertError(refused, 422, 'recovery.details_mismatch');
      }
      const limited = await startRecovery(platform, 'password-resets', { idNumber: holder.idNumber, mobile: holder.localMobile }, { language: 'en' });
      const error = assertError(limited, 429, 'rate.limited');
      assert.ok(error.retryAfter && error.retryAfter > 0 && error.retryAfter <= 3600, `retryAfter ${error.retryAfter}`);
      assert.equal(limited.headers['retry-after'], String(error.retryAfter));
      const reminder = await startRecovery(platform, 'username-reminders', { idNumber: holder.idNumber, mobile: holder.localMobile });
      assertError(reminder, 429, 'rate.limited');

      platform.clock.advanceSeconds(error.retryAfter!);
      const later = await startRecovery(platform, 'password-resets', { idNumber: holder.idNumber, mobile: holder.localMobile });
      assert.equal(later.status, 201, JSON.stringify(later.json));
    });

    it('when one address has had 50 failures within the hour, then starts from it are refused with 429 and other addresses are not', async () => {
      const holder = await registeredHolder(platform);
      const address = '10.77.0.1';
      const key = `recovery-failures:address:${address}`;
      const refused = await startRecovery(platform, 'password-resets', { idNumber: (await freshPerson(platform)).idNumber, mobile: uniqueMobile() }, { ip: address });
      assertError(refused, 422, 'recovery.details_mismatch');
      assert.equal(await platform.counters.count(key, recoveryRules.windowSeconds, platform.clock.now()), 1, 'the failure is counted for the address');
      await platform.counters.hit(key, recoveryRules.windowSeconds, platform.clock.now(), recoveryRules.failuresPerAddress - 1);

      const limited = await startRecovery(platform, 'password-resets', { idNumber: holder.idNumber, mobile: holder.localMobile }, { ip: address });
      assertError(limited, 429, 'rate.limited');
      const elsewhere = await startRecovery(platform, 'password-resets', { idNumber: holder.idNumber, mobile: holder.localMobile }, { ip: '10.77.0.2' });
      assert.equal(elsewhere.status, 201, JSON.stringify(elsewhere.json));
    });

    it('when the civil registry is down, then 503 and nothing is counted', async () => {
      const holder = await registeredHolder(platform);
      platform.referenceRegistry!.setAvailable(false);
      try {
        const down = await startRecovery(platform, 'password-resets', { idNumber: holder.idNumber, mobile: holder.localMobile });
        assertError(down, 503, 'service.unavailable');
      } finally {
        platform.referenceRegistry!.setAvailable(true);
      }
      assert.equal(await failuresFor(holder.idNumber), 0);
    });

    it('when the account is disabled, then 403 account.disabled', async () => {
      const holder = await registeredHolder(platform);
      await platform.store.accounts.update(holder.account.id, { status: 'disabled' }, platform.clock.now());
      const refused = await startRecovery(platform, 'password-resets', { idNumber: holder.idNumber, mobile: holder.localMobile });
      assertError(refused, 403, 'account.disabled');
    });
  });

  describe('the registry question', () => {
    it('when the answer is wrong, then 422 recovery.wrong_answer with the answers left; a malformed answer is refused without counting', async () => {
      const holder = await registeredHolder(platform, 'citizen');
      const resetId = await startFor(holder);
      const malformed = await postJson(platform, reset(resetId, '/answer'), { answer: '31/02/2027' }, { language: 'en' });
      assertError(malformed, 422, 'validation.failed');
      assert.deepEqual(fieldCodes(malformed.json), { answer: ['recovery.answer_format_date'] });
      const empty = await postJson(platform, reset(resetId, '/answer'), { answer: '  ' });
      assert.deepEqual(fieldCodes(empty.json), { answer: ['recovery.answer_required'] });

      const first = await postJson(platform, reset(resetId, '/answer'), { answer: anotherDate(holder.person.documentExpiry) }, { language: 'en' });
      const error = assertError(first, 422, 'recovery.wrong_answer');
      assert.equal(error.attemptsLeft, 2);
      assert.match(error.message, /2 tries left/);
      const second = await postJson(platform, reset(resetId, '/answer'), { answer: anotherDate(anotherDate(holder.person.documentExpiry)) }, { language: 'ar' });
      assert.equal(assertError(second, 422, 'recovery.wrong_answer').attemptsLeft, 1);
      const flow = await getJson(platform, reset(resetId));
      assert.equal(flow.json.state, 'question');
      assert.equal(flow.json.attemptsLeft, 1);
      assert.equal(await failuresFor(holder.idNumber), 2, 'every wrong answer counts against the ID');
    });

    it('when the answer is wrong 3 times, then the flow fails (410 recovery.failed), takes nothing more, and each wrong answer is audited', async () => {
      const holder = await registeredHolder(platform, 'resident');
      const resetId = await startFor(holder);
      let date = holder.person.documentExpiry;
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        date = anotherDate(date);
        assertError(await postJson(platform, reset(resetId, '/answer'), { answer: date }), 422, 'recovery.wrong_answer');
      }
      const third = await postJson(platform, reset(resetId, '/answer'), { answer: anotherDate(date) }, { language: 'en' });
      const error = assertError(third, 410, 'recovery.failed');
      assert.equal(error.attemptsLeft, 0);
      assert.equal((await getJson(platform, reset(resetId))).json.state, 'failed');
      const afterwards = await postJson(platform, reset(resetId, '/answer'), { answer: holder.person.documentExpiry });
      assertError(afterwards, 409, 'flow.wrong_state');
      assert.deepEqual(await codesFor(platform, holder.mobile, 'password_reset'), [], 'no code was ever sent');
      const failures = (await platform.store.audit.listForAccount(holder.account.id, 100)).filter((record) => record.type === 'password_reset.question_failed');
      assert.equal(failures.length, 3);
      assert.ok(failures.some((record) => record.data.flowFailed === true));
      assert.ok(failures.every((record) => !JSON.stringify(record.data).includes(holder.person.documentExpiry)), 'the answer is never audited');
    });

    it('when the right date is typed as dd/mm/yyyy in Arabic digits, then the code goes to the account mobile in the holder language', async () => {
      const holder = await registeredHolder(platform, 'resident');
      const resetId = await startFor(holder);
      const answered = await postJson(platform, reset(resetId, '/answer'), { answer: arabicDayFirst(holder.person.documentExpiry) });
      assert.equal(answered.status, 200, JSON.stringify(answered.json));
      assert.equal(answered.json.state, 'otp_sent');
      assert.equal(answered.json.mobileMasked, `+966 5•••••${holder.mobile.slice(-3)}`);
      assert.ok(Date.parse(answered.json.otpExpiresAt) > platform.clock.now().getTime());
      assert.ok(Date.parse(answered.json.resendAvailableAt) > platform.clock.now().getTime());
      assert.equal(answered.json.question, undefined);
      const [sms] = (await platform.smsTo(holder.mobile)).filter((message) => message.purpose === 'password_reset');
      assert.ok(sms, 'a code was sent');
      assert.match(sms.text, /أبشر/, 'in the holder language (Arabic)');
      assert.ok((await auditTypes(holder.account.id)).includes('password_reset.question_answered'));
    });

    it('when a visitor types the passport number in lower case with spaces, then it is the right answer', async () => {
      const holder = await registeredHolder(platform, 'visitor');
      const resetId = await startFor(holder);
      const passport = holder.person.passportNumber!;
      const typed = ` ${passport.slice(0, 3).toLowerCase()} ${passport.slice(3)} `;
      const answered = await postJson(platform, reset(resetId, '/answer'), { answer: typed });
      assert.equal(answered.status, 200, JSON.stringify(answered.json));
      assert.equal(answered.json.state, 'otp_sent');
    });

    it('when a step is skipped, then 409 flow.wrong_state; an unknown flow is 404; after 15 minutes the flow has expired', async () => {
      const holder = await registeredHolder(platform);
      const resetId = await startFor(holder);
      assertError(await setPassword(resetId, newPasswords[0]), 409, 'flow.wrong_state');
      assertError(await postJson(platform, reset(resetId, '/otp'), { code: '123456' }), 409, 'flow.wrong_state');
      assertError(await postJson(platform, reset(resetId, '/otp/resend'), undefined), 409, 'flow.wrong_state');
      assertError(await postJson(platform, reset(crypto.randomUUID(), '/answer'), { answer: '2030-01-01' }), 404, 'flow.not_found');
      assertError(await postJson(platform, reset('not-a-flow', '/answer'), { answer: '2030-01-01' }), 404, 'flow.not_found');
      platform.clock.advanceMinutes(15);
      assertError(await postJson(platform, reset(resetId, '/answer'), { answer: registryAnswer(holder.person) }), 410, 'flow.expired');
    });
  });

  describe('the SMS code', () => {
    it('when the code is wrong, then 422 otp.invalid with tries left; a resend waits 60 s; the right code leads to the new password', async () => {
      const holder = await registeredHolder(platform);
      const resetId = await startFor(holder);
      assert.equal((await postJson(platform, reset(resetId, '/answer'), { answer: registryAnswer(holder.person) })).status, 200);
      const code = await latestCodeFor(platform, holder.mobile, 'password_reset');
      const wrong = await postJson(platform, reset(resetId, '/otp'), { code: wrongCode(code) });
      assert.equal(assertError(wrong, 422, 'otp.invalid').attemptsLeft, 4);
      assertError(await postJson(platform, reset(resetId, '/otp/resend'), undefined), 429, 'otp.resend_too_soon');
      platform.clock.advanceSeconds(61);
      const resent = await postJson(platform, reset(resetId, '/otp/resend'), undefined);
      assert.equal(resent.status, 202, JSON.stringify(resent.json));
      assert.equal(resent.json.state, 'otp_sent');
      const fresh = await latestCodeFor(platform, holder.mobile, 'password_reset');
      const arabicCode = fresh.replace(/\d/g, (digit) => String.fromCharCode(0x0660 + Number(digit)));
      const verified = await postJson(platform, reset(resetId, '/otp'), { code: arabicCode });
      assert.equal(verified.status, 200, JSON.stringify(verified.json));
      assert.equal(verified.json.state, 'new_password');
      assertError(await postJson(platform, reset(resetId, '/otp'), { code: fresh }), 409, 'flow.wrong_state');
    });
  });

  describe('the new password', () => {
    it('when the new password breaks the policy or the confirmation differs, then every problem is reported and the flow still waits', async () => {
      const holder = await registeredHolder(platform);
      const resetId = await atNewPassword(holder);
      const weak = await setPassword(resetId, 'abcd1234');
      assertError(weak, 422, 'validation.failed');
      const codes = fieldCodes(weak.json);
      assert.ok(codes.password?.includes('password.needs_uppercase'), JSON.stringify(codes));
      assert.ok(codes.password?.includes('password.sequence'), JSON.stringify(codes));
      const withUsername = await setPassword(resetId, `Q7${holder.username.slice(0, 6)}`);
      assert.ok(fieldCodes(withUsername.json).password?.includes('password.contains_username'), JSON.stringify(withUsername.json));
      const withMobile = await setPassword(resetId, `Zz${holder.mobile.slice(4)}`);
      assert.ok(fieldCodes(withMobile.json).password?.includes('password.contains_mobile'), JSON.stringify(withMobile.json));
      const mismatch = await setPassword(resetId, newPasswords[0], newPasswords[1]);
      assert.deepEqual(fieldCodes(mismatch.json), { passwordConfirmation: ['password.mismatch'] });
      assert.equal((await getJson(platform, reset(resetId))).json.state, 'new_password');
      const accepted = await setPassword(resetId, newPasswords[0]);
      assert.equal(accepted.status, 200, JSON.stringify(accepted.json));
      assert.deepEqual(accepted.json, { state: 'completed' });
    });

    it('when the new password is any of the last 3, then password.reused; a fourth-to-last one is accepted again', async () => {
      const holder = await registeredHolder(platform);
      const [second, third, fourth] = newPasswords;
      await resetTo(holder, second);
      await resetTo(holder, third);
      // History, newest first: third, second, the registration password.
      const resetId = await atNewPassword(holder);
      for (const reused of [third, second, holder.password]) {
        const refused = await setPassword(resetId, reused);
        assertError(refused, 422, 'validation.failed');
        assert.deepEqual(fieldCodes(refused.json), { password: ['password.reused'] }, `${reused} is one of the last 3`);
      }
      assert.equal((await setPassword(resetId, fourth)).status, 200);
      // History now: fourth, third, second: the registration password is old enough to come back.
      await resetTo(holder, holder.password);
      assert.equal((await postJson(platform, '/api/v1/login', { login: holder.username, password: holder.password })).status, 200);
    });

    it('when the new password is set, then every session ends, the lockout is cleared, the holder is told by SMS and e-mail, and it is audited', async () => {
      const holder = await registeredHolder(platform);
      const tokens = [await signIn(platform, holder, holder.password)];
      platform.clock.advanceSeconds(61);
      tokens.push(await signIn(platform, holder, holder.password));
      for (const token of tokens) assert.equal((await getJson(platform, '/api/v1/me', { bearer: token })).status, 200);
      // Five wrong passwords (from another address, with a visual code once it is asked for) lock password entry.
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const wrong = await postJson(platform, '/api/v1/login', { login: holder.username, password: 'Wrong5pass', captcha: await solvedCaptcha(platform) }, { ip: '10.66.0.1' });
        assert.equal(wrong.status, attempt < 5 ? 401 : 423, JSON.stringify(wrong.json));
      }
      assertError(await postJson(platform, '/api/v1/login', { login: holder.username, password: holder.password }), 423, 'login.locked');

      platform.clock.advanceSeconds(61);
      const resetId = await atNewPassword(holder);
      const done = await setPassword(resetId, newPasswords[2]);
      assert.equal(done.status, 200, JSON.stringify(done.json));

      for (const token of tokens) assertError(await getJson(platform, '/api/v1/me', { bearer: token }), 401, 'auth.required');
      const sessions = await platform.database.db.selectFrom('sessions').select(['ended_at', 'end_reason']).where('account_id', '=', holder.account.id).execute();
      assert.equal(sessions.length, 2);
      assert.ok(sessions.every((session) => session.ended_at !== null && session.end_reason === 'password_reset'));
      assert.equal(await platform.store.lockouts.find(`account:${holder.account.id}`), null, 'the lockout is cleared');

      const [sms] = (await platform.smsTo(holder.mobile)).filter((message) => message.purpose === 'password_reset_done');
      assert.ok(sms, 'an SMS tells the holder');
      assert.equal(sms.text, translate(holder.account.preferredLanguage, 'sms.password_reset_done'), 'the SMS reads as a reset, not a change');
      assert.equal((await platform.smsTo(holder.mobile)).filter((message) => message.purpose === 'password_changed').length, 0);
      const mails = (await platform.emailTo(holder.account.email)).filter((mail) => mail.purpose === 'password_reset_done' && mail.text.includes(holder.username));
      assert.equal(mails.length, 1, 'an e-mail tells the holder');
      assert.equal(mails[0]!.subject, translate(holder.account.preferredLanguage, 'email.password_reset_done.subject'));

      const account = await platform.store.accounts.findById(holder.account.id);
      assert.notEqual(account!.passwordHash, holder.account.passwordHash);
      assert.equal((await platform.store.passwordHistory.recent(holder.account.id, 1)).length, 1);
      const types = await auditTypes(holder.account.id);
      for (const type of ['password_reset.started', 'password_reset.question_answered', 'password_reset.completed']) assert.ok(types.includes(type), type);
      const completed = (await platform.store.audit.listForAccount(holder.account.id, 100)).find((record) => record.type === 'password_reset.completed');
      assert.equal(completed!.data.sessionsEnded, 2);

      assertError(await postJson(platform, '/api/v1/login', { login: holder.username, password: holder.password }), 401, 'login.invalid');
      platform.clock.advanceSeconds(61);
      assert.ok(await signIn(platform, holder, newPasswords[2]), 'the new password signs in');
      assertError(await setPassword(resetId, newPasswords[3]), 409, 'flow.wrong_state');
    });
  });

  describe('the pages', () => {
    it('when the login page is opened, then it links to forgot password and forgot username', async () => {
      const page = await platform.app.inject({ method: 'GET', url: '/login' });
      assert.match(page.body, /href="\/forgot-password"/);
      assert.match(page.body, /href="\/forgot-username"/);
    });

    it('when someone registers an ID that already has an account, then the register page points to forgot password and forgot username', async () => {
      const holder = await registeredHolder(platform);
      const browser = pageClient(platform);
      const form = await browser.get('/register?lang=en');
      const captchaId = inputValue(form.body, 'captcha_id')!;
      const refused = await browser.post('/register', {
        _csrf: inputValue(form.body, '_csrf')!,
        idNumber: holder.idNumber,
        mobile: uniqueMobile(),
        email: 'again@example.sa',
        emailConfirmation: 'again@example.sa',
        username: uniqueUsername(),
        password: 'Wq7nTr5p',
        passwordConfirmation: 'Wq7nTr5p',
        preferredLanguage: 'en',
        acceptTerms: 'yes',
        captcha_id: captchaId,
        captcha_answer: await platform.captchaAnswer(captchaId),
        action: 'register',
      });
      assert.equal(refused.statusCode, 422);
      assert.ok(summaryItems(refused.body).includes(translate('en', 'id.already_registered')), summaryItems(refused.body).join(' | '));
      assert.match(refused.body, /<a href="\/forgot-password">/);
      assert.match(refused.body, /<a href="\/forgot-username">/);
    });

    it('when a person resets the password through the pages in English, then each step leads to the next and the old session cookie stops working', async () => {
      const holder = await registeredHolder(platform, 'citizen');
      platform.clock.advanceSeconds(2);
      const oldToken = await signIn(platform, holder, holder.password);
      const browser = pageClient(platform);

      const form = await browser.get('/forgot-password?lang=en');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<html[^>]*lang="en"/);
      const captchaId = inputValue(form.body, 'captcha_id')!;
      const started = await browser.post('/forgot-password', {
        _csrf: inputValue(form.body, '_csrf')!,
        idNumber: holder.idNumber,
        mobile: holder.localMobile,
        captcha_id: captchaId,
        captcha_answer: await platform.captchaAnswer(captchaId),
        action: 'start',
      });
      assert.equal(started.statusCode, 303, started.body.slice(0, 500));
      const questionUrl = String(started.headers.location);
      assert.match(questionUrl, /^\/forgot-password\/question\?flow=[0-9a-f-]{36}$/);

      const question = await browser.get(questionUrl);
      assert.equal(question.statusCode, 200);
      assert.ok(pageText(question.body).includes(translate('en', 'recovery.question.id_card_expiry')));
      const wrong = await browser.post(questionUrl, { _csrf: inputValue(question.body, '_csrf')!, answer: anotherDate(holder.person.documentExpiry) });
      assert.equal(wrong.statusCode, 422);
      assert.deepEqual(summaryItems(wrong.body), [translate('en', 'recovery.wrong_answer', { count: 2 })]);
      const right = await browser.post(questionUrl, { _csrf: inputValue(wrong.body, '_csrf')!, answer: holder.person.documentExpiry.split('-').reverse().join('/') });
      assert.equal(right.statusCode, 303, right.body.slice(0, 500));
      const verifyUrl = String(right.headers.location);
      assert.match(verifyUrl, /^\/forgot-password\/verify\?flow=/);

      const codePage = await browser.get(verifyUrl);
      assert.equal(codePage.statusCode, 200);
      assert.ok(pageText(codePage.body).includes(translate('en', 'forgot_password.verify_title')));
      const code = await latestCodeFor(platform, holder.mobile, 'password_reset');
      const verified = await browser.post(verifyUrl, { _csrf: inputValue(codePage.body, '_csrf')!, code });
      assert.equal(verified.statusCode, 303, verified.body.slice(0, 500));
      const newUrl = String(verified.headers.location);
      assert.match(newUrl, /^\/forgot-password\/new\?flow=/);
      assert.equal((await browser.get(questionUrl)).headers.location, newUrl, 'an earlier step sends the person on to the current one');

      const newPage = await browser.get(newUrl);
      assert.equal(newPage.statusCode, 200);
      const weak = await browser.post(newUrl, { _csrf: inputValue(newPage.body, '_csrf')!, password: holder.password, passwordConfirmation: holder.password });
      assert.equal(weak.statusCode, 422);
      assert.deepEqual(summaryItems(weak.body), [translate('en', 'password.reused')]);
      assert.ok(!weak.body.includes(holder.password), 'a password is never shown again');
      const saved = await browser.post(newUrl, { _csrf: inputValue(weak.body, '_csrf')!, password: newPasswords[1], passwordConfirmation: newPasswords[1] });
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 500));
      assert.equal(saved.headers.location, '/forgot-password/done');
      const done = await browser.get('/forgot-password/done');
      assert.equal(done.statusCode, 200);
      assert.ok(pageText(done.body).includes(translate('en', 'forgot_password.done_title')));

      const account = await platform.app.inject({ method: 'GET', url: '/account', cookies: { '__Host-absher-session': oldToken } });
      assert.equal(account.statusCode, 303);
      assert.match(String(account.headers.location), /^\/login/);
      const gone = await browser.get(newUrl);
      assert.equal(gone.statusCode, 303, 'a completed flow sends its pages to the done page');
    });

    it('when the details do not match on the Arabic page, then one message, the values kept and a new visual code', async () => {
      const holder = await registeredHolder(platform);
      const browser = pageClient(platform);
      const form = await browser.get('/forgot-password');
      assert.match(form.body, /<html[^>]*dir="rtl"/);
      const captchaId = inputValue(form.body, 'captcha_id')!;
      const otherMobile = uniqueMobile();
      const refused = await browser.post('/forgot-password', {
        _csrf: inputValue(form.body, '_csrf')!,
        idNumber: holder.idNumber,
        mobile: otherMobile,
        captcha_id: captchaId,
        captcha_answer: await platform.captchaAnswer(captchaId),
        action: 'start',
      });
      assert.equal(refused.statusCode, 422);
      assert.deepEqual(summaryItems(refused.body), [translate('ar', 'recovery.details_mismatch')]);
      assert.equal(inputValue(refused.body, 'idNumber'), holder.idNumber);
      assert.equal(inputValue(refused.body, 'mobile'), otherMobile);
      assert.notEqual(inputValue(refused.body, 'captcha_id'), captchaId);
      assert.match(refused.body, /aria-invalid="true"/);
    });

    it('when the form is posted without the CSRF token, then 403 and nothing starts', async () => {
      const holder = await registeredHolder(platform);
      const browser = pageClient(platform);
      const form = await browser.get('/forgot-password');
      const captchaId = inputValue(form.body, 'captcha_id')!;
      const refused = await browser.post('/forgot-password', {
        idNumber: holder.idNumber,
        mobile: holder.localMobile,
        captcha_id: captchaId,
        captcha_answer: await platform.captchaAnswer(captchaId),
      });
      assert.equal(refused.statusCode, 403);
      assert.ok(!(await auditTypes(holder.account.id)).includes('password_reset.started'));
    });

    it('when the question is failed on the page, then the problem page says so and offers to start again', async () => {
      const holder = await registeredHolder(platform, 'visitor');
      const resetId = await startFor(holder);
      const browser = pageClient(platform);
      const url = `/forgot-password/question?flow=${resetId}`;
      let page = await browser.get(`${url}&lang=en`);
      assert.ok(pageText(page.body).includes(translate('en', 'recovery.question.passport_number')));
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        page = await browser.post(url, { _csrf: inputValue(page.body, '_csrf') ?? '', answer: `X${attempt}000000` });
      }
      assert.equal(page.statusCode, 410);
      assert.ok(pageText(page.body).includes(translate('en', 'recovery.failed')));
      assert.match(page.body, /href="\/forgot-password"/);
      assert.equal((await browser.get(url)).statusCode, 410);
    });
  });
});
