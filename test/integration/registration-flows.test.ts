// Whole registration journeys over the JSON API: the mobile moving to a new account, the expiry of
// an unfinished registration and its clean-up, races (one username, one flow), a person starting
// twice, and the audit chain those journeys leave behind.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { freshPerson, registrationBody, uniqueMobile, uniqueUsername } from '../helpers/registration.ts';
import { AUDIT_GENESIS_HASH } from '../../src/adapters/db/store.ts';
import {
  assertError,
  e164,
  fieldCodes,
  getRegistration,
  latestCode,
  postRegistration,
  registerOk,
  resendCode,
  startOk,
  verifyCode,
  wrongCode,
} from './support.ts';

describe('registration journeys', () => {
  let platform: TestPlatform;
  /** Every ID number, password and code these journeys used: none may reach the audit log. */
  const secrets = { idNumbers: new Set<string>(), passwords: new Set<string>(['Wq7nTr5p']), codes: new Set<string>() };

  before(async () => {
    platform = await startTestPlatform();
  });
  after(() => platform.close());

  const remember = (body: Record<string, unknown>, code?: string) => {
    secrets.idNumbers.add(String(body.idNumber));
    secrets.passwords.add(String(body.password));
    if (code) secrets.codes.add(code);
  };

  it('when a second person registers a mobile that another account holds, then the mobile moves and the first holder is told', async () => {
    const mobile = uniqueMobile();
    const first = await registerOk(platform, { mobile, email: 'first.holder@example.sa', emailConfirmation: 'first.holder@example.sa' });
    remember(first.body, first.code);
    assert.equal(first.account.mobile, e164(mobile));

    platform.clock.advanceSeconds(1);
    const second = await startOk(platform, { mobile, email: 'second.holder@example.sa', emailConfirmation: 'second.holder@example.sa', password: 'Nv3kRt8m', passwordConfirmation: 'Nv3kRt8m' });
    assert.equal((await platform.store.accounts.findById(first.account.id))?.mobile, e164(mobile), 'nothing moves before the code is verified');
    const code = await latestCode(platform, e164(mobile));
    assertError(await verifyCode(platform, second.registrationId, wrongCode(code)), 422, 'otp.invalid');
    const verified = await verifyCode(platform, second.registrationId, code);
    assert.equal(verified.status, 201, JSON.stringify(verified.json));
    remember(second.body, code);

    const firstAccount = await platform.store.accounts.findById(first.account.id);
    const secondAccount = await platform.store.accounts.findByIdNumber(String(second.body.idNumber));
    assert.equal(firstAccount?.mobile, null, 'the first account lost the number');
    assert.equal(secondAccount?.mobile, e164(mobile), 'the new account has it');

    const notices = await platform.store.notices.listForAccount(first.account.id, 10);
    assert.equal(notices.length, 1);
    assert.equal(notices[0]!.kind, 'mobile.moved_away');
    assert.equal(notices[0]!.params.mobile, `+966 5•••••${mobile.slice(-3)}`);
    assert.deepEqual(await platform.store.notices.listForAccount(secondAccount!.id, 10), []);

    const mails = await platform.emailTo('first.holder@example.sa');
    assert.equal(mails.length, 1);
    assert.equal(mails[0]!.purpose, 'mobile_moved_away');
    assert.ok(mails[0]!.subject.length > 0);
    assert.ok(mails[0]!.text.includes(`+966 5•••••${mobile.slice(-3)}`), 'the e-mail names the masked number');
    assert.ok(!mails[0]!.text.includes(e164(mobile)), 'but not the full number');
    assert.deepEqual(await platform.emailTo('second.holder@example.sa'), []);

    const moved = (await platform.store.audit.listForAccount(first.account.id, 50)).filter((record) => record.type === 'mobile.moved');
    assert.equal(moved.length, 1);
    assert.equal(moved[0]!.actor, 'system');
    assert.equal(moved[0]!.data.toAccount, secondAccount!.id);
  });

  it('when an unfinished registration is 30 minutes old, then verify and resend are 410 flow.expired and housekeeping removes it without an account', async () => {
    const started = await startOk(platform);
    const code = await latestCode(platform, started.mobile);
    remember(started.body, code);
    platform.clock.advanceSeconds(60);
    assert.equal((await resendCode(platform, started.registrationId)).status, 202);
    platform.clock.advanceSeconds(30 * 60 - 60 - 1);
    assert.equal((await getRegistration(platform, started.registrationId)).status, 200, 'still there just before');
    platform.clock.advanceSeconds(1);
    assertError(await verifyCode(platform, started.registrationId, code), 410, 'flow.expired');
    assertError(await resendCode(platform, started.registrationId), 410, 'flow.expired');
    assertError(await getRegistration(platform, started.registrationId), 410, 'flow.expired');

    platform.clock.advanceSeconds(1);
    await platform.housekeeping();
    const db = platform.database.db;
    assert.equal((await db.selectFrom('flows').select('id').where('id', '=', started.registrationId).execute()).length, 0, 'the flow is gone');
    assert.equal((await db.selectFrom('otp_challenges').select('flow_id').where('flow_id', '=', started.registrationId).execute()).length, 0, 'its code is gone');
    assert.equal((await db.selectFrom('reservations').select('flow_id').where('flow_id', '=', started.registrationId).execute()).length, 0, 'its username is free');
    assert.equal(await platform.store.accounts.findByIdNumber(String(started.body.idNumber)), null, 'no account');
    assertError(await getRegistration(platform, started.registrationId), 404, 'flow.not_found');
    const availability = await platform.app.inject({ method: 'GET', url: `/api/v1/usernames/${String(started.body.username)}` });
    assert.deepEqual(availability.json(), { available: true });
  });

  it('when 20 people register one username in different letter cases at once, then exactly one gets 201 and the others 422 username.taken', async () => {
    const base = `racenamez${process.pid % 1000}`;
    // Letters 1-7 take their case from the bits of the index; the first and the last letter stay lower-case.
    const variant = (index: number) =>
      [...base].map((char, position) => (position >= 1 && position <= 7 && index & (1 << (position - 1)) ? char.toUpperCase() : char)).join('');
    const bodies = [];
    for (let index = 0; index < 20; index += 1) bodies.push(await registrationBody(platform, { username: variant(index) }));
    assert.equal(new Set(bodies.map((body) => body.username)).size, 20, 'twenty different spellings');
    const results = await Promise.all(bodies.map((body) => postRegistration(platform, body)));
    const statuses = results.map((result) => result.status);
    assert.equal(statuses.filter((status) => status === 201).length, 1, `statuses ${statuses.join(',')}`);
    assert.equal(statuses.filter((status) => status >= 500).length, 0);
    for (const result of results.filter((candidate) => candidate.status !== 201)) {
      assert.equal(result.status, 422);
      assert.deepEqual(fieldCodes(result.json), { username: ['username.taken'] });
    }
    const winner = results.findIndex((result) => result.status === 201);
    const code = await latestCode(platform, e164(bodies[winner]!.mobile));
    remember(bodies[winner]!, code);
    assert.equal((await verifyCode(platform, results[winner]!.json.registrationId, code)).status, 201);
    assert.equal((await platform.store.accounts.findByUsername(base))?.username, bodies[winner]!.username);
  });

  it('when the right code is sent 20 times at once, then exactly one answer is 201 and one account results', async () => {
    const started = await startOk(platform);
    const code = await latestCode(platform, started.mobile);
    remember(started.body, code);
    const results = await Promise.all(Array.from({ length: 20 }, () => verifyCode(platform, started.registrationId, code)));
    const statuses = results.map((result) => result.status);
    assert.equal(statuses.filter((status) => status === 201).length, 1, `statuses ${statuses.join(',')}`);
    for (const result of results.filter((candidate) => candidate.status !== 201)) assertError(result, 409, 'flow.wrong_state');
    const accounts = await platform.database.db.selectFrom('accounts').select('id').where('id_number', '=', String(started.body.idNumber)).execute();
    assert.equal(accounts.length, 1);
    const completions = await platform.smsTo(started.mobile);
    assert.equal(completions.filter((message) => message.purpose === 'registration_completed').length, 1, 'one completion SMS');
  });

  it('when the same person starts twice, then both flows live, the one verified first makes the account and the other is refused', async () => {
    const person = await freshPerson(platform);
    const first = await startOk(platform, { idNumber: person.idNumber, username: uniqueUsername() });
    platform.clock.advanceSeconds(1);
    const second = await startOk(platform, { idNumber: person.idNumber, username: uniqueUsername(), mobile: uniqueMobile() });
    assert.equal((await getRegistration(platform, first.registrationId)).json.state, 'otp_sent');
    assert.equal((await getRegistration(platform, second.registrationId)).json.state, 'otp_sent');

    const secondCode = await latestCode(platform, second.mobile);
    const firstCode = await latestCode(platform, first.mobile);
    remember(first.body, firstCode);
    remember(second.body, secondCode);
    assert.equal((await verifyCode(platform, second.registrationId, secondCode)).status, 201);
    const refused = assertError(await verifyCode(platform, first.registrationId, firstCode), 409, 'registration.conflict');
    assert.deepEqual(fieldCodes({ error: refused }), { idNumber: ['id.already_registered'] });

    const accounts = await platform.database.db.selectFrom('accounts').selectAll().where('id_number', '=', person.idNumber).execute();
    assert.equal(accounts.length, 1, 'one account');
    assert.equal(accounts[0]!.username, second.body.username);
    assert.equal(accounts[0]!.mobile, second.mobile);
    assert.equal(await platform.store.accounts.findByMobile(first.mobile), null, "the losing flow's mobile was not touched");
  });

  it('when a person starts again with the username of their own unfinished registration, then it is theirs to reuse', async () => {
    const person = await freshPerson(platform);
    const username = uniqueUsername();
    const first = await startOk(platform, { idNumber: person.idNumber, username });
    remember(first.body);
    const again = await postRegistration(platform, await registrationBody(platform, { idNumber: person.idNumber, username: username.toUpperCase().replace(/X/, 'x') }));
    assert.equal(again.status, 201, JSON.stringify(again.json));
    const intruder = await postRegistration(platform, await registrationBody(platform, { username }));
    assert.deepEqual(fieldCodes(intruder.json), { username: ['username.taken'] });
  });

  it('when these journeys are done, then the audit chain verifies and holds no full ID number, code, password or mobile', async () => {
    const verified = await platform.audit.verify(platform.store.audit, AUDIT_GENESIS_HASH);
    assert.deepEqual(verified.ok, true, JSON.stringify(verified));
    assert.ok(verified.count >= 10, `records: ${verified.count}`);

    const records = await platform.store.audit.read(0, 10_000);
    assert.equal(records.length, verified.count);
    const types = new Set(records.map((record) => record.type));
    for (const type of ['registration.started', 'registration.completed', 'mobile.moved', 'otp.failed', 'otp.resent']) {
      assert.ok(types.has(type), `an ${type} record`);
    }
    const delivered = await platform.database.db.selectFrom('reference_sms').select(['recipient', 'text']).execute();
    for (const message of delivered) {
      const code = /\b(\d{6})\b/.exec(message.text)?.[1];
      if (code) secrets.codes.add(code);
    }
    const mobiles = new Set(delivered.map((message) => message.recipient));
    assert.ok(secrets.codes.size >= 5 && secrets.idNumbers.size >= 5 && mobiles.size >= 5);
    for (const record of records) {
      const text = JSON.stringify({ type: record.type, actor: record.actor, subject: record.subject, data: record.data });
      for (const idNumber of secrets.idNumbers) assert.ok(!text.includes(idNumber), `${record.type} holds a full ID number: ${text}`);
      for (const code of secrets.codes) assert.ok(!text.includes(code), `${record.type} holds a code: ${text}`);
      for (const password of secrets.passwords) assert.ok(!text.includes(password), `${record.type} holds a password: ${text}`);
      for (const mobile of mobiles) assert.ok(!text.includes(mobile.slice(4)), `${record.type} holds a full mobile: ${text}`);
    }
  });
});
