// The Passports port (the General Directorate of Passports as the e-services see it): passports,
// Iqamas (residence permits) with their fee status, and visas including exit/re-entry visas.
// Guarantees: dates are ISO yyyy-mm-dd (Gregorian); every change carries a caller reference and is
// idempotent on it (the same reference returns the first result); refusals are typed
// (PassportsRefusal) and an outage is PassportsUnavailableError, so the core can tell them apart.

export type PassportStatus = 'valid' | 'expired' | 'cancelled';
export type IqamaStatus = 'valid' | 'expired' | 'cancelled';

export interface PassportRecord {
  number: string;
  holderId: string;
  /** ISO 3166-1 alpha-3 of the issuing country. */
  issuingCountry: string;
  issuedOn: string;
  expiresOn: string;
  status: PassportStatus;
}

export interface IqamaRecord {
  /** The Iqama number (the holder's 10-digit identifier, first digit 2). */
  number: string;
  holderId: string;
  /** The sponsoring resident's Iqama number for a dependent; null for the resident themself. */
  sponsorId: string | null;
  expiresOn: string;
  status: IqamaStatus;
  /** The date up to which the residence fees are paid (ISO), or null when none are paid beyond the expiry. */
  feesPaidThrough: string | null;
}

export type ExitReentryKind = 'single' | 'multiple';
export type VisaKind = 'exit_reentry_single' | 'exit_reentry_multiple';
export type VisaStatus = 'issued' | 'used' | 'cancelled' | 'expired';

export interface VisaRecord {
  number: string;
  holderId: string;
  /** Whoever asked for it (the sponsor for a dependent). */
  requestedBy: string;
  kind: VisaKind;
  issuedOn: string;
  /** The holder must leave the Kingdom by this date. */
  leaveBy: string;
  /** Days the holder may stay abroad. */
  durationDays: number;
  status: VisaStatus;
  reference: string;
}

export type PassportsRefusalReason =
  | 'not_found'
  | 'iqama_cancelled'
  | 'passport_missing'
  | 'passport_expiring'
  | 'visa_exists'
  | 'not_sponsor'
  | 'fees_unpaid';

/** The passports system said no (a business rule on its side); nothing was changed. */
export class PassportsRefusal extends Error {
  readonly reason: PassportsRefusalReason;
  constructor(reason: PassportsRefusalReason) {
    super(`passports refused: ${reason}`);
    this.name = 'PassportsRefusal';
    this.reason = reason;
  }
}

/** The passports system cannot answer now (outage, timeout); nothing is known to have changed. */
export class PassportsUnavailableError extends Error {
  constructor(message = 'The passports system is unavailable') {
    super(message);
    this.name = 'PassportsUnavailableError';
  }
}

export interface ExitReentryIssue {
  holderId: string;
  /** The sponsor asking for it; must be the holder's sponsor. */
  requestedBy: string;
  kind: ExitReentryKind;
  durationDays: number;
  /** The caller's reference (the e-service request id): the idempotency key. */
  reference: string;
}

export interface PassportsSystem {
  /** The holder's current passport, or null when the system has none on record. */
  passportOf(holderId: string): Promise<PassportRecord | null>;
  /** The holder's Iqama, or null (citizens, visitors, GCC citizens have none). */
  iqamaOf(holderId: string): Promise<IqamaRecord | null>;
  /** The holder's visas, newest first. */
  visasOf(holderId: string): Promise<VisaRecord[]>;
  /** Records residence fees paid through a date (a SADAD payment on the passports side); idempotent on reference. */
  recordIqamaFees(holderId: string, paidThrough: string, reference: string): Promise<IqamaRecord>;
  /**
   * Renews the Iqama for `years` from its expiry (or from today when expired). Refuses unless the fees
   * are paid through the new expiry; idempotent on reference.
   */
  renewIqama(holderId: string, years: number, reference: string): Promise<IqamaRecord>;
  /** Issues an exit/re-entry visa; refuses when a live one exists or the passport is short; idempotent on reference. */
  issueExitReentry(issue: ExitReentryIssue): Promise<VisaRecord>;
}
