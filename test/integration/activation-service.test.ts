// The activation service (INTERFACES §1, DESIGN §2 "Account life"): `registered` → `active` in one
// transaction, exactly one activation record, audit event and SMS confirmation per account even
// under 50 concurrent calls, `already_active` on replays, suspended and disabled accounts refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { activateForTest } from '../helpers/activation.ts';
import { registerOk } from './support.ts';
import type { ActivationRequest } from '../../src/core/activation/activation-service.ts';

function bankRequest(accountId: string, reference: string = crypto.randomUUID()): ActivationRequest {
  return {
    accountId,
    channel: 'bank',
    partner: 'alrajhi',
    reference,
    sub_channel: 'atm',
    actor: { kind: 'partner', id: 'bank-alrajhi' },
  };
}

describe('activation service', () => {
  let platform: TestPlatform;
  before(async () => {
    platform = await startTestPlatform();
  });
  after(() => platform.close());

  async function activationSms(mobile: string) {
    return (await platform.smsTo(mobile)).filter((message) => message.purpose === 'activation_completed');
  }

  async function activationEvents(accountId: string) {
    return (await platform.store.audit.listForAccount(accountId, 100)).filter((event) => event.type === 'activation.completed');
  }

  it('when a registered account is activated by a bank, then it is active, audited and told once by SMS in its language', async () => {
    const holder = await registerOk(platform, { preferredLanguage: 'en' });
    const outcome = await platform.activation.activate(bankRequest(holder.account.id, 'ATM-7731'));
    assert.equal(outcome.kind, 'activated');
    assert.equal((await platform.store.accounts.findById(holder.account.id))?.status, 'active');
    const record = await platform.activation.find(holder.account.id);
    assert.equal(record?.channel, 'bank');
    assert.equal(record?.subChannel, 'atm');
    assert.equal(record?.partner, 'alrajhi');
    assert.equal(record?.reference, 'ATM-7731');
    const sms = await activationSms(holder.mobile);
    assert.equal(sms.length, 1);
    assert.match(sms[0]!.text, /activated through your bank/);
    const [event] = await activationEvents(holder.account.id);
    assert.equal(event?.actor, 'partner:bank-alrajhi');
    assert.deepEqual(
      { channel: event?.data.channel, partner: event?.data.partner, reference: event?.data.reference },
      { channel: 'bank', partner: 'alrajhi', reference: 'ATM-7731' },
    );
  });

  it('when the holder prefers Arabic, then the confirmation is in Arabic', async () => {
    const holder = await registerOk(platform, { preferredLanguage: 'ar' });
    await platform.activation.activate({ ...bankRequest(holder.account.id), channel: 'nafath', partner: 'nafath', actor: { kind: 'holder', id: holder.account.id } });
    const [sms] = await activationSms(holder.mobile);
    assert.match(sms?.text ?? '', /فُعّل حسابك عبر نفاذ/);
  });

  it('when 50 activations of one account run at once, then exactly one wins, the rest answer already_active, one SMS and one event', async () => {
    const holder = await registerOk(platform);
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, index) => platform.activation.activate(bankRequest(holder.account.id, `REF-${index}`))));
    const activated = outcomes.filter((outcome) => outcome.kind === 'activated');
    const replays = outcomes.filter((outcome) => outcome.kind === 'already_active');
    assert.equal(activated.length, 1);
    assert.equal(replays.length, 49);
    const winner = activated[0]!;
    assert.ok(winner.kind === 'activated');
    for (const replay of replays) assert.ok(replay.kind === 'already_active' && replay.activationId === winner.activationId);
    assert.equal((await activationSms(holder.mobile)).length, 1);
    assert.equal((await activationEvents(holder.account.id)).length, 1);
  });

  it('when an active account is activated again, then the answer is already_active with the first record and nothing is sent', async () => {
    const holder = await registerOk(platform);
    const first = await platform.activation.activate(bankRequest(holder.account.id));
    platform.clock.advanceMinutes(5);
    const second = await platform.activation.activate({ ...bankRequest(holder.account.id), channel: 'kiosk', partner: 'kiosk-riyadh-01' });
    assert.ok(first.kind === 'activated');
    assert.deepEqual(second, { kind: 'already_active', activationId: first.activationId, at: first.at });
    assert.equal((await activationSms(holder.mobile)).length, 1);
    assert.equal((await platform.activation.find(holder.account.id))?.channel, 'bank');
  });

  for (const status of ['suspended', 'disabled'] as const) {
    it(`when the account is ${status}, then activation is refused and nothing is written`, async () => {
      const holder = await registerOk(platform);
      await platform.store.accounts.update(holder.account.id, { status }, platform.clock.now());
      const outcome = await platform.activation.activate(bankRequest(holder.account.id));
      assert.deepEqual(outcome, { kind: 'refused', reason: status });
      assert.equal((await platform.store.accounts.findById(holder.account.id))?.status, status);
      assert.equal(await platform.activation.find(holder.account.id), null);
      assert.equal((await activationSms(holder.mobile)).length, 0);
      assert.equal((await activationEvents(holder.account.id)).length, 0);
    });
  }

  it('when the account does not exist or the id is malformed, then the answer is not_found', async () => {
    assert.deepEqual(await platform.activation.activate(bankRequest(crypto.randomUUID())), { kind: 'refused', reason: 'not_found' });
    assert.deepEqual(await platform.activation.activate(bankRequest('not-an-id')), { kind: 'refused', reason: 'not_found' });
  });

  it('when a request is malformed (unknown channel, empty partner or reference, bad actor), then it throws and writes nothing', async () => {
    const holder = await registerOk(platform);
    const good = bankRequest(holder.account.id);
    const malformed = [
      { ...good, channel: 'fax' as never },
      { ...good, partner: '' },
      { ...good, reference: ' ' },
      { ...good, reference: 'x'.repeat(201) },
      { ...good, actor: { kind: 'robot' as never, id: 'x' } },
      { ...good, checks: { fingerprint: 3 as never } },
    ];
    for (const request of malformed) await assert.rejects(platform.activation.activate(request), TypeError);
    assert.equal((await platform.store.accounts.findById(holder.account.id))?.status, 'registered');
    assert.equal(await platform.activation.find(holder.account.id), null);
  });

  it('when a test activates a holder with activateForTest, then the account is active and a second call is harmless', async () => {
    const holder = await registerOk(platform);
    const first = await activateForTest(platform, holder.account.id);
    const second = await activateForTest(platform, holder.account.id);
    assert.equal(first.kind, 'activated');
    assert.equal(second.kind, 'already_active');
    assert.equal((await platform.store.accounts.findById(holder.account.id))?.status, 'active');
  });
});
