// Kiosks over the real kiosk API with a real client-credentials token: ID + fingerprint (matched
// against the reference registry's enrolled template) + a code to the mobile. Matching and wrong
// fingers, a person without enrolment, a person without an account (one is created with a
// temporary password that must be changed at first sign-in), a mobile update and a pause.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { freshPerson, uniqueMobile } from '../helpers/registration.ts';
import { checkEligibility } from '../../src/core/identity/eligibility.ts';
import { luhnCheckDigit } from '../../src/core/identity/national-id.ts';
import { translate } from '../../src/i18n/i18n.ts';
import type { RegistryPerson } from '../../src/core/ports.ts';
import { partnerToken, registeredHolder } from './partner-support.ts';

let platform: TestPlatform;
const tokens = { kiosk: '', bank: '' };
const withoutFingerprint = new Set<string>();

before(async () => {
  platform = await startTestPlatform();
  tokens.kiosk = await partnerToken(platform, 'kiosk-riyadh-01', 'kiosk');
  tokens.bank = await partnerToken(platform, 'bank-saib', 'activation');
});
after(async () => platform.close());

const call = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>, token = tokens.kiosk, language: 'ar' | 'en' = 'en') =>
  platform.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, 'accept-language': language }, ...(payload ? { payload } : {}) });

const finger = (idNumber: string, which: 'matching' | 'wrong' = 'matching') => platform.referenceFingerprints.present(idNumber, which);

async function start(body: Record<string, unknown>, language: 'ar' | 'en' = 'en') {
  return call('POST', '/api/v1/kiosk/operations', body, tokens.kiosk, language);
}

async function confirm(operationId: string, mobile: string) {
  const code = await platform.lastCodeTo(mobile);
  return call('POST', `/api/v1/kiosk/operations/${operationId}/otp`, { code });
}

/** An eligible person with an enrolled fingerprint and no account. */
async function enrolledPersonWithoutAccount(): Promise<RegistryPerson> {
  for (;;) {
    const person = await freshPerson(platform);
    if (person.fingerprintEnrolled) return person;
  }
}

async function personWithoutFingerprint(): Promise<RegistryPerson> {
  const today = platform.clock.now();
  const people = await platform.registry.listPeople({});
  const person = people.find(
    (candidate) =>
      !candidate.fingerprintEnrolled && !withoutFingerprint.has(candidate.idNumber) && checkEligibility(candidate, { today, minimumAge: platform.config.minimumAge }).eligible,
  );
  if (!person) throw new Error('the test registry has no eligible person without a fingerprint');
  withoutFingerprint.add(person.idNumber);
  return person;
}

/** A registered holder whose fingerprint is enrolled. */
async function enrolledHolder() {
  for (;;) {
    const holder = await registeredHolder(platform);
    if ((await platform.registry.findPerson(holder.idNumber))?.fingerprintEnrolled) return holder;
  }
}

describe('kiosk activation', () => {
  it('when a registered holder presents the matching finger and the code, then the account is activated with channel kiosk', async () => {
    const holder = await enrolledHolder();
    const started = await start({ action: 'activate', idNumber: holder.idNumber, fingerprint: await finger(holder.idNumber) });
    assert.equal(started.statusCode, 201, started.body);
    assert.equal(started.json().state, 'otp_sent');
    assert.equal(started.json().createsAccount, false);
    const done = await confirm(started.json().operationId, holder.mobile);
    assert.equal(done.statusCode, 200, done.body);
    assert.deepEqual([done.json().state, done.json().result], ['completed', 'activated']);
    assert.equal((await platform.store.accounts.findById(holder.accountId))?.status, 'active');
    const record = await platform.activation.find(holder.accountId);
    assert.deepEqual([record?.channel, record?.partner, record?.actorId], ['kiosk', 'kiosk-riyadh-01', 'kiosk-riyadh-01']);
    const confirmation = (await platform.smsTo(holder.mobile)).filter((message) => message.purpose === 'activation_completed');
    assert.deepEqual(confirmation.map((message) => message.text), [translate('ar', 'activation.sms.kiosk')]);
  });

  it('when the right code is submitted 5 times at once, then the account is activated once, with one confirmation', async () => {
    const holder = await enrolledHolder();
    const started = await start({ action: 'activate', idNumber: holder.idNumber, fingerprint: await finger(holder.idNumber) });
    const code = await platform.lastCodeTo(holder.mobile);
    const answers = await Promise.all(Array.from({ length: 5 }, () => call('POST', `/api/v1/kiosk/operations/${started.json().operationId}/otp`, { code })));
    const statuses = answers.map((answer) => answer.statusCode);
    assert.ok(statuses.includes(200));
    assert.ok(statuses.every((status) => status === 200 || status === 409), statuses.join(','));
    for (const answer of answers.filter((candidate) => candidate.statusCode === 200)) assert.equal(answer.json().state, 'completed');
    assert.equal((await platform.smsTo(holder.mobile)).filter((message) => message.purpose === 'activation_completed').length, 1);
    const events = await platform.store.audit.listForAccount(holder.accountId, 50);
    assert.equal(events.filter((event) => event.type === 'activation.completed').length, 1);
  });

  it('when a wrong finger is presented, then 422 kiosk.fingerprint_mismatch with the tries left, no code is sent, and the fifth locks the kiosk path for that person', async () => {
    const holder = await enrolledHolder();
    const before = (await platform.smsTo(holder.mobile)).length;
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const response = await start({ action: 'activate', idNumber: holder.idNumber, fingerprint: await finger(holder.idNumber, 'wrong') });
      assert.equal(response.statusCode, 422);
      assert.equal(response.json().error.code, 'kiosk.fingerprint_mismatch');
      assert.equal(response.json().error.attemptsLeft, 5 - attempt);
    }
    const fifth = await start({ action: 'activate', idNumber: holder.idNumber, fingerprint: await finger(holder.idNumber, 'wrong') });
    assert.equal(fifth.statusCode, 429);
    assert.equal(fifth.json().error.code, 'kiosk.fingerprint_locked');
    const matching = await start({ action: 'activate', idNumber: holder.idNumber, fingerprint: await finger(holder.idNumber) });
    assert.equal(matching.statusCode, 429);
    assert.equal((await platform.smsTo(holder.mobile)).length, before);
    const events = await platform.store.audit.read(0, 100_000);
    assert.ok(events.some((event) => event.type === 'kiosk.fingerprint_failed'));
  });

  it('when the person has no enrolled fingerprint, then 403 kiosk.fingerprint_not_enrolled, said clearly in Arabic and English', async () => {
    const person = await personWithoutFingerprint();
    for (const language of ['ar', 'en'] as const) {
      const response = await start({ action: 'activate', idNumber: person.idNumber, fingerprint: await finger(person.idNumber), mobile: uniqueMobile() }, language);
      assert.equal(response.statusCode, 403);
      assert.equal(response.json().error.code, 'kiosk.fingerprint_not_enrolled');
      assert.equal(response.json().error.message, translate(language, 'kiosk.fingerprint_not_enrolled'));
    }
  });

  it('when the ID is not in the registry, then 404 kiosk.person_unknown', async () => {
    let idNumber = '';
    for (let serial = 10_000_000; !idNumber; serial += 1) {
      const first9 = `1${String(serial).padStart(8, '0')}`;
      const candidate = `${first9}${luhnCheckDigit(first9)}`;
      if (!(await platform.registry.findPerson(candidate))) idNumber = candidate;
    }
    const response = await start({ action: 'activate', idNumber, fingerprint: await finger(idNumber), mobile: uniqueMobile() });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().error.code, 'kiosk.person_unknown');
  });

  it('when a person with no online account activates, then an account is created (username = ID), activated, and the temporary password must be changed at first sign-in', async () => {
    const person = await enrolledPersonWithoutAccount();
    const noMobile = await start({ action: 'activate', idNumber: person.idNumber, fingerprint: await finger(person.idNumber) });
    assert.equal(noMobile.statusCode, 422);
    assert.equal(noMobile.json().error.fields.mobile[0].code, 'kiosk.mobile_for_new_account');

    const local = uniqueMobile();
    const mobile = `+966${local.slice(1)}`;
    const started = await start({ action: 'activate', idNumber: person.idNumber, fingerprint: await finger(person.idNumber), mobile: local, language: 'en' });
    assert.equal(started.statusCode, 201, started.body);
    assert.equal(started.json().createsAccount, true);
    const done = await confirm(started.json().operationId, mobile);
    assert.equal(done.statusCode, 200, done.body);
    assert.deepEqual([done.json().result, done.json().username], ['account_created', person.idNumber]);
    const account = await platform.store.accounts.findByIdNumber(person.idNumber);
    assert.deepEqual([account?.username, account?.status, account?.mustChangePassword, account?.mobile], [person.idNumber, 'active', true, mobile]);

    const messages = await platform.smsTo(mobile);
    const passwordSms = messages.find((message) => message.purpose === 'kiosk_temporary_password');
    const temporary = passwordSms?.text.match(/Temporary password: ([A-Za-z0-9]+)\./)?.[1];
    assert.ok(temporary, 'the temporary password was sent by SMS');
    assert.ok(messages.some((message) => message.purpose === 'activation_completed'));

    const login = await platform.app.inject({ method: 'POST', url: '/api/v1/login', payload: { login: person.idNumber, password: temporary } });
    assert.equal(login.statusCode, 200, login.body);
    const loginId = login.json().loginId as string;
    const code = await platform.lastCodeTo(mobile);
    const verified = await platform.app.inject({ method: 'POST', url: `/api/v1/login/${loginId}/otp`, payload: { code } });
    assert.equal(verified.statusCode, 200);
    assert.deepEqual(verified.json(), { loginId, state: 'new_password' });
    assert.equal(verified.headers['set-cookie'], undefined, 'no session before the new password');

    const reused = await platform.app.inject({ method: 'POST', url: `/api/v1/login/${loginId}/password`, payload: { password: temporary, passwordConfirmation: temporary } });
    assert.equal(reused.statusCode, 422);
    assert.equal(reused.json().error.fields.password[0].code, 'password.reused');
    const weak = await platform.app.inject({ method: 'POST', url: `/api/v1/login/${loginId}/password`, payload: { password: 'abc', passwordConfirmation: 'abd' } });
    assert.equal(weak.statusCode, 422);

    const chosen = await platform.app.inject({ method: 'POST', url: `/api/v1/login/${loginId}/password`, payload: { password: 'Wq7nTr5pKz', passwordConfirmation: 'Wq7nTr5pKz' } });
    assert.equal(chosen.statusCode, 200, chosen.body);
    assert.equal(chosen.json().account.status, 'active');
    const token = chosen.json().token as string;
    const me = await platform.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.statusCode, 200);
    assert.equal((await platform.store.accounts.findByIdNumber(person.idNumber))?.mustChangePassword, false);
  });
});

describe('kiosk mobile update and pause', () => {
  it('when the holder updates the mobile with the matching finger and the code sent to the new number, then the account has the new number and the old one is told', async () => {
    const holder = await enrolledHolder();
    const local = uniqueMobile();
    const newMobile = `+966${local.slice(1)}`;
    const started = await start({ action: 'update_mobile', idNumber: holder.idNumber, fingerprint: await finger(holder.idNumber), mobile: local });
    assert.equal(started.statusCode, 201, started.body);
    const wrong = await call('POST', `/api/v1/kiosk/operations/${started.json().operationId}/otp`, { code: '000000' });
    assert.equal(wrong.statusCode, 422);
    assert.equal(wrong.json().error.code, 'otp.invalid');
    assert.equal((await platform.store.accounts.findById(holder.accountId))?.mobile, holder.mobile);
    const done = await confirm(started.json().operationId, newMobile);
    assert.equal(done.json().result, 'mobile_updated');
    assert.equal((await platform.store.accounts.findById(holder.accountId))?.mobile, newMobile);
    assert.ok((await platform.smsTo(holder.mobile)).some((message) => message.purpose === 'mobile_changed'));
    const events = await platform.store.audit.listForAccount(holder.accountId, 50);
    assert.ok(events.some((event) => event.type === 'mobile.changed' && (event.data as { channel?: string }).channel === 'kiosk'));
  });

  it('when the holder pauses the account, then it is suspended, its sessions end, sign-in is refused and banks cannot activate it', async () => {
    const holder = await enrolledHolder();
    const login = await platform.app.inject({ method: 'POST', url: '/api/v1/login', payload: { login: holder.username, password: holder.password } });
    const signedIn = await platform.app.inject({ method: 'POST', url: `/api/v1/login/${login.json().loginId}/otp`, payload: { code: await platform.lastCodeTo(holder.mobile) } });
    const session = signedIn.json().token as string;

    const started = await start({ action: 'suspend', idNumber: holder.idNumber, fingerprint: await finger(holder.idNumber) });
    assert.equal(started.statusCode, 201, started.body);
    const done = await confirm(started.json().operationId, holder.mobile);
    assert.equal(done.json().result, 'suspended');
    assert.equal((await platform.store.accounts.findById(holder.accountId))?.status, 'suspended');
    assert.equal((await platform.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${session}` } })).statusCode, 401);
    const again = await platform.app.inject({ method: 'POST', url: '/api/v1/login', payload: { login: holder.username, password: holder.password } });
    assert.equal(again.json().error.code, 'account.suspended');
    const byBank = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/partner/activations',
      headers: { authorization: `Bearer ${tokens.bank}`, 'idempotency-key': crypto.randomUUID() },
      payload: { idNumber: holder.idNumber, mobile: holder.mobile, channel: 'atm', reference: 'P-1' },
    });
    assert.equal(byBank.statusCode, 403);
    assert.ok((await platform.smsTo(holder.mobile)).some((message) => message.purpose === 'account_suspended'));
    const twice = await start({ action: 'suspend', idNumber: holder.idNumber, fingerprint: await finger(holder.idNumber) });
    assert.equal(twice.json().error.code, 'kiosk.already_suspended');
  });
});

describe('kiosk API access', () => {
  it('when a bank token or no token is used, then the kiosk API refuses (403, 401); an unknown operation is 404', async () => {
    const holder = await enrolledHolder();
    const body = { action: 'activate', idNumber: holder.idNumber, fingerprint: await finger(holder.idNumber) };
    assert.equal((await call('POST', '/api/v1/kiosk/operations', body, tokens.bank)).json().error.code, 'partner.scope_missing');
    assert.equal((await platform.app.inject({ method: 'POST', url: '/api/v1/kiosk/operations', payload: body })).statusCode, 401);
    assert.equal((await call('GET', `/api/v1/kiosk/operations/${crypto.randomUUID()}`)).statusCode, 404);
  });

  it('when the form is wrong, then every field is named at once', async () => {
    const response = await start({ action: 'dance', idNumber: '12', fingerprint: '' });
    assert.equal(response.statusCode, 422);
    assert.deepEqual(Object.keys(response.json().error.fields).sort(), ['action', 'fingerprint', 'idNumber']);
  });
});
