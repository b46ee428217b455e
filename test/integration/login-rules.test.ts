// The sign-in rules of DESIGN §2 "Sign-in and account care" over the JSON API, with the fake
// clock: login names in any case and any digits, answers that never tell whether an account exists
// (same status, body and cost), the visual code after 3 failures per name or per address, the
// doubling password lock (atomic under parallel attempts, decaying after a sign-in or 24 quiet
// hours), the per-address limit, code failures counted apart, and the account
// states that stop a sign-in after the right password.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { freshPerson, solvedCaptcha } from '../helpers/registration.ts';
import { Argon2PasswordHasher } from '../../src/adapters/passwords/argon2-hasher.ts';
import type { PasswordHasher } from '../../src/core/passwords.ts';
import { LockoutPolicy } from '../../src/core/sessions/lockout-policy.ts';
import { AppError } from '../../src/core/errors.ts';
import {
  assertError,
  fieldCodes,
  latestLoginCode,
  loginCodesTo,
  postLogin,
  postLoginCode,
  registerOk,
  resendLoginCode,
  startSignInOk,
  uniqueAddress,
  wrongAnswer,
  wrongCode,
  type ApiAnswer,
  type LoginAttempt,
} from './support.ts';

/** The real argon2 hasher, counting the verifications it runs. */
class CountingHasher implements PasswordHasher {
  readonly #inner = new Argon2PasswordHasher();
  verifications = 0;

  hash(password: string): Promise<string> {
    return this.#inner.hash(password);
  }

  verify(hash: string, password: string): Promise<boolean> {
    this.verifications += 1;
    return this.#inner.verify(hash, password);
  }
}

type Holder = { username: string; idNumber: string; password: string; mobile: string; accountId: string };

const arabicIndic = (digits: string) => digits.replace(/\d/g, (digit) => String.fromCharCode(0x0660 + Number(digit)));
const persian = (digits: string) => digits.replace(/\d/g, (digit) => String.fromCharCode(0x06f0 + Number(digit)));
const swapCase = (text: string) => [...text].map((c, i) => (i % 2 === 0 ? c.toUpperCase() : c.toLowerCase())).join('');

/** What a client can observe of an answer, for "known and unknown look alike" comparisons. */
function observable(result: ApiAnswer) {
  const error = result.json.error as Record<string, unknown> | undefined;
  return {
    status: result.status,
    bodyKeys: Object.keys(result.json).sort(),
    errorKeys: Object.keys(error ?? {}).sort(),
    code: error?.code,
    message: error?.message,
    retryAfter: error?.retryAfter ?? null,
    retryAfterHeader: result.headers['retry-after'] ?? null,
    fields: fieldCodes(result.json),
  };
}

describe('sign-in rules', () => {
  let platform: TestPlatform;
  const hasher = new CountingHasher();

  before(async () => {
    platform = await startTestPlatform({ overrides: { hasher } });
  });
  after(() => platform.close());

  async function holder(overrides: Record<string, unknown> = {}): Promise<Holder> {
    const registered = await registerOk(platform, overrides);
    return {
      username: String(registered.body.username),
      idNumber: String(registered.body.idNumber),
      password: String(registered.body.password),
      mobile: registered.mobile,
      accountId: registered.account.id,
    };
  }

  /** A login attempt from a fresh address unless one is given. */
  const attempt = (login: unknown, password: unknown, options: LoginAttempt = {}) =>
    postLogin(platform, login, password, { ip: uniqueAddress(), ...options });

  /** Runs `work` and returns how many password verifications it caused. */
  async function verificationsDuring(work: () => Promise<unknown>): Promise<number> {
    const before = hasher.verifications;
    await work();
    return hasher.verifications - before;
  }

  describe('login names', () => {
    it('when the username is typed in upper or mixed case, then the password step succeeds and the code signs in that account', async () => {
      const person = await holder();
      assert.match(person.username, /[a-z]/, 'the generated username has letters to change the case of');
      await startSignInOk(platform, person.username.toUpperCase(), person.password, { ip: uniqueAddress() });
      const loginId = await startSignInOk(platform, swapCase(person.username), person.password, { ip: uniqueAddress() });
      const verified = await postLoginCode(platform, loginId, await latestLoginCode(platform, person.mobile));
      assert.equal(verified.status, 200, JSON.stringify(verified.json));
      assert.equal(verified.json.account.username, person.username);
    });

    it('when the ID number is typed in Arabic-Indic or Persian digits with spaces around, then the password step succeeds', async () => {
      const person = await holder();
      await startSignInOk(platform, ` ${arabicIndic(person.idNumber)} `, person.password, { ip: uniqueAddress() });
      const loginId = await startSignInOk(platform, persian(person.idNumber), person.password, { ip: uniqueAddress() });
      const verified = await postLoginCode(platform, loginId, arabicIndic(await latestLoginCode(platform, person.mobile)));
      assert.equal(verified.status, 200, JSON.stringify(verified.json));
      assert.equal(verified.json.account.username, person.username);
    });

    it('when the password is wrong, then 401 login.invalid and no code is sent', async () => {
      const person = await holder();
      const result = await attempt(person.username, `${person.password}x`, { language: 'en' });
      assertError(result, 401, 'login.invalid');
      assert.equal(result.json.error.fields, undefined);
      assert.deepEqual(await loginCodesTo(platform, person.mobile), [], 'no sign-in code went out');
    });

    it('when the name is unknown, then the answer is the same 401 login.invalid, in status, body shape and words, as a wrong password for a real account', async () => {
      const unregistered = await freshPerson(platform);
      for (const language of ['en', 'ar']) {
        // A fresh holder each round: a third failure would bring the visual code in.
        const person = await holder();
        const known = observable(await attempt(person.username, 'Wrong7pass', { language }));
        const unknownName = observable(await attempt(`nobody${Date.now()}${language}`, 'Wrong7pass', { language }));
        const unknownId = observable(await attempt(unregistered.idNumber, 'Wrong7pass', { language }));
        const knownById = observable(await attempt(person.idNumber, 'Wrong7pass', { language }));
        assert.equal(known.status, 401);
        assert.equal(known.code, 'login.invalid');
        assert.ok(typeof known.message === 'string' && known.message.length > 0);
        assert.deepEqual(unknownName, known, `unknown username (${language})`);
        assert.deepEqual(unknownId, known, `unregistered ID number (${language})`);
        assert.deepEqual(knownById, known, `wrong password by ID number (${language})`);
      }
    });

    it('when a name is tried, known or unknown, right or wrong, then exactly one password verification runs per attempt', async () => {
      const person = await holder();
      const unregistered = await freshPerson(platform);
      const cases: Array<[string, unknown, unknown, number]> = [
        ['unknown username', `ghost${Date.now()}a1`, 'Wrong7pass', 401],
        ['unregistered ID number', unregistered.idNumber, 'Wrong7pass', 401],
        ['known name, wrong password', person.username, 'Wrong7pass', 401],
        ['known ID number, right password', person.idNumber, person.password, 200],
      ];
      for (const [label, login, password, status] of cases) {
        let result: ApiAnswer | undefined;
        const count = await verificationsDuring(async () => {
          result = await attempt(login, password);
        });
        assert.equal(result?.status, status, `${label}: ${JSON.stringify(result?.json)}`);
        assert.equal(count, 1, `${label}: one verification`);
      }
    });
  });

  describe('visual code', () => {
    it('when a name (known or unknown) had 3 wrong passwords from other addresses, then the next attempt from a new address is 428 captcha.required', async () => {
      const person = await holder();
      const names = { known: person.username, unknown: `ghost${Date.now()}b2` };
      const answers: Record<string, ReturnType<typeof observable>> = {};
      for (const [label, login] of Object.entries(names)) {
        for (let failure = 1; failure <= 3; failure += 1) assertError(await attempt(login, 'Wrong7pass'), 401, 'login.invalid');
        let result: ApiAnswer | undefined;
        const verified = await verificationsDuring(async () => {
          result = await attempt(login, label === 'known' ? person.password : 'Wrong7pass', { language: 'en' });
        });
        const error = assertError(result!, 428, 'captcha.required');
        assert.deepEqual(fieldCodes(result!.json), { captcha: ['captcha.required'] }, label);
        assert.ok(error.fields?.captcha?.[0]?.message, 'the field error has words');
        assert.equal(verified, 0, `${label}: no password is checked before the visual code`);
        answers[label] = observable(result!);
      }
      assert.deepEqual(answers.unknown, answers.known, 'an unknown name is asked for the visual code just like a real one');
      // A right visual code lets the attempt proceed.
      await startSignInOk(platform, person.username, person.password, { ip: uniqueAddress(), captcha: true });
    });

    it('when an address had 3 wrong passwords for other names, then a real account signing in from it is 428, and from elsewhere is not', async () => {
      const person = await holder();
      const address = uniqueAddress();
      for (let failure = 1; failure <= 3; failure += 1) {
        assertError(await attempt(`spray${Date.now()}n${failure}`, 'Wrong7pass', { ip: address }), 401, 'login.invalid');
      }
      const asked = await attempt(person.username, person.password, { ip: address });
      assertError(asked, 428, 'captcha.required');
      assert.deepEqual(fieldCodes(asked.json), { captcha: ['captcha.required'] });
      await startSignInOk(platform, person.username, person.password, { ip: uniqueAddress() });
      await startSignInOk(platform, person.username, person.password, { ip: address, captcha: true });
    });

    it('when the visual code is demanded, then a right one proceeds (to 401 or 200) and a wrong one is still 428 with fields.captcha captcha.wrong', async () => {
      const person = await holder();
      for (let failure = 1; failure <= 3; failure += 1) assertError(await attempt(person.username, 'Wrong7pass'), 401, 'login.invalid');

      const captcha = await solvedCaptcha(platform);
      let wrong: ApiAnswer | undefined;
      const verified = await verificationsDuring(async () => {
        wrong = await attempt(person.username, person.password, { captcha: { id: captcha.id, answer: wrongAnswer(captcha.answer) }, language: 'en' });
      });
      assertError(wrong!, 428, 'captcha.required');
      assert.deepEqual(fieldCodes(wrong!.json), { captcha: ['captcha.wrong'] });
      assert.equal(verified, 0, 'a wrong visual code stops the attempt before the password check');
      // The wrong answer used the code up: its right answer no longer passes.
      const reused = await attempt(person.username, person.password, { captcha });
      assertError(reused, 428, 'captcha.required');
      assert.deepEqual(fieldCodes(reused.json), { captcha: ['captcha.wrong'] });

      assertError(await attempt(person.username, 'Wrong7pass', { captcha: true }), 401, 'login.invalid');
      const arabicAnswer = await solvedCaptcha(platform);
      await startSignInOk(platform, person.username, person.password, {
        ip: uniqueAddress(),
        captcha: { id: arabicAnswer.id, answer: arabicIndic(arabicAnswer.answer) },
      });
    });
  });

  describe('password lock', () => {
    it('when 5 wrong passwords are typed, then 423 login.locked with retryAfter 900 and Retry-After; the right password is refused until 15 minutes have passed', async () => {
      const person = await holder();
      for (let failure = 1; failure <= 4; failure += 1) {
        assertError(await attempt(person.username, 'Wrong7pass', { captcha: true }), 401, 'login.invalid');
      }
      const locked = await attempt(person.username, 'Wrong7pass', { captcha: true, language: 'en' });
      const error = assertError(locked, 423, 'login.locked');
      assert.equal(error.retryAfter, 900);
      assert.equal(locked.headers['retry-after'], '900');
      assert.match(error.message, /\b15\b/, 'the message says how many minutes');

      let whileLocked: ApiAnswer | undefined;
      const verified = await verificationsDuring(async () => {
        whileLocked = await attempt(person.idNumber, person.password, { captcha: true });
      });
      assertError(whileLocked!, 423, 'login.locked');
      assert.equal(verified, 0, 'no password is checked while locked');
      assert.deepEqual(await loginCodesTo(platform, person.mobile), [], 'no code while locked');

      platform.clock.advanceSeconds(899);
      const almost = assertError(await attempt(person.username, person.password, { captcha: true }), 423, 'login.locked');
      assert.equal(almost.retryAfter, 1);
      platform.clock.advanceSeconds(1);
      // After a lock the visual code stays demanded.
      assertError(await attempt(person.username, person.password), 428, 'captcha.required');
      await startSignInOk(platform, person.username, person.password, { ip: uniqueAddress(), captcha: true });
    });

    it('when a known account and an unknown name keep failing, then both lock for 15, 30, 60 … minutes, doubling up to 24 hours, with identical answers', async () => {
      const person = await holder();
      const names = { known: person.username, unknown: `ghost${Date.now()}c3` };
      const expected = [900, 1800, 3600, 7200, 14_400, 28_800, 57_600, 86_400, 86_400];
      const seen: Record<string, number[]> = { known: [], unknown: [] };
      for (const [lock, duration] of expected.entries()) {
        const last: Record<string, ReturnType<typeof observable>> = {};
        for (let failure = 1; failure <= 5; failure += 1) {
          // The two subjects are independent: try both at once.
          await Promise.all(
            Object.entries(names).map(async ([label, login]) => {
              const result = await attempt(login, 'Wrong7pass', { captcha: true, language: 'en' });
              if (failure < 5) assertError(result, 401, 'login.invalid');
              else last[label] = observable(result);
            }),
          );
        }
        assert.deepEqual(last.unknown, last.known, `lock ${lock + 1}: an unknown name locks exactly like a real account`);
        for (const label of Object.keys(names)) {
          assert.equal(last[label]!.status, 423, `lock ${lock + 1} (${label})`);
          seen[label]!.push(Number(last[label]!.retryAfter));
        }
        assert.equal(last.known!.retryAfterHeader, String(duration));
        platform.clock.advanceSeconds(duration - 1);
        for (const result of await Promise.all(Object.values(names).map((login) => attempt(login, 'Wrong7pass', { captcha: true })))) {
          assert.equal(assertError(result, 423, 'login.locked').retryAfter, 1);
        }
        platform.clock.advanceSeconds(1);
      }
      assert.deepEqual(seen.known, expected);
      assert.deepEqual(seen.unknown, expected);
    });

    it('when the right password follows 4 wrong ones, then the failure count starts again (4 more wrong are 401, the 5th locks)', async () => {
      const person = await holder();
      for (let failure = 1; failure <= 4; failure += 1) {
        assertError(await attempt(person.username, 'Wrong7pass', { captcha: true }), 401, 'login.invalid');
      }
      await startSignInOk(platform, person.username, person.password, { ip: uniqueAddress(), captcha: true });
      for (let failure = 1; failure <= 3; failure += 1) {
        assertError(await attempt(person.username, 'Wrong7pass'), 401, 'login.invalid');
      }
      assertError(await attempt(person.username, 'Wrong7pass'), 428, 'captcha.required');
      assertError(await attempt(person.username, 'Wrong7pass', { captcha: true }), 401, 'login.invalid');
      const locked = assertError(await attempt(person.username, 'Wrong7pass', { captcha: true }), 423, 'login.locked');
      assert.equal(locked.retryAfter, 900, 'a fresh series locks for the first duration');
    });
  });

  describe('password lock under parallel attempts', () => {
    /** The wrong-password records the audit holds for an account. */
    async function recordedFailures(accountId: string): Promise<number> {
      const rows = await platform.database.db
        .selectFrom('audit_events')
        .select('type')
        .where('account_id', '=', accountId)
        .where('type', 'in', ['login.failed', 'login.locked'])
        .execute();
      return rows.length;
    }

    it('when 20 wrong passwords for one account arrive at once, then at most 5 are counted, the rest are 423, and the lock is the first one (15 minutes)', async () => {
      const person = await holder();
      // Each brings a solved visual code, so none is turned away for the want of one.
      const captchas = await Promise.all(Array.from({ length: 20 }, () => solvedCaptcha(platform)));
      const results = await Promise.all(captchas.map((captcha) => attempt(person.username, 'Wrong7pass', { captcha })));
      const statuses = results.map((result) => result.status);
      assert.ok(statuses.every((status) => status === 401 || status === 423), JSON.stringify(statuses));
      assert.ok(statuses.filter((status) => status === 401).length <= 4, `at most 4 answered 401: ${JSON.stringify(statuses)}`);
      assert.ok(statuses.filter((status) => status === 423).length >= 16);
      assert.ok((await recordedFailures(person.accountId)) <= 5, 'at most the threshold is recorded before the lock holds');
      const lockout = await platform.store.lockouts.find(`account:${person.accountId}`);
      assert.equal(lockout?.lockouts, 1, 'one lock, not one per five racing failures');
      for (const result of results.filter((candidate) => candidate.status === 423)) {
        assert.ok(Number(result.json.error.retryAfter) <= 900 && Number(result.json.error.retryAfter) > 0);
      }
      assertError(await attempt(person.username, person.password, { captcha: true }), 423, 'login.locked');
      platform.clock.advanceSeconds(900);
      await startSignInOk(platform, person.username, person.password, { ip: uniqueAddress(), captcha: true });
    });

    it('when the right password was being checked while racing failures locked the account, then it is refused with 423 and no code is sent', async () => {
      const person = await holder();
      const key = `account:${person.accountId}`;
      const policy = new LockoutPolicy(platform.clock);
      // The right password passed the open check, then five failures locked the account before it was accepted.
      await policy.assertOpen(platform.store, key);
      for (let failure = 1; failure <= 5; failure += 1) await platform.store.transaction((tx) => policy.recordFailure(tx, key));
      await assert.rejects(
        platform.store.transaction((tx) => policy.acceptPassword(tx, key)),
        (error: unknown) => error instanceof AppError && error.code === 'login.locked',
      );
      const refused = await platform.store.transaction((tx) => policy.recordFailure(tx, key));
      assert.equal(refused.refused, true, 'a failure during the lock is refused, not counted');
      assert.equal((await platform.store.lockouts.find(key))?.lockouts, 1);
    });
  });

  describe('the lock decays', () => {
    async function lockOnce(login: string): Promise<number> {
      for (let failure = 1; failure <= 4; failure += 1) assertError(await attempt(login, 'Wrong7pass', { captcha: true }), 401, 'login.invalid');
      return Number(assertError(await attempt(login, 'Wrong7pass', { captcha: true }), 423, 'login.locked').retryAfter);
    }

    it('when a locked account waits 24 hours after its lock ended with no wrong password, then the next lock is 15 minutes again and no visual code is asked', async () => {
      const person = await holder();
      assert.equal(await lockOnce(person.username), 900);
      platform.clock.advanceSeconds(900);
      assert.equal(await lockOnce(person.username), 1800, 'without a pause the lock doubles');
      platform.clock.advanceSeconds(1800 + 24 * 60 * 60 - 1);
      assertError(await attempt(person.username, 'Wrong7pass'), 428, 'captcha.required');
      platform.clock.advanceSeconds(1);
      assertError(await attempt(person.username, 'Wrong7pass'), 401, 'login.invalid');
      for (let failure = 2; failure <= 3; failure += 1) assertError(await attempt(person.username, 'Wrong7pass'), 401, 'login.invalid');
      assertError(await attempt(person.username, 'Wrong7pass', { captcha: true }), 401, 'login.invalid');
      const locked = assertError(await attempt(person.username, 'Wrong7pass', { captcha: true }), 423, 'login.locked');
      assert.equal(locked.retryAfter, 900, 'the level went back to the first lock');
    });

    it('when 4 wrong passwords are followed by 24 quiet hours, then they are forgotten: 4 more are 401 and no visual code is asked', async () => {
      const person = await holder();
      for (let failure = 1; failure <= 4; failure += 1) assertError(await attempt(person.username, 'Wrong7pass', { captcha: true }), 401, 'login.invalid');
      platform.clock.advanceSeconds(24 * 60 * 60);
      for (let failure = 1; failure <= 3; failure += 1) assertError(await attempt(person.username, 'Wrong7pass'), 401, 'login.invalid');
      assertError(await attempt(person.username, 'Wrong7pass'), 428, 'captcha.required');
    });

    it('when a locked account completes a sign-in (password and code), then its next lock is 15 minutes; the right password alone keeps the doubling', async () => {
      const person = await holder();
      assert.equal(await lockOnce(person.username), 900);
      platform.clock.advanceSeconds(900);
      // The right password without the code: the count starts again, the level stays.
      await startSignInOk(platform, person.username, person.password, { ip: uniqueAddress(), captcha: true });
      assert.equal(await lockOnce(person.username), 1800, 'the level stays until a sign-in completes');
      platform.clock.advanceSeconds(1800);
      const loginId = await startSignInOk(platform, person.username, person.password, { ip: uniqueAddress(), captcha: true });
      const verified = await postLoginCode(platform, loginId, await latestLoginCode(platform, person.mobile));
      assert.equal(verified.status, 200, JSON.stringify(verified.json));
      assert.equal(await platform.store.lockouts.find(`account:${person.accountId}`), null, 'the completed sign-in cleared the record');
      for (let failure = 1; failure <= 3; failure += 1) assertError(await attempt(person.username, 'Wrong7pass'), 401, 'login.invalid');
      assertError(await attempt(person.username, 'Wrong7pass', { captcha: true }), 401, 'login.invalid');
      const locked = assertError(await attempt(person.username, 'Wrong7pass', { captcha: true }), 423, 'login.locked');
      assert.equal(locked.retryAfter, 900);
    });
  });

  describe('per-address limit', () => {
    it('when one address has 50 wrong passwords within the hour, then every attempt from it is 429 with retryAfter, until the hour is over', async () => {
      // Start at the beginning of an hour window, so all 50 land in one window whatever the time.
      const now = platform.clock.now().getTime();
      platform.clock.advance(3_600_000 - (now % 3_600_000) + 60_000);
      const person = await holder();
      const address = uniqueAddress();
      // Five rounds of ten at once (each is counted: the counter is one atomic upsert).
      for (let round = 0; round < 5; round += 1) {
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, index) => attempt(`spray${Date.now()}m${round}x${index}`, 'Wrong7pass', { ip: address, captcha: true })),
        );
        for (const result of results) assertError(result, 401, 'login.invalid');
      }
      let refused: ApiAnswer | undefined;
      const verified = await verificationsDuring(async () => {
        refused = await attempt(person.username, person.password, { ip: address, captcha: true, language: 'en' });
      });
      const error = assertError(refused!, 429, 'rate.limited');
      assert.equal(error.retryAfter, 59 * 60, 'until the hour window ends');
      assert.equal(refused!.headers['retry-after'], String(59 * 60));
      assert.equal(verified, 0, 'no password is checked for a blocked address');
      await startSignInOk(platform, person.username, person.password, { ip: uniqueAddress() });
      platform.clock.advanceSeconds(59 * 60);
      await startSignInOk(platform, person.username, person.password, { ip: address });
    });
  });

  describe('codes are counted apart from passwords', () => {
    it('when 5 wrong codes kill a sign-in code, then the password is not locked and no visual code is asked', async () => {
      const person = await holder();
      const address = uniqueAddress();
      const loginId = await startSignInOk(platform, person.username, person.password, { ip: address });
      const code = await latestLoginCode(platform, person.mobile);
      const left: unknown[] = [];
      for (let failure = 1; failure <= 5; failure += 1) {
        left.push(assertError(await postLoginCode(platform, loginId, wrongCode(code), { ip: address }), 422, 'otp.invalid').attemptsLeft);
      }
      assert.deepEqual(left, [4, 3, 2, 1, 0]);
      assertError(await postLoginCode(platform, loginId, code, { ip: address }), 429, 'otp.locked');
      const again = await startSignInOk(platform, person.username, person.password, { ip: address });
      const verified = await postLoginCode(platform, again, await latestLoginCode(platform, person.mobile), { ip: address });
      assert.equal(verified.status, 200, JSON.stringify(verified.json));
    });

    it('when wrong passwords are typed while a code is pending, then the code keeps all its tries and still signs in', async () => {
      const person = await holder();
      const loginId = await startSignInOk(platform, person.username, person.password, { ip: uniqueAddress() });
      const code = await latestLoginCode(platform, person.mobile);
      for (let failure = 1; failure <= 4; failure += 1) {
        assertError(await attempt(person.username, 'Wrong7pass', { captcha: true }), 401, 'login.invalid');
      }
      assert.equal(assertError(await postLoginCode(platform, loginId, wrongCode(code)), 422, 'otp.invalid').attemptsLeft, 4);
      const verified = await postLoginCode(platform, loginId, code);
      assert.equal(verified.status, 200, JSON.stringify(verified.json));
    });

    it('when a sign-in code is resent, then its failure count is kept (3 wrong, resend, 2 wrong → the new code is refused)', async () => {
      const person = await holder();
      const loginId = await startSignInOk(platform, person.username, person.password, { ip: uniqueAddress() });
      const first = await latestLoginCode(platform, person.mobile);
      for (let failure = 1; failure <= 3; failure += 1) assertError(await postLoginCode(platform, loginId, wrongCode(first)), 422, 'otp.invalid');
      assertError(await resendLoginCode(platform, loginId), 429, 'otp.resend_too_soon');
      platform.clock.advanceSeconds(60);
      const resent = await resendLoginCode(platform, loginId);
      assert.equal(resent.status, 202, JSON.stringify(resent.json));
      const second = await latestLoginCode(platform, person.mobile);
      assert.notEqual(second, first, 'a new code was sent');
      assert.equal(assertError(await postLoginCode(platform, loginId, wrongCode(second)), 422, 'otp.invalid').attemptsLeft, 1);
      assert.equal(assertError(await postLoginCode(platform, loginId, wrongCode(second)), 422, 'otp.invalid').attemptsLeft, 0);
      assertError(await postLoginCode(platform, loginId, second), 429, 'otp.locked');
    });
  });

  describe('account state', () => {
    it('when the account is suspended, then only the right password learns it (403 account.suspended); a wrong one is 401', async () => {
      const person = await holder();
      await platform.store.accounts.update(person.accountId, { status: 'suspended' }, platform.clock.now());
      assertError(await attempt(person.username, 'Wrong7pass'), 401, 'login.invalid');
      assertError(await attempt(person.username, person.password, { language: 'en' }), 403, 'account.suspended');
      assert.deepEqual(await loginCodesTo(platform, person.mobile), [], 'no code for a suspended account');
    });

    it('when the account is suspended between the password and the code, then the code step is 403 account.suspended and no session starts', async () => {
      const person = await holder();
      const loginId = await startSignInOk(platform, person.username, person.password, { ip: uniqueAddress() });
      const code = await latestLoginCode(platform, person.mobile);
      await platform.store.accounts.update(person.accountId, { status: 'suspended' }, platform.clock.now());
      const result = await postLoginCode(platform, loginId, code);
      assertError(result, 403, 'account.suspended');
      assert.equal(result.headers['set-cookie'], undefined, 'no session cookie');
    });

    it('when the mobile moved to a newer account, then the right password gets 409 login.no_mobile and a wrong one 401', async () => {
      const previous = await holder();
      const local = `0${previous.mobile.slice(4)}`;
      await registerOk(platform, { mobile: local });
      const moved = await platform.store.accounts.findById(previous.accountId);
      assert.equal(moved?.mobile, null, 'the number moved away');
      assertError(await attempt(previous.username, 'Wrong7pass'), 401, 'login.invalid');
      assertError(await attempt(previous.username, previous.password, { language: 'en' }), 409, 'login.no_mobile');
    });

    it('when a holder signs in, then the SMS is in their preferred language, whatever the request language', async () => {
      const english = await holder({ preferredLanguage: 'en' });
      await startSignInOk(platform, english.username, english.password, { ip: uniqueAddress(), language: 'ar' });
      const [toEnglish] = await platform.smsTo(english.mobile);
      assert.equal(toEnglish?.purpose, 'login');
      assert.match(toEnglish!.text, /your sign-in code is \d{6}/);

      const arabic = await holder({ preferredLanguage: 'ar' });
      await startSignInOk(platform, arabic.username, arabic.password, { ip: uniqueAddress(), language: 'en' });
      const [toArabic] = await platform.smsTo(arabic.mobile);
      assert.equal(toArabic?.purpose, 'login');
      assert.match(toArabic!.text, /رمز الدخول هو \d{6}/);
    });
  });
});
