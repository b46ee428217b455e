// The Traffic port (the General Department of Traffic as the e-services see it): vehicles, driving
// licences with their expiry, medical checks on file, violations (date, amount, status) and
// disputes of violations. Guarantees: dates are ISO yyyy-mm-dd (Gregorian), amounts are whole
// halalas; every change carries a caller reference and is idempotent on it (the same reference
// returns the first result); refusals are typed (TrafficRefusal) and an outage is
// TrafficUnavailableError, so the core can tell them apart.

export interface VehicleRecord {
  /** The registration (istimara) serial number. */
  serial: string;
  ownerId: string;
  /** The plate as printed: Arabic letters and digits, and the Latin form. */
  plateAr: string;
  plateEn: string;
  make: string;
  model: string;
  year: number;
  registrationExpiresOn: string;
}

export type LicenceStatus = 'valid' | 'expired' | 'suspended';

export interface DrivingLicenceRecord {
  number: string;
  holderId: string;
  /** 'private' (private car) or 'public' (public transport and heavy vehicles). */
  category: 'private' | 'public';
  issuedOn: string;
  expiresOn: string;
  status: LicenceStatus;
  /** One more at every renewal. */
  version: number;
}

export interface MedicalCheckRecord {
  id: string;
  holderId: string;
  /** The clinic that entered it. */
  clinic: string;
  checkedOn: string;
  result: 'fit' | 'unfit';
}

export type ViolationStatus = 'unpaid' | 'paid' | 'cancelled';
export type ViolationKind = 'speeding' | 'red_light' | 'parking' | 'seat_belt' | 'mobile_use' | 'expired_registration';

export interface ViolationRecord {
  number: string;
  offenderId: string;
  kind: ViolationKind;
  plateEn: string;
  city: string;
  /** The day the violation was recorded. */
  occurredOn: string;
  amountHalalas: number;
  status: ViolationStatus;
  /** The caller reference under which it was paid, once paid. */
  paidReference: string | null;
}

export type DisputeStatus = 'under_review' | 'accepted' | 'rejected';

export interface DisputeRecord {
  id: string;
  violationNumber: string;
  holderId: string;
  reason: string;
  status: DisputeStatus;
  filedOn: string;
  /** When the traffic department decided (null while under review). */
  decidedAt: Date | null;
  reference: string;
}

/** A report to the police that a vehicle was stolen (public security). */
export interface TheftReport {
  number: string;
  serial: string;
  ownerId: string;
  stolenOn: string;
  city: string;
  reference: string;
  reportedAt: Date;
}

export type TrafficRefusalReason =
  | 'already_reported'
  | 'not_found'
  | 'not_owner'
  | 'already_paid'
  | 'cancelled'
  | 'dispute_exists'
  | 'no_licence'
  | 'licence_suspended';

/** The traffic system said no (a business rule on its side); nothing was changed. */
export class TrafficRefusal extends Error {
  readonly reason: TrafficRefusalReason;
  constructor(reason: TrafficRefusalReason) {
    super(`traffic refused: ${reason}`);
    this.name = 'TrafficRefusal';
    this.reason = reason;
  }
}

/** The traffic system cannot answer now (outage, timeout); the core reports "try later". */
export class TrafficUnavailableError extends Error {
  constructor(message = 'The traffic system is unavailable') {
    super(message);
    this.name = 'TrafficUnavailableError';
  }
}

export interface TrafficSystem {
  vehiclesOf(ownerId: string): Promise<VehicleRecord[]>;
  licenceOf(holderId: string): Promise<DrivingLicenceRecord | null>;
  /** Medical checks on file, newest first. */
  medicalChecksOf(holderId: string): Promise<MedicalCheckRecord[]>;
  /** The person's violations, newest first. */
  violationsOf(offenderId: string): Promise<ViolationRecord[]>;
  /** Marks the violations paid under `reference`; idempotent on the reference; refuses a violation paid under another one. */
  payViolations(offenderId: string, numbers: string[], reference: string): Promise<ViolationRecord[]>;
  /** Files a dispute (one per violation); idempotent on the reference. */
  fileDispute(dispute: { holderId: string; violationNumber: string; reason: string; reference: string }): Promise<DisputeRecord>;
  /** The person's disputes, newest first. */
  disputesOf(holderId: string): Promise<DisputeRecord[]>;
  /** Renews the licence for `years` from its expiry (or from today when expired); idempotent on the reference. */
  renewLicence(holderId: string, years: number, reference: string): Promise<DrivingLicenceRecord>;
  /** Records that the owner's vehicle was stolen (one open report per vehicle); idempotent on the reference. */
  reportStolen(report: { ownerId: string; serial: string; stolenOn: string; city: string; reference: string }): Promise<TheftReport>;
  /** The owner's theft reports, newest first. */
  theftReportsOf(ownerId: string): Promise<TheftReport[]>;
}
