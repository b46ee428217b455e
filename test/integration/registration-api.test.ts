// The registration JSON API against API.md "Registration" and "Visual code": status codes, the
// answer shapes, every error code of the form, the visual code's rules, digit scripts, mobile forms,
// languages, malformed requests, username availability and the OpenAPI document's coverage.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { freshPerson, registrationBody, solvedCaptcha, uniqueMobile, uniqueUsername } from '../helpers/registration.ts';
import { luhnCheckDigit } from '../../src/core/identity/national-id.ts';
import { checkEligibility } from '../../src/core/identity/eligibility.ts';
import { evaluatePassword, passwordPolicies } from '../../src/core/identity/password-policy.ts';
import {
  assertError,
  codesTo,
  e164,
  fieldCodes,
  getRegistration,
  latestCode,
  postRegistration,
  registerOk,
  resendCode,
  startOk,
  verifyCode,
  wrongAnswer,
  type ErrorBody,
} from './support.ts';
import { serverRoutes } from '../helpers/routes.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ARABIC_LETTER = /[\u0621-\u064a]/;

const arabicIndic = (text: string) => text.replace(/[0-9]/g, (digit) => String.fromCharCode(0x0660 + Number(digit)));
const persian = (text: string) => text.replace(/[0-9]/g, (digit) => String.fromCharCode(0x06f0 + Number(digit)));

describe('registration API', () => {
  let platform: TestPlatform;
  before(async () => {
    platform = await startTestPlatform();
  });
  after(() => platform.close());

  describe('the happy path', () => {
    it('when a complete, valid form is posted, then it answers 201 with exactly the flow state and the code timing', async () => {
      const now = platform.clock.now().getTime();
      const body = await registrationBody(platform);
      const result = await postRegistration(platform, body);
      assert.equal(result.status, 201);
      assert.match(String(result.headers['content-type']), /^application\/json/);
      assert.deepEqual(Object.keys(result.json).sort(), ['expiresAt', 'mobileMasked', 'otpExpiresAt', 'registrationId', 'resendAvailableAt', 'state']);
      assert.match(result.json.registrationId, UUID);
      assert.equal(result.json.state, 'otp_sent');
      const mobile = String(body.mobile);
      assert.equal(result.json.mobileMasked, `+966 5•••••${mobile.slice(-3)}`);
      assert.equal(result.json.otpExpiresAt, new Date(now + 5 * 60_000).toISOString());
      assert.equal(result.json.resendAvailableAt, new Date(now + 60_000).toISOString());
      assert.equal(result.json.expiresAt, new Date(now + 30 * 60_000).toISOString());

      const read = await getRegistration(platform, result.json.registrationId);
      assert.equal(read.status, 200);
      assert.deepEqual(read.json, result.json, 'GET answers the same state');

      const code = await latestCode(platform, e164(mobile));
      const verified = await verifyCode(platform, result.json.registrationId, code);
      assert.equal(verified.status, 201);
      assert.deepEqual(verified.json, { state: 'completed', account: { username: body.username, status: 'registered' } });
      const account = await platform.store.accounts.findByIdNumber(String(body.idNumber));
      assert.equal(account?.mobile, e164(mobile));
      assert.equal(account?.email, body.email);
      assert.equal(account?.termsVersion, platform.config.termsVersion);
      assert.notEqual(account?.passwordHash, body.password);
      assert.match(account?.passwordHash ?? '', /^\$argon2id\$/);
    });
  });

  describe('every failing field at once', () => {
    it('when every field is wrong, then one 422 lists every field with all of its codes', async () => {
      const result = await postRegistration(platform, {
        idNumber: '12345',
        mobile: '0412345678',
        email: 'salem@example.sa',
        emailConfirmation: 'salim@example.sa',
        username: '1ab',
        password: 'short',
        passwordConfirmation: 'other',
        preferredLanguage: 'fr',
        acceptTerms: false,
      });
      const error = assertError(result, 422, 'validation.failed');
      assert.deepEqual(fieldCodes(result.json), {
        idNumber: ['id.format'],
        mobile: ['mobile.format'],
        emailConfirmation: ['email.mismatch'],
        username: ['username.length', 'username.start_letter'],
        password: ['password.too_short', 'password.needs_uppercase', 'password.needs_digit', 'password.common'],
        passwordConfirmation: ['password.mismatch'],
        preferredLanguage: ['language.invalid'],
        acceptTerms: ['terms.required'],
        captcha: ['captcha.required'],
      });
      for (const [field, errors] of Object.entries(error.fields ?? {})) {
        for (const item of errors) assert.ok(item.message.length > 0, `${field} ${item.code} has a message`);
      }
      assert.deepEqual(
        (error.fields?.username ?? []).find((item) => item.code === 'username.length'),
        { code: 'username.length', message: (error.fields?.username ?? [])[0]?.message, min: 8, max: 30 },
        'message parameters travel with the field error',
      );
    });

    it('when the body is an empty object, then every required field is reported as required', async () => {
      const result = await postRegistration(platform, {});
      assertError(result, 422, 'validation.failed');
      assert.deepEqual(fieldCodes(result.json), {
        idNumber: ['id.required'],
        mobile: ['mobile.required'],
        email: ['email.required'],
        username: ['username.required'],
        password: ['password.required'],
        acceptTerms: ['terms.required'],
        captcha: ['captcha.required'],
      });
    });

    it('when the e-mail itself is malformed, then only email.format is reported (not a mismatch)', async () => {
      const body = await registrationBody(platform, { email: 'not-an-address', emailConfirmation: 'not-an-address', captcha: undefined });
      const result = await postRegistration(platform, body);
      assert.deepEqual(fieldCodes(result.json), { email: ['email.format'], captcha: ['captcha.required'] });
    });

    it('when only the e-mail confirmation differs (in more than case), then 422 email.mismatch on emailConfirmation alone', async () => {
      const body = await registrationBody(platform, { email: 'Salem@Example.sa', emailConfirmation: 'salem@example.com' });
      const result = await postRegistration(platform, body);
      assertError(result, 422, 'validation.failed');
      assert.deepEqual(fieldCodes(result.json), { emailConfirmation: ['email.mismatch'] });
    });

    it('when the terms are not accepted (false, missing or the string "true"), then 422 terms.required alone', async () => {
      for (const acceptTerms of [false, undefined, 'true']) {
        const body = await registrationBody(platform, { acceptTerms });
        const result = await postRegistration(platform, body);
        assertError(result, 422, 'validation.failed');
        assert.deepEqual(fieldCodes(result.json), { acceptTerms: ['terms.required'] }, `acceptTerms ${String(acceptTerms)}`);
      }
    });
  });

  describe('the identifier', () => {
    it('when the number is not 10 digits starting 1-4, then id.format', async () => {
      for (const idNumber of ['123', '5123456789', '10123456721', 'abcdefghij', '1012-345-67']) {
        const body = await registrationBody(platform, { idNumber, captcha: undefined });
        const result = await postRegistration(platform, body);
        assert.deepEqual(fieldCodes(result.json).idNumber, ['id.format'], idNumber);
      }
    });

    it('when a national ID or an Iqama has a wrong check digit, then id.checksum', async () => {
      for (const category of ['citizen', 'resident'] as const) {
        const person = await freshPerson(platform, category);
        const last = Number(person.idNumber.slice(-1));
        const idNumber = person.idNumber.slice(0, 9) + String((last + 1) % 10);
        const body = await registrationBody(platform, { idNumber });
        const result = await postRegistration(platform, body);
        assertError(result, 422, 'validation.failed');
        assert.deepEqual(fieldCodes(result.json), { idNumber: ['id.checksum'] }, `${category} ${idNumber}`);
      }
    });

    it('when a well-formed number is not in the registry, then id.not_found (only with a right visual code)', async () => {
      let idNumber = '';
      for (let seed = 13_579_246; ; seed += 7_919) {
        const first9 = `1${String(seed).padStart(8, '0')}`;
        idNumber = first9 + String(luhnCheckDigit(first9));
        if ((await platform.registry.findPerson(idNumber)) === null) break;
      }
      const right = await postRegistration(platform, await registrationBody(platform, { idNumber }));
      assertError(right, 422, 'validation.failed');
      assert.deepEqual(fieldCodes(right.json), { idNumber: ['id.not_found'] });

      const captcha = await solvedCaptcha(platform);
      const wrong = await postRegistration(platform, await registrationBody(platform, { idNumber, captcha: { id: captcha.id, answer: wrongAnswer(captcha.answer) } }));
      assert.deepEqual(fieldCodes(wrong.json), { captcha: ['captcha.wrong'] }, 'registry facts stay hidden behind the visual code');
    });

    it('when the person is not eligible, then id.not_eligible with the reason, for every edge case of /dev/people', async () => {
      const listed = await platform.app.inject({ method: 'GET', url: '/dev/people?eligible=false&limit=500' });
      assert.equal(listed.statusCode, 200);
      const people = listed.json() as Array<{ idNumber: string; eligible: boolean; reason: string }>;
      const messages = new Map<string, string>();
      for (const reason of ['under_age', 'deceased', 'document_cancelled', 'visa_expired', 'no_fingerprint']) {
        const person = people.find((candidate) => candidate.reason === reason);
        assert.ok(person, `the reference registry has a ${reason} person`);
        assert.equal(person.eligible, false);
        const registryPerson = await platform.registry.findPerson(person.idNumber);
        assert.ok(registryPerson);
        assert.deepEqual(checkEligibility(registryPerson, { today: platform.clock.now(), minimumAge: platform.config.minimumAge }), { eligible: false, reason });

        const result = await postRegistration(platform, await registrationBody(platform, { idNumber: person.idNumber }));
        const error = assertError(result, 422, 'validation.failed');
        assert.deepEqual(fieldCodes(result.json), { idNumber: ['id.not_eligible'] }, reason);
        const item = error.fields?.idNumber?.[0];
        assert.equal(item?.reason, reason);
        assert.ok(item?.message, `${reason} has a message`);
        messages.set(reason, item.message);
      }
      assert.notEqual(messages.get('under_age'), messages.get('no_fingerprint'), 'reasons get their own words');
      assert.notEqual(messages.get('visa_expired'), messages.get('document_cancelled'));
      assert.equal(await platform.store.accounts.findByIdNumber(people[0]!.idNumber), null);
    });

    it('when the number already has an account, then id.already_registered — but only once the visual code is right', async () => {
      const first = await registerOk(platform);
      const idNumber = String(first.body.idNumber);

      const captcha = await solvedCaptcha(platform);
      const wrong = await postRegistration(platform, await registrationBody(platform, { idNumber, captcha: { id: captcha.id, answer: wrongAnswer(captcha.answer) } }));
      assertError(wrong, 422, 'validation.failed');
      assert.deepEqual(fieldCodes(wrong.json), { captcha: ['captcha.wrong'] }, 'no account fact without the right visual code');

      const right = await postRegistration(platform, await registrationBody(platform, { idNumber }), 'en');
      const error = assertError(right, 422, 'validation.failed');
      assert.deepEqual(fieldCodes(right.json), { idNumber: ['id.already_registered'] });
      assert.match(error.fields?.idNumber?.[0]?.message ?? '', /forgot/i, 'it points to the forgot username / password services');
    });
  });

  describe('the username', () => {
    it('when the username is taken in any letter case, then username.taken', async () => {
      const username = `Taken${process.pid % 1000}x9`;
      await registerOk(platform, { username });
      for (const variant of [username, username.toLowerCase(), username.toUpperCase().replace(/X/, 'x')]) {
        const result = await postRegistration(platform, await registrationBody(platform, { username: variant }));
        assertError(result, 422, 'validation.failed');
        assert.deepEqual(fieldCodes(result.json), { username: ['username.taken'] }, variant);
      }
    });

    it('when an unfinished registration holds the username, then another person gets username.taken', async () => {
      const held = await startOk(platform);
      const variant = String(held.body.username).toUpperCase().replace(/X/, 'x');
      const result = await postRegistration(platform, await registrationBody(platform, { username: variant }));
      assert.deepEqual(fieldCodes(result.json), { username: ['username.taken'] });
    });

    it('when GET /usernames/{u} is asked, then it says available for a free name, not for a taken one in any case, nor for an invalid one', async () => {
      const registered = await registerOk(platform);
      const username = String(registered.body.username);
      const ask = async (name: string) => {
        const response = await platform.app.inject({ method: 'GET', url: `/api/v1/usernames/${encodeURIComponent(name)}` });
        assert.equal(response.statusCode, 200);
        return response.json() as { available: boolean; reasons?: string[] };
      };
      assert.deepEqual(await ask(uniqueUsername()), { available: true });
      assert.deepEqual(await ask(username), { available: false });
      assert.deepEqual(await ask(username.toUpperCase().replace(/X/, 'x')), { available: false });
      assert.deepEqual(await ask('ab'), { available: false, reasons: ['username.length', 'username.needs_digit'] });
      assert.deepEqual(await ask('9lives4ever'), { available: false, reasons: ['username.start_letter'] });
      assert.equal((await ask('سالم12345678')).available, false);
    });
  });

  describe('the password rules', () => {
    const username = 'Khalid1987';
    const mobile = '0597315286';
    const long = 'Wq7acegikmoqsuwyACEGIKMOQSUWY13579bdfhjlnprtvxzBDFHJLNPRTVXZ02468';
    const table: Array<{ password: string; codes: string[]; confirmation?: string; confirmationCodes?: string[] }> = [
      { password: '', codes: ['password.required'] },
      { password: 'Ab1x', codes: ['password.too_short'] },
      { password: long, codes: ['password.too_long'] },
      { password: long.slice(0, 64), codes: [] },
      { password: 'Wq7nTr5p!', codes: ['password.characters'] },
      { password: 'Wq7n Tr5p', codes: ['password.characters'] },
      { password: 'Wq7nTr5pس', codes: ['password.characters'] },
      { password: 'wq7ntr5p', codes: ['password.needs_uppercase'] },
      { password: 'WQ7NTR5P', codes: ['password.needs_lowercase'] },
      { password: 'WqsnTrxp', codes: ['password.needs_digit'] },
      { password: 'Wq7nTr5pppp', codes: ['password.repeated'] },
      { password: 'Wq7nabcd', codes: ['password.sequence'] },
      { password: 'Wq7n4321', codes: ['password.sequence'] },
      { password: 'WqDCBA7n', codes: ['password.sequence'] },
      { password: 'Wa7naTaqa5a', codes: ['password.char_overused'] },
      { password: 'Wq7KHALIp', codes: ['password.contains_username'] },
      { password: 'Qz597315286', codes: ['password.contains_mobile'] },
      { password: 'Password1', codes: ['password.common'] },
      { password: 'Qwerty123', codes: ['password.common'] },
      { password: 'short', codes: ['password.too_short', 'password.needs_uppercase', 'password.needs_digit', 'password.common'] },
      { password: 'Wq٧nTr۵p', codes: [] },
      { password: 'Wq7nTr5p', codes: [], confirmation: 'Wq7nTr5P', confirmationCodes: ['password.mismatch'] },
      { password: 'Wq7nTr5p', codes: [], confirmation: '', confirmationCodes: ['password.mismatch'] },
    ];
    for (const row of table) {
      const expected = row.codes.length > 0 ? row.codes.join(', ') : row.confirmationCodes ? `confirmation ${row.confirmationCodes.join(', ')}` : 'no error';
      it(`when the password is ${JSON.stringify(row.password.length > 20 ? `${row.password.slice(0, 12)}…(${row.password.length})` : row.password)}${row.confirmation !== undefined ? ` confirmed as ${JSON.stringify(row.confirmation)}` : ''}, then ${expected}`, async () => {
        const result = await postRegistration(platform, {
          idNumber: '1012345672',
          mobile,
          email: 'khalid@example.sa',
          emailConfirmation: 'khalid@example.sa',
          username,
          password: row.password,
          passwordConfirmation: row.confirmation ?? row.password,
          preferredLanguage: 'ar',
          acceptTerms: true,
        });
        assertError(result, 422, 'validation.failed');
        const expectedFields: Record<string, string[]> = { captcha: ['captcha.required'] };
        if (row.codes.length > 0) expectedFields.password = row.codes;
        if (row.confirmationCodes) expectedFields.passwordConfirmation = row.confirmationCodes;
        assert.deepEqual(fieldCodes(result.json), expectedFields);
      });
    }

    it('when the password holds the ID number, then password.contains_id', async () => {
      const person = (await platform.registry.listPeople({ category: 'citizen' })).find(
        (candidate) => evaluatePassword(passwordPolicies.absher, `Qz${candidate.idNumber}`).length === 0,
      );
      assert.ok(person, 'a citizen whose number alone breaks no other rule');
      const body = await registrationBody(platform, { idNumber: person.idNumber, password: `Qz${person.idNumber}`, passwordConfirmation: `Qz${person.idNumber}`, captcha: undefined });
      const result = await postRegistration(platform, body);
      assert.deepEqual(fieldCodes(result.json), { password: ['password.contains_id'], captcha: ['captcha.required'] });
    });
  });

  describe('the visual code', () => {
    it('when POST /captcha is called, then 201 with an id, an SVG image and an expiry 5 minutes ahead', async () => {
      const response = await platform.app.inject({ method: 'POST', url: '/api/v1/captcha' });
      assert.equal(response.statusCode, 201);
      const body = response.json() as { id: string; image: string; expiresAt: string };
      assert.deepEqual(Object.keys(body).sort(), ['expiresAt', 'id', 'image']);
      assert.match(body.id, UUID);
      assert.match(body.image, /^data:image\/svg\+xml;base64,/);
      assert.match(Buffer.from(body.image.split(',')[1]!, 'base64').toString('utf8'), /^<svg/);
      assert.equal(body.expiresAt, new Date(platform.clock.now().getTime() + 5 * 60_000).toISOString());
    });

    it('when the answer is wrong, then captcha.wrong and the other (valid) fields report nothing', async () => {
      const captcha = await solvedCaptcha(platform);
      const result = await postRegistration(platform, await registrationBody(platform, { captcha: { id: captcha.id, answer: wrongAnswer(captcha.answer) } }));
      assertError(result, 422, 'validation.failed');
      assert.deepEqual(fieldCodes(result.json), { captcha: ['captcha.wrong'] });
    });

    it('when a captcha is malformed (unknown id, not an object, not a proof), then captcha.wrong or captcha.required, never a 5xx', async () => {
      const cases: Array<[unknown, string]> = [
        [{ id: crypto.randomUUID(), answer: '1234' }, 'captcha.wrong'],
        [{ id: 'not-a-uuid', answer: '1234' }, 'captcha.wrong'],
        [{ id: crypto.randomUUID(), answer: '' }, 'captcha.required'],
        ['1234', 'captcha.required'],
        [null, 'captcha.required'],
        [{ pow: 'bm90IGEgcHJvb2Y=' }, 'captcha.wrong'],
      ];
      for (const [captcha, code] of cases) {
        const result = await postRegistration(platform, await registrationBody(platform, { captcha }));
        assert.equal(result.status, 422, JSON.stringify(captcha));
        assert.deepEqual(fieldCodes(result.json), { captcha: [code] }, JSON.stringify(captcha));
      }
    });

    it('when the answer is left out, then captcha.required and the code stays usable for the next try', async () => {
      const captcha = await solvedCaptcha(platform);
      const missing = await postRegistration(platform, await registrationBody(platform, { captcha: { id: captcha.id } }));
      assertError(missing, 422, 'validation.failed');
      assert.deepEqual(fieldCodes(missing.json), { captcha: ['captcha.required'] });
      const blank = await postRegistration(platform, await registrationBody(platform, { captcha: { id: captcha.id, answer: '  ' } }));
      assert.deepEqual(fieldCodes(blank.json), { captcha: ['captcha.required'] });
      const answered = await postRegistration(platform, await registrationBody(platform, { captcha }));
      assert.equal(answered.status, 201, JSON.stringify(answered.json));
    });

    it('when the same visual code is used twice, then the second use fails with captcha.wrong', async () => {
      const captcha = await solvedCaptcha(platform);
      const first = await postRegistration(platform, await registrationBody(platform, { captcha }));
      assert.equal(first.status, 201);
      const second = await postRegistration(platform, await registrationBody(platform, { captcha }));
      assertError(second, 422, 'validation.failed');
      assert.deepEqual(fieldCodes(second.json), { captcha: ['captcha.wrong'] });
    });

    it('when a wrong answer was given once, then the same code with the right answer fails too (used up by any try)', async () => {
      const captcha = await solvedCaptcha(platform);
      await postRegistration(platform, await registrationBody(platform, { captcha: { id: captcha.id, answer: wrongAnswer(captcha.answer) } }));
      const retry = await postRegistration(platform, await registrationBody(platform, { captcha }));
      assert.deepEqual(fieldCodes(retry.json), { captcha: ['captcha.wrong'] });
    });

    it('when 5 minutes have passed, then the visual code is refused, while one used just before works', async () => {
      const stale = await solvedCaptcha(platform);
      const fresh = await solvedCaptcha(platform);
      platform.clock.advanceSeconds(5 * 60 - 1);
      const inTime = await postRegistration(platform, await registrationBody(platform, { captcha: fresh }));
      assert.equal(inTime.status, 201, JSON.stringify(inTime.json));
      platform.clock.advanceSeconds(1);
      const late = await postRegistration(platform, await registrationBody(platform, { captcha: stale }));
      assertError(late, 422, 'validation.failed');
      assert.deepEqual(fieldCodes(late.json), { captcha: ['captcha.wrong'] });
    });

    it('when the answer is typed in Arabic-Indic or Persian digits, then it is accepted', async () => {
      for (const script of [arabicIndic, persian]) {
        const captcha = await solvedCaptcha(platform);
        const result = await postRegistration(platform, await registrationBody(platform, { captcha: { id: captcha.id, answer: script(captcha.answer) } }));
        assert.equal(result.status, 201, JSON.stringify(result.json));
      }
    });
  });

  describe('digit scripts and mobile forms', () => {
    it('when the ID, mobile and code come in Arabic-Indic or Persian digits, then the registration completes', async () => {
      for (const [name, script] of [['Arabic-Indic', arabicIndic], ['Persian', persian]] as const) {
        const person = await freshPerson(platform);
        const mobile = uniqueMobile();
        const started = await postRegistration(platform, await registrationBody(platform, { idNumber: ` ${script(person.idNumber)} `, mobile: script(mobile) }));
        assert.equal(started.status, 201, `${name}: ${JSON.stringify(started.json)}`);
        const code = await latestCode(platform, e164(mobile));
        const verified = await verifyCode(platform, started.json.registrationId, script(code));
        assert.equal(verified.status, 201, `${name} code: ${JSON.stringify(verified.json)}`);
        const account = await platform.store.accounts.findByIdNumber(person.idNumber);
        assert.equal(account?.mobile, e164(mobile), `${name}: stored as ASCII E.164`);
      }
    });

    for (const [form, write] of [
      ['05…', (local: string) => local],
      ['5…', (local: string) => local.slice(1)],
      ['+9665…', (local: string) => `+966${local.slice(1)}`],
      ['009665…', (local: string) => `00966${local.slice(1)}`],
    ] as const) {
      it(`when the mobile is written as ${form}, then the code goes to the E.164 number`, async () => {
        const local = uniqueMobile();
        const result = await postRegistration(platform, await registrationBody(platform, { mobile: write(local) }));
        assert.equal(result.status, 201, JSON.stringify(result.json));
        assert.equal(result.json.mobileMasked, `+966 5•••••${local.slice(-3)}`);
        assert.equal((await codesTo(platform, e164(local))).length, 1);
      });
    }

    it('when the mobile is not a Saudi mobile, then mobile.format', async () => {
      for (const mobile of ['0412345678', '051234567', '+9715012345678', '96650123456789', 'phone']) {
        const result = await postRegistration(platform, await registrationBody(platform, { mobile, captcha: undefined }));
        assert.deepEqual(fieldCodes(result.json).mobile, ['mobile.format'], mobile);
      }
    });
  });

  describe('languages', () => {
    it('when no Accept-Language is sent, then messages are Arabic; with "en" they are English', async () => {
      const arabic = await postRegistration(platform, { idNumber: '123', acceptTerms: false });
      const english = await postRegistration(platform, { idNumber: '123', acceptTerms: false }, 'en');
      const explicitArabic = await postRegistration(platform, { idNumber: '123', acceptTerms: false }, 'ar-SA,ar;q=0.9');
      const ar = assertError(arabic, 422, 'validation.failed');
      const en = assertError(english, 422, 'validation.failed');
      assert.deepEqual(explicitArabic.json, arabic.json);
      assert.match(ar.message, ARABIC_LETTER);
      assert.doesNotMatch(en.message, ARABIC_LETTER);
      assert.match(en.message, /[A-Za-z]/);
      assert.notEqual(ar.message, en.message);
      assert.deepEqual(fieldCodes(arabic.json), fieldCodes(english.json), 'the same codes in both languages');
      for (const [field, errors] of Object.entries(ar.fields ?? {})) {
        errors.forEach((item, index) => {
          const other = en.fields?.[field]?.[index];
          assert.ok(item.message && other?.message, `${field} has messages`);
          assert.match(item.message, ARABIC_LETTER, `${field} ${item.code} in Arabic`);
          assert.doesNotMatch(other.message, ARABIC_LETTER, `${field} ${item.code} in English`);
          assert.notEqual(item.message, other.message);
        });
      }
    });
  });

  describe('malformed requests and unknown flows', () => {
    it('when the body is not a JSON object, then 400 request.malformed', async () => {
      const cases: Array<{ payload: string; type: string }> = [
        { payload: '[]', type: 'application/json' },
        { payload: '[{"idNumber":"1012345672"}]', type: 'application/json' },
        { payload: '"text"', type: 'application/json' },
        { payload: 'null', type: 'application/json' },
        { payload: '{"idNumber":', type: 'application/json' },
        { payload: 'idNumber=1012345672', type: 'application/x-www-form-urlencoded' },
        { payload: 'hello', type: 'text/plain' },
      ];
      for (const { payload, type } of cases) {
        const response = await platform.app.inject({ method: 'POST', url: '/api/v1/registrations', headers: { 'content-type': type }, payload });
        assert.equal(response.statusCode, 400, `${type} ${payload}: ${response.body}`);
        assert.equal((response.json() as ErrorBody).error.code, 'request.malformed', `${type} ${payload}`);
      }
      const noBody = await platform.app.inject({ method: 'POST', url: '/api/v1/registrations' });
      assert.equal(noBody.statusCode, 400);
      assert.equal((noBody.json() as ErrorBody).error.code, 'request.malformed');
    });

    it('when the registration id is unknown or malformed, then reading, verifying and resending answer 404 flow.not_found', async () => {
      for (const id of [crypto.randomUUID(), 'not-a-uuid', '1234', `${crypto.randomUUID()}x`]) {
        assertError(await getRegistration(platform, id), 404, 'flow.not_found');
        assertError(await verifyCode(platform, id, '123456'), 404, 'flow.not_found');
        assertError(await resendCode(platform, id), 404, 'flow.not_found');
      }
    });

    it('when an unknown API path is asked, then a JSON 404', async () => {
      const response = await platform.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
      assert.equal(response.statusCode, 404);
      assert.equal((response.json() as ErrorBody).error.code, 'not_found');
    });
  });

  describe('the OpenAPI document', () => {
    it('when /api/openapi.json is read, then it documents exactly the /api/v1 routes the server has, with their methods', async () => {
      const response = await platform.app.inject({ method: 'GET', url: '/api/openapi.json' });
      assert.equal(response.statusCode, 200);
      const document = response.json() as { openapi: string; servers: Array<{ url: string }>; paths: Record<string, Record<string, unknown>> };
      assert.match(document.openapi, /^3\.1/);
      assert.equal(document.servers[0]?.url, `${platform.config.publicUrl}/api/v1`);

      const documented = new Set<string>();
      for (const [path, operations] of Object.entries(document.paths)) {
        for (const method of Object.keys(operations)) {
          if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
          const url = `/api/v1${path.replace(/\{(\w+)\}/g, ':$1')}`;
          documented.add(`${method.toUpperCase()} ${url}`);
          assert.ok(platform.app.hasRoute({ method: method.toUpperCase() as 'GET', url }), `${method.toUpperCase()} ${url} is documented but not served`);
        }
      }
      const served = new Set(serverRoutes(platform.app.printRoutes({ commonPrefix: false })).filter((route) => / \/api\/v1\//.test(route) && !route.startsWith('HEAD ')));
      assert.ok(served.size >= 7, `found the served API routes: ${[...served].join(', ')}`);
      assert.deepEqual([...served].sort(), [...documented].sort());
    });
  });
});
