// The Payments port: SADAD-style bills. A biller creates a bill (a number the payer pays at any bank
// channel), the payment system records the payment and then sends the biller a paid notice — at
// least once, so a notice may arrive twice. Guarantees: amounts are whole halalas; creating a bill is
// idempotent on the biller's reference; a bill is paid at most once (paying it again is refused with
// PaymentsRefusal 'already_paid'); an outage is PaymentsUnavailableError.

export type BillStatus = 'unpaid' | 'paid' | 'expired';

export interface Bill {
  /** The SADAD bill number the payer enters at the bank. */
  number: string;
  /** The biller's own reference (a service request's id): one bill per reference. */
  reference: string;
  payerId: string;
  amountHalalas: number;
  /** What the bill is for, as shown in the bank (Arabic and English). */
  descriptionAr: string;
  descriptionEn: string;
  status: BillStatus;
  createdAt: Date;
  expiresAt: Date;
  paidAt: Date | null;
  paymentId: string | null;
}

export interface NewBill {
  reference: string;
  payerId: string;
  amountHalalas: number;
  descriptionAr: string;
  descriptionEn: string;
  expiresAt: Date;
}

export interface PaidNotice {
  /** Unique per notice; a redelivered notice carries the same id. */
  noticeId: string;
  billNumber: string;
  reference: string;
  amountHalalas: number;
  paymentId: string;
  paidAt: Date;
}

export type PaymentsRefusalReason = 'not_found' | 'already_paid' | 'expired' | 'amount_mismatch' | 'invalid_amount';

export class PaymentsRefusal extends Error {
  readonly reason: PaymentsRefusalReason;
  constructor(reason: PaymentsRefusalReason) {
    super(`payments refused: ${reason}`);
    this.name = 'PaymentsRefusal';
    this.reason = reason;
  }
}

export class PaymentsUnavailableError extends Error {
  constructor(message = 'The payments system is unavailable') {
    super(message);
    this.name = 'PaymentsUnavailableError';
  }
}

export type PaidNoticeListener = (notice: PaidNotice) => Promise<void>;

export interface PaymentsSystem {
  /** Creates the bill for a reference, or returns the one that reference already has. */
  createBill(bill: NewBill): Promise<Bill>;
  bill(number: string): Promise<Bill | null>;
  /** Pays the bill in full from the payer's bank channel; refuses a paid, expired or unknown bill. */
  pay(number: string, payment: { payerId: string; amountHalalas: number; channel: string }): Promise<{ paymentId: string; paidAt: Date }>;
  /** The biller's endpoint for paid notices (delivered at least once: the listener must be idempotent). */
  onPaid(listener: PaidNoticeListener): void;
}
