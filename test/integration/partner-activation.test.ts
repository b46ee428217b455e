// The bank partner activation API exactly as API.md says, over the real token endpoint: every
// result and error, Idempotency-Key replay and mismatch, tokens without the scope, unknown clients
// and bad tokens, and 50 concurrent activations of one account. One platform serves the file;
// each test has its own holders.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { freshPerson } from '../helpers/registration.ts';
import { translate } from '../../src/i18n/i18n.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { IdempotentRequests } from '../../src/core/partners/idempotency.ts';
import { createIdempotencyStore } from '../../src/adapters/db/partner-idempotency-store.ts';
import { activationRequest, partnerToken, registeredHolder } from './partner-support.ts';

let platform: TestPlatform;
let alrajhi: string;
let anb: string;
let kioskToken: string;

before(async () => {
  platform = await startTestPlatform();
  alrajhi = await partnerToken(platform, 'bank-alrajhi', 'activation');
  anb = await partnerToken(platform, 'bank-anb', 'activation');
  kioskToken = await partnerToken(platform, 'kiosk-riyadh-01', 'kiosk');
});
after(async () => platform.close());

const confirmations = async (mobile: string) => (await platform.smsTo(mobile)).filter((message) => message.purpose === 'activation_completed');

describe('bank activation results', () => {
  it('when a bank activates a registered holder with the ID and the mobile on the account, then it is active, the channel is recorded and one SMS goes out in the holder’s language', async () => {
    const holder = await registeredHolder(platform, { preferredLanguage: 'en' });
    const response = await activationRequest(platform, alrajhi, { idNumber: holder.idNumber, mobile: holder.localMobile, channel: 'atm', reference: 'ATM-0001' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { result: 'activated' });
    assert.equal((await platform.store.accounts.findById(holder.accountId))?.status, 'active');
    const record = await platform.activation.find(holder.accountId);
    assert.equal(record?.channel, 'bank');
    assert.equal(record?.partner, 'alrajhi');
    assert.equal(record?.subChannel, 'atm');
    assert.equal(record?.reference, 'ATM-0001');
    assert.deepEqual([record?.actorKind, record?.actorId], ['partner', 'bank-alrajhi']);
    const sms = await confirmations(holder.mobile);
    assert.equal(sms.length, 1);
    assert.equal(sms[0]!.text, translate('en', 'activation.sms.bank'));
  });

  it('when each bank channel is used, then its sub-channel is recorded (internet, mobile app, phone) and an Arabic holder gets the Arabic SMS', async () => {
    for (const [channel, sub] of [['internet_banking', 'internet'], ['mobile_app', 'mobile_app'], ['phone_banking', 'phone']] as const) {
      const holder = await registeredHolder(platform);
      const response = await activationRequest(platform, anb, { idNumber: holder.idNumber, mobile: holder.mobile, channel, reference: `ANB-${sub}` });
      assert.equal(response.statusCode, 200, response.body);
      const record = await platform.activation.find(holder.accountId);
      assert.deepEqual([record?.partner, record?.subChannel], ['anb', sub]);
      assert.equal((await confirmations(holder.mobile))[0]?.text, translate('ar', 'activation.sms.bank'));
    }
  });

  it('when the account is already active, then the answer is already_active and no second SMS is sent', async () => {
    const holder = await registeredHolder(platform);
    const body = { idNumber: holder.idNumber, mobile: holder.localMobile, channel: 'internet_banking', reference: 'IB-1' };
    assert.equal((await activationRequest(platform, alrajhi, body)).json().result, 'activated');
    const again = await activationRequest(platform, anb, { ...body, reference: 'IB-2' });
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), { result: 'already_active' });
    assert.equal((await confirmations(holder.mobile)).length, 1);
  });

  it('when no account has the ID, then 404 account.not_found', async () => {
    const person = await freshPerson(platform);
    const response = await activationRequest(platform, alrajhi, { idNumber: person.idNumber, mobile: '0500000001', channel: 'atm', reference: 'X-1' });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().error.code, 'account.not_found');
    assert.equal(response.json().error.message, translate('en', 'account.not_found'));
  });

  it('when the mobile the bank knows is not the account’s, then 409 mobile.mismatch, nothing is activated and the refusal is audited', async () => {
    const holder = await registeredHolder(platform);
    const response = await activationRequest(platform, alrajhi, { idNumber: holder.idNumber, mobile: '0599999998', channel: 'atm', reference: 'M-1' });
    assert.equal(response.statusCode, 409);
    assert.equal(response.json().error.code, 'mobile.mismatch');
    assert.equal((await platform.store.accounts.findById(holder.accountId))?.status, 'registered');
    assert.equal(await platform.activation.find(holder.accountId), null);
    const events = await platform.store.audit.listForAccount(holder.accountId, 20);
    const refusal = events.find((event) => event.type === 'partner.activation_refused');
    assert.equal(refusal?.actor, 'partner:bank-alrajhi');
    assert.equal((refusal?.data as { code?: string }).code, 'mobile.mismatch');
  });

  it('when the account is suspended, then 403 id.not_eligible and it stays suspended', async () => {
    const holder = await registeredHolder(platform);
    await platform.store.accounts.update(holder.accountId, { status: 'suspended' }, platform.clock.now());
    const response = await activationRequest(platform, alrajhi, { idNumber: holder.idNumber, mobile: holder.localMobile, channel: 'atm', reference: 'S-1' });
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().error.code, 'id.not_eligible');
    assert.equal(response.json().error.reason, 'account_suspended');
    assert.equal((await platform.store.accounts.findById(holder.accountId))?.status, 'suspended');
  });

  it('when fields are wrong, then 422 validation.failed names every one; Arabic digits are read as digits', async () => {
    const response = await activationRequest(platform, alrajhi, { idNumber: '1234567890', mobile: '12', channel: 'branch', reference: '' });
    assert.equal(response.statusCode, 422);
    const fields = response.json().error.fields as Record<string, Array<{ code: string }>>;
    assert.deepEqual(Object.keys(fields).sort(), ['channel', 'idNumber', 'mobile', 'reference']);
    assert.equal(fields.channel![0]!.code, 'partner.channel_invalid');
    const holder = await registeredHolder(platform);
    const arabic = (text: string) => text.replace(/\d/g, (digit) => '٠١٢٣٤٥٦٧٨٩'[Number(digit)]!);
    const ok = await activationRequest(platform, alrajhi, { idNumber: arabic(holder.idNumber), mobile: arabic(holder.localMobile), channel: 'atm', reference: 'AR-1' });
    assert.equal(ok.statusCode, 200, ok.body);
  });

  it('when the body is not JSON, then 400 request.malformed', async () => {
    const response = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/partner/activations',
      headers: { authorization: `Bearer ${alrajhi}`, 'idempotency-key': crypto.randomUUID(), 'content-type': 'application/json' },
      payload: '{"idNumber": ',
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, 'request.malformed');
  });
});

describe('Idempotency-Key', () => {
  it('when the same key and body come again, then the first answer is returned, with one activation and one SMS', async () => {
    const holder = await registeredHolder(platform);
    const key = crypto.randomUUID();
    const body = { idNumber: holder.idNumber, mobile: holder.localMobile, channel: 'mobile_app', reference: 'APP-7' };
    const first = await activationRequest(platform, alrajhi, body, { key });
    const second = await activationRequest(platform, alrajhi, { reference: 'APP-7', channel: 'mobile_app', mobile: holder.localMobile, idNumber: holder.idNumber }, { key });
    assert.equal(first.statusCode, 200);
    assert.equal(second.statusCode, 200);
    assert.deepEqual(second.json(), { result: 'activated' });
    assert.equal((await confirmations(holder.mobile)).length, 1);
    const events = await platform.store.audit.listForAccount(holder.accountId, 50);
    assert.equal(events.filter((event) => event.type === 'activation.completed').length, 1);
  });

  it('when the same key comes with another body, then 422 idempotency.mismatch and nothing happens', async () => {
    const holder = await registeredHolder(platform);
    const key = crypto.randomUUID();
    const other = await registeredHolder(platform);
    await activationRequest(platform, alrajhi, { idNumber: holder.idNumber, mobile: holder.localMobile, channel: 'atm', reference: 'K-1' }, { key });
    const response = await activationRequest(platform, alrajhi, { idNumber: other.idNumber, mobile: other.localMobile, channel: 'atm', reference: 'K-1' }, { key });
    assert.equal(response.statusCode, 422);
    assert.equal(response.json().error.code, 'idempotency.mismatch');
    assert.equal((await platform.store.accounts.findById(other.accountId))?.status, 'registered');
  });

  it('when a refused request is replayed with its key, then the same refusal comes back, in the language asked', async () => {
    const holder = await registeredHolder(platform);
    const key = crypto.randomUUID();
    const body = { idNumber: holder.idNumber, mobile: '0599999997', channel: 'atm', reference: 'R-1' };
    const first = await activationRequest(platform, alrajhi, body, { key });
    const replay = await activationRequest(platform, alrajhi, body, { key, language: 'ar' });
    assert.equal(first.statusCode, 409);
    assert.equal(replay.statusCode, 409);
    assert.equal(replay.json().error.code, 'mobile.mismatch');
    assert.equal(replay.json().error.message, translate('ar', 'mobile.mismatch'));
  });

  it('when two banks use the same key, then each has its own (keys are per client)', async () => {
    const first = await registeredHolder(platform);
    const second = await registeredHolder(platform);
    const key = crypto.randomUUID();
    const a = await activationRequest(platform, alrajhi, { idNumber: first.idNumber, mobile: first.localMobile, channel: 'atm', reference: 'S-A' }, { key });
    const b = await activationRequest(platform, anb, { idNumber: second.idNumber, mobile: second.localMobile, channel: 'atm', reference: 'S-B' }, { key });
    assert.deepEqual([a.statusCode, b.statusCode], [200, 200]);
    assert.equal((await platform.store.accounts.findById(second.accountId))?.status, 'active');
  });

  it('when the key is missing or malformed, then 400 partner.idempotency_key_required', async () => {
    const holder = await registeredHolder(platform);
    const body = { idNumber: holder.idNumber, mobile: holder.localMobile, channel: 'atm', reference: 'NK-1' };
    for (const key of [null, 'short']) {
      const response = await activationRequest(platform, alrajhi, body, { key });
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().error.code, 'partner.idempotency_key_required');
    }
    assert.equal((await platform.store.accounts.findById(holder.accountId))?.status, 'registered');
  });

  it('when 50 requests with the same key and body arrive at once, then all get the first answer, with one activation and one SMS', async () => {
    const holder = await registeredHolder(platform);
    const key = crypto.randomUUID();
    const body = { idNumber: holder.idNumber, mobile: holder.localMobile, channel: 'atm', reference: 'PAR-1' };
    const answers = await Promise.all(Array.from({ length: 50 }, () => activationRequest(platform, alrajhi, body, { key })));
    assert.deepEqual(new Set(answers.map((answer) => `${answer.statusCode} ${answer.body}`)), new Set(['200 {"result":"activated"}']));
    assert.equal((await confirmations(holder.mobile)).length, 1);
  });
});

describe('the idempotency store', () => {
  it('when a key is older than 24 hours, then it serves a new request; a request that failed unexpectedly frees its key', async () => {
    const clock = new FakeClock('2026-03-01T08:00:00Z');
    const requests = new IdempotentRequests(createIdempotencyStore(platform.database.db), clock);
    let runs = 0;
    const work = (answer: string) => async () => {
      runs += 1;
      return { status: 200, body: { answer } };
    };
    assert.deepEqual(await requests.run('client-a', 'key-00000001', { n: 1 }, work('first')), { status: 200, body: { answer: 'first' } });
    assert.deepEqual(await requests.run('client-a', 'key-00000001', { n: 1 }, work('second')), { status: 200, body: { answer: 'first' } });
    await assert.rejects(requests.run('client-a', 'key-00000001', { n: 2 }, work('third')), (error: Error) => error.message === 'idempotency.mismatch');
    assert.equal(runs, 1);
    clock.advanceSeconds(24 * 60 * 60);
    assert.deepEqual(await requests.run('client-a', 'key-00000001', { n: 2 }, work('fourth')), { status: 200, body: { answer: 'fourth' } });
    assert.equal(runs, 2);

    await assert.rejects(requests.run('client-a', 'key-00000002', { n: 1 }, async () => Promise.reject(new Error('gateway down'))), /gateway down/);
    assert.deepEqual(await requests.run('client-a', 'key-00000002', { n: 1 }, work('retried')), { status: 200, body: { answer: 'retried' } });
    clock.advanceSeconds(24 * 60 * 60);
    assert.ok((await requests.purgeExpired()) >= 2);
  });
});

describe('tokens and clients', () => {
  it('when there is no token or a bad one, then 401 partner.token_invalid with a Bearer challenge', async () => {
    const body = { idNumber: '1000000008', mobile: '0500000000', channel: 'atm', reference: 'T-1' };
    for (const authorization of [undefined, 'Bearer not-a-token', `Bearer ${alrajhi.slice(0, -4)}AAAA`, `Basic ${Buffer.from('bank-alrajhi:x').toString('base64')}`]) {
      const response = await platform.app.inject({
        method: 'POST',
        url: '/api/v1/partner/activations',
        headers: { 'idempotency-key': crypto.randomUUID(), ...(authorization ? { authorization } : {}) },
        payload: body,
      });
      assert.equal(response.statusCode, 401, String(authorization));
      assert.equal(response.json().error.code, 'partner.token_invalid');
      assert.match(String(response.headers['www-authenticate']), /^Bearer error="invalid_token"/);
    }
  });

  it('when a kiosk token is used at the bank endpoint, then 403 partner.scope_missing', async () => {
    const holder = await registeredHolder(platform);
    const response = await activationRequest(platform, kioskToken, { idNumber: holder.idNumber, mobile: holder.localMobile, channel: 'atm', reference: 'SC-1' });
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().error.code, 'partner.scope_missing');
    assert.match(String(response.headers['www-authenticate']), /insufficient_scope/);
    assert.equal((await platform.store.accounts.findById(holder.accountId))?.status, 'registered');
  });

  it('when a bank asks for a scope it does not hold, or an unknown client or a wrong secret asks for a token, then no token is issued', async () => {
    await assert.rejects(partnerToken(platform, 'bank-alrajhi', 'kiosk'));
    await assert.rejects(partnerToken(platform, 'bank-unknown', 'activation', 'x'.repeat(43)));
    await assert.rejects(partnerToken(platform, 'bank-anb', 'activation', 'x'.repeat(43)));
  });
});

describe('concurrency', () => {
  it('when 50 activations of one account arrive at once from different banks and keys, then all succeed and exactly one activates', async () => {
    const holder = await registeredHolder(platform);
    const tokens = [alrajhi, anb];
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        activationRequest(platform, tokens[index % 2]!, { idNumber: holder.idNumber, mobile: holder.localMobile, channel: 'atm', reference: `C-${index}` }),
      ),
    );
    assert.deepEqual(new Set(answers.map((answer) => answer.statusCode)), new Set([200]));
    const results = answers.map((answer) => (answer.json() as { result: string }).result);
    assert.equal(results.filter((result) => result === 'activated').length, 1);
    assert.equal(results.filter((result) => result === 'already_active').length, 49);
    assert.equal((await confirmations(holder.mobile)).length, 1);
    const events = await platform.store.audit.listForAccount(holder.accountId, 100);
    assert.equal(events.filter((event) => event.type === 'activation.completed').length, 1);
  });
});
