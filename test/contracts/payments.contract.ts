// The shared contract of the PaymentsSystem port (SADAD-style bills): every adapter must pass it.
// Checks: a bill is created once per reference and reads back; paying it sends a paid notice to the
// biller; paying it again, after expiry or with another amount is refused; of concurrent payments
// exactly one succeeds; bad amounts are refused; PaymentsUnavailableError when down.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PaymentsRefusal, PaymentsUnavailableError, type PaidNotice, type PaymentsSystem } from '../../src/core/services/sectors/payments.ts';

export interface PaymentsUnderTest {
  system: PaymentsSystem;
  /** Now as the system sees it. */
  now(): Date;
  /** Moves the system's time forward. */
  advance(milliseconds: number): void;
  /** Notices the biller endpoint received so far. */
  notices: PaidNotice[];
  setAvailable?: (available: boolean) => void;
}

const refused = (reason: string) => (error: unknown) => error instanceof PaymentsRefusal && error.reason === reason;
const DAY = 86_400_000;

export function describePaymentsContract(name: string, make: () => Promise<PaymentsUnderTest>): void {
  describe(`PaymentsSystem contract: ${name}`, () => {
    const newBill = (subject: PaymentsUnderTest, change: Record<string, unknown> = {}) => ({
      reference: crypto.randomUUID(),
      payerId: '1000000008',
      amountHalalas: 15_000,
      descriptionAr: 'رسوم',
      descriptionEn: 'Fee',
      expiresAt: new Date(subject.now().getTime() + 7 * DAY),
      ...change,
    });

    it('when a bill is created twice with one reference, then there is one unpaid bill with a numeric number', async () => {
      const subject = await make();
      const request = newBill(subject);
      const bill = await subject.system.createBill(request);
      assert.match(bill.number, /^\d{10,20}$/);
      assert.equal(bill.status, 'unpaid');
      assert.equal(bill.amountHalalas, 15_000);
      const again = await subject.system.createBill(request);
      assert.equal(again.number, bill.number);
      assert.deepEqual(await subject.system.bill(bill.number), bill);
      assert.equal(await subject.system.bill('000000000000'), null);
    });

    it('when a bill is paid, then it reads paid and the biller gets a notice for it', async () => {
      const subject = await make();
      const bill = await subject.system.createBill(newBill(subject));
      const payment = await subject.system.pay(bill.number, { payerId: '1000000008', amountHalalas: 15_000, channel: 'internet_banking' });
      const read = await subject.system.bill(bill.number);
      assert.equal(read!.status, 'paid');
      assert.equal(read!.paymentId, payment.paymentId);
      const notices = subject.notices.filter((notice) => notice.billNumber === bill.number);
      assert.ok(notices.length >= 1);
      assert.ok(notices.every((notice) => notice.noticeId === notices[0]!.noticeId), 'a repeated notice keeps its id');
      assert.equal(notices[0]!.reference, bill.reference);
      assert.equal(notices[0]!.amountHalalas, 15_000);
    });

    it('when a bill is paid again, with another amount, or after it expired, then the payment is refused', async () => {
      const subject = await make();
      const bill = await subject.system.createBill(newBill(subject));
      await assert.rejects(subject.system.pay(bill.number, { payerId: 'x', amountHalalas: 14_999, channel: 'atm' }), refused('amount_mismatch'));
      await subject.system.pay(bill.number, { payerId: 'x', amountHalalas: 15_000, channel: 'atm' });
      await assert.rejects(subject.system.pay(bill.number, { payerId: 'x', amountHalalas: 15_000, channel: 'atm' }), refused('already_paid'));
      const late = await subject.system.createBill(newBill(subject));
      subject.advance(8 * DAY);
      assert.equal((await subject.system.bill(late.number))!.status, 'expired');
      await assert.rejects(subject.system.pay(late.number, { payerId: 'x', amountHalalas: 15_000, channel: 'atm' }), refused('expired'));
      await assert.rejects(subject.system.pay('000000000000', { payerId: 'x', amountHalalas: 15_000, channel: 'atm' }), refused('not_found'));
    });

    it('when five payments of one bill race, then exactly one succeeds', async () => {
      const subject = await make();
      const bill = await subject.system.createBill(newBill(subject));
      const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => subject.system.pay(bill.number, { payerId: 'x', amountHalalas: 15_000, channel: 'mobile_app' })));
      assert.equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 1);
      for (const outcome of outcomes) if (outcome.status === 'rejected') assert.ok(refused('already_paid')(outcome.reason));
    });

    it('when a bill has no positive whole amount, then it is refused', async () => {
      const subject = await make();
      await assert.rejects(subject.system.createBill(newBill(subject, { amountHalalas: 0 })), refused('invalid_amount'));
      await assert.rejects(subject.system.createBill(newBill(subject, { amountHalalas: 10.5 })), refused('invalid_amount'));
    });

    it('when the system is down, then calls fail with PaymentsUnavailableError', async (context) => {
      const subject = await make();
      if (!subject.setAvailable) return context.skip('this adapter cannot be switched off');
      const bill = await subject.system.createBill(newBill(subject));
      subject.setAvailable(false);
      try {
        await assert.rejects(subject.system.createBill(newBill(subject)), PaymentsUnavailableError);
        await assert.rejects(subject.system.pay(bill.number, { payerId: 'x', amountHalalas: 15_000, channel: 'atm' }), PaymentsUnavailableError);
      } finally {
        subject.setAvailable(true);
      }
    });
  });
}
