// The embedded reference payment system (SADAD-style): bills kept in the database, paid once, and a
// paid notice sent to the biller after each payment — at least once: a notice whose delivery failed
// is sent again by `deliverPending`, and `redeliver` (or `duplicateNotices`) sends one twice, as the
// real network may. Guarantees: one bill per biller reference (unique index; a second create returns
// the first bill); a bill number is used once (a sequence, with a Luhn check digit); paying is one
// conditional update, so of two concurrent payments exactly one succeeds and the other is refused
// 'already_paid'; an expired bill or a wrong amount is refused; one notice per paid bill; it can be
// switched off (PaymentsUnavailableError).
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../../core/ports.ts';
import { luhnCheckDigit } from '../../core/identity/national-id.ts';
import {
  PaymentsRefusal,
  PaymentsUnavailableError,
  type Bill,
  type BillStatus,
  type NewBill,
  type PaidNotice,
  type PaidNoticeListener,
  type PaymentsSystem,
} from '../../core/services/sectors/payments.ts';

export type PaymentsTables = {
  payments_bills: {
    number: string;
    reference: string;
    payer_id: string;
    amount_halalas: number;
    description_ar: string;
    description_en: string;
    status: string;
    created_at: Date;
    expires_at: Date;
    paid_at: Date | null;
    payment_id: string | null;
    channel: string | null;
  };
  payments_notices: { notice_id: string; bill_number: string; created_at: Date; deliveries: number; delivered_at: Date | null };
};

type Db = Kysely<Database & PaymentsTables>;

/** The platform's biller code: the first digits of every bill number it issues. */
export const BILLER_CODE = '090';

/** The largest bill the reference system accepts (SAR 1,000,000). */
export const MAX_BILL_HALALAS = 100_000_000;

export class ReferencePaymentsSystem implements PaymentsSystem {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #listeners: PaidNoticeListener[] = [];
  #available = true;
  #duplicateNotices: boolean;

  constructor(options: { db: Kysely<Database>; clock: Clock; duplicateNotices?: boolean }) {
    this.#db = options.db.withTables<PaymentsTables>();
    this.#clock = options.clock;
    this.#duplicateNotices = options.duplicateNotices ?? false;
  }

  setAvailable(available: boolean): void {
    this.#available = available;
  }

  /** Sends every paid notice twice from now on (true), as the network may. */
  setDuplicateNotices(duplicate: boolean): void {
    this.#duplicateNotices = duplicate;
  }

  onPaid(listener: PaidNoticeListener): void {
    this.#listeners.push(listener);
  }

  async createBill(bill: NewBill): Promise<Bill> {
    this.#gate();
    if (!Number.isInteger(bill.amountHalalas) || bill.amountHalalas <= 0 || bill.amountHalalas > MAX_BILL_HALALAS) throw new PaymentsRefusal('invalid_amount');
    if (bill.reference.length === 0 || bill.reference.length > 100) throw new RangeError('reference must be 1-100 characters');
    const earlier = await this.#byReference(bill.reference);
    if (earlier) return earlier;
    const { rows } = await sql<{ value: string | number }>`select nextval('payments_bill_numbers') as value`.execute(this.#db);
    const body = String(rows[0]!.value).padStart(9, '0');
    if (body.length > 9) throw new PaymentsUnavailableError('bill numbers exhausted');
    const number = `${BILLER_CODE}${body}${luhnCheckDigit(body)}`;
    const inserted = await this.#db
      .insertInto('payments_bills')
      .values({
        number,
        reference: bill.reference,
        payer_id: bill.payerId,
        amount_halalas: bill.amountHalalas,
        description_ar: bill.descriptionAr,
        description_en: bill.descriptionEn,
        status: 'unpaid',
        created_at: this.#clock.now(),
        expires_at: bill.expiresAt,
        paid_at: null,
        payment_id: null,
        channel: null,
      })
      .onConflict((conflict) => conflict.column('reference').doNothing())
      .returningAll()
      .executeTakeFirst();
    return inserted ? this.#bill(inserted) : (await this.#byReference(bill.reference))!;
  }

  async bill(number: string): Promise<Bill | null> {
    this.#gate();
    const row = await this.#db.selectFrom('payments_bills').selectAll().where('number', '=', number).executeTakeFirst();
    return row ? this.#bill(row) : null;
  }

  async pay(number: string, payment: { payerId: string; amountHalalas: number; channel: string }): Promise<{ paymentId: string; paidAt: Date }> {
    this.#gate();
    const now = this.#clock.now();
    const paymentId = `PAY${crypto.randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase()}`;
    const noticeId = crypto.randomUUID();
    const paid = await this.#db.transaction().execute(async (tx) => {
      const row = await tx
        .updateTable('payments_bills')
        .set({ status: 'paid', paid_at: now, payment_id: paymentId, channel: payment.channel })
        .where('number', '=', number)
        .where('status', '=', 'unpaid')
        .where('expires_at', '>', now)
        .where('amount_halalas', '=', payment.amountHalalas)
        .returningAll()
        .executeTakeFirst();
      if (!row) return null;
      await tx.insertInto('payments_notices').values({ notice_id: noticeId, bill_number: number, created_at: now, deliveries: 0, delivered_at: null }).execute();
      return row;
    });
    if (!paid) {
      const current = await this.bill(number);
      if (!current) throw new PaymentsRefusal('not_found');
      if (current.status === 'paid') throw new PaymentsRefusal('already_paid');
      if (current.status === 'expired') throw new PaymentsRefusal('expired');
      throw new PaymentsRefusal('amount_mismatch');
    }
    await this.#deliver(noticeId);
    if (this.#duplicateNotices) await this.#deliver(noticeId);
    return { paymentId, paidAt: now };
  }

  /** Sends the notices whose delivery has not succeeded yet; returns how many were delivered. */
  async deliverPending(limit = 100): Promise<number> {
    this.#gate();
    const pending = await this.#db.selectFrom('payments_notices').select('notice_id').where('delivered_at', 'is', null).orderBy('created_at').limit(limit).execute();
    let delivered = 0;
    for (const { notice_id } of pending) if (await this.#deliver(notice_id)) delivered += 1;
    return delivered;
  }

  /** Sends a bill's paid notice again (the network's duplicate); false when the bill has none. */
  async redeliver(billNumber: string): Promise<boolean> {
    const notice = await this.#db.selectFrom('payments_notices').select('notice_id').where('bill_number', '=', billNumber).executeTakeFirst();
    return notice ? this.#deliver(notice.notice_id) : false;
  }

  /** How many times a bill's notice was delivered (tests). */
  async deliveries(billNumber: string): Promise<number> {
    const notice = await this.#db.selectFrom('payments_notices').select('deliveries').where('bill_number', '=', billNumber).executeTakeFirst();
    return notice ? Number(notice.deliveries) : 0;
  }

  async #deliver(noticeId: string): Promise<boolean> {
    const row = await this.#db
      .selectFrom('payments_notices')
      .innerJoin('payments_bills', 'payments_bills.number', 'payments_notices.bill_number')
      .select(['payments_notices.notice_id', 'payments_bills.number', 'payments_bills.reference', 'payments_bills.amount_halalas', 'payments_bills.payment_id', 'payments_bills.paid_at'])
      .where('payments_notices.notice_id', '=', noticeId)
      .executeTakeFirst();
    if (!row || !row.paid_at || !row.payment_id) return false;
    const notice: PaidNotice = {
      noticeId: row.notice_id,
      billNumber: row.number,
      reference: row.reference,
      amountHalalas: Number(row.amount_halalas),
      paymentId: row.payment_id,
      paidAt: row.paid_at,
    };
    try {
      for (const listener of this.#listeners) await listener(notice);
    } catch {
      // The biller did not take it: it stays pending and `deliverPending` sends it again.
      return false;
    }
    await this.#db
      .updateTable('payments_notices')
      .set((eb) => ({ deliveries: eb('deliveries', '+', 1), delivered_at: this.#clock.now() }))
      .where('notice_id', '=', noticeId)
      .execute();
    return true;
  }

  async #byReference(reference: string): Promise<Bill | null> {
    const row = await this.#db.selectFrom('payments_bills').selectAll().where('reference', '=', reference).executeTakeFirst();
    return row ? this.#bill(row) : null;
  }

  #gate(): void {
    if (!this.#available) throw new PaymentsUnavailableError();
  }

  #bill(row: Selectable<PaymentsTables['payments_bills']>): Bill {
    const status: BillStatus = row.status === 'paid' ? 'paid' : row.expires_at <= this.#clock.now() ? 'expired' : 'unpaid';
    return {
      number: row.number,
      reference: row.reference,
      payerId: row.payer_id,
      amountHalalas: Number(row.amount_halalas),
      descriptionAr: row.description_ar,
      descriptionEn: row.description_en,
      status,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      paidAt: row.paid_at,
      paymentId: row.payment_id,
    };
  }
}
