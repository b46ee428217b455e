// Runs the PaymentsSystem contract against the embedded reference SADAD system on a test database;
// and checks its at-least-once notices: a biller that fails gets the notice again later, and a
// notice can arrive twice.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../helpers/platform.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { ReferencePaymentsSystem } from '../../src/adapters/payments/reference-payments.ts';
import type { PaidNotice } from '../../src/core/services/sectors/payments.ts';
import { isValidLuhn } from '../../src/core/identity/national-id.ts';
import { describePaymentsContract } from './payments.contract.ts';

describe('reference payments system', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;

  before(async () => {
    database = await openTestDatabase();
  });
  after(async () => {
    await database.drop();
  });

  describePaymentsContract('reference', async () => {
    const clock = new FakeClock('2026-01-15T09:00:00Z');
    const system = new ReferencePaymentsSystem({ db: database.db, clock });
    const notices: PaidNotice[] = [];
    system.onPaid(async (notice) => {
      notices.push(notice);
    });
    return { system, notices, now: () => clock.now(), advance: (ms) => clock.advance(ms), setAvailable: (available) => system.setAvailable(available) };
  });

  it('when the biller fails to take a notice, then it stays pending and is delivered on the next pass; a redelivery repeats it', async () => {
    const clock = new FakeClock('2026-01-15T09:00:00Z');
    const system = new ReferencePaymentsSystem({ db: database.db, clock });
    const received: PaidNotice[] = [];
    let down = true;
    system.onPaid(async (notice) => {
      if (down) throw new Error('biller endpoint down');
      received.push(notice);
    });
    const bill = await system.createBill({ reference: crypto.randomUUID(), payerId: '1000000008', amountHalalas: 500, descriptionAr: 'أ', descriptionEn: 'A', expiresAt: new Date(clock.now().getTime() + 86_400_000) });
    assert.equal(bill.number.slice(0, 3), '090');
    assert.ok(isValidLuhn(bill.number.slice(3)), 'the bill number ends with a Luhn check digit');
    await system.pay(bill.number, { payerId: '1000000008', amountHalalas: 500, channel: 'atm' });
    assert.equal(received.length, 0);
    assert.equal(await system.deliveries(bill.number), 0);
    down = false;
    assert.ok((await system.deliverPending()) >= 1);
    assert.equal(received.length, 1);
    assert.equal(await system.redeliver(bill.number), true);
    assert.equal(received.length, 2);
    assert.equal(received[0]!.noticeId, received[1]!.noticeId);
    assert.equal(await system.deliveries(bill.number), 2);
  });
});
