// The ports: the small interfaces through which the core reaches time and the outside systems.
// Guarantees: the core depends only on these shapes; every adapter in src/adapters implements one
// of them and passes that port's shared contract suite.

export interface Clock {
  now(): Date;
}

export type PersonCategory = 'citizen' | 'resident' | 'visitor' | 'gcc' | 'dependent';
export type IdentifierKind = 'national_id' | 'iqama' | 'border';
export type DocumentStatus = 'valid' | 'cancelled' | 'expired';

/** A person as the civil registry (or passports, for residents and visitors) knows them. */
export interface RegistryPerson {
  idNumber: string;
  idKind: IdentifierKind;
  category: PersonCategory;
  nameAr: string;
  nameEn: string;
  /** ISO date, yyyy-mm-dd (Gregorian). */
  birthDate: string;
  sex: 'M' | 'F';
  /** ISO 3166-1 alpha-3. */
  nationality: string;
  /** The mobile the registry holds, E.164, or null. */
  mobile: string | null;
  fingerprintEnrolled: boolean;
  deceased: boolean;
  documentStatus: DocumentStatus;
  /** ISO date the ID card / Iqama / visa expires. */
  documentExpiry: string;
  /** Visitors: ISO date the visa expires; others null. */
  visaExpiry: string | null;
  /** Residents' dependents: the sponsoring resident's Iqama number; others null. */
  sponsorId: string | null;
  passportNumber: string | null;
}

export interface RegistryQuery {
  category?: PersonCategory;
  limit?: number;
}

export interface CivilRegistry {
  /** The person with this (normalised, 10-digit) number, or null when the registry has no such record. */
  findPerson(idNumber: string): Promise<RegistryPerson | null>;
  /** People in a stable order, filtered. */
  listPeople(query: RegistryQuery): Promise<RegistryPerson[]>;
}

/** Raised by a civil registry adapter that cannot answer now (outage, timeout); the core reports "try later". */
export class RegistryUnavailableError extends Error {
  constructor(message = 'The civil registry is unavailable', options?: ErrorOptions) {
    super(message, options);
    this.name = 'RegistryUnavailableError';
  }
}

/** Raised by a gateway that could not take a message now; the outbox retries later. */
export class TransientDeliveryError extends Error {}
/** Raised by a gateway that will never accept this message; the outbox gives up on it. */
export class PermanentDeliveryError extends Error {}

export interface SmsMessage {
  to: string;
  text: string;
  purpose: string;
}

export interface SmsGateway {
  send(message: SmsMessage): Promise<{ providerMessageId: string }>;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  purpose: string;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<{ providerMessageId: string }>;
}

/**
 * Shared counters for limits (per person, per mobile, per address): fixed windows that every app
 * process sees, kept in the database by default and in Redis when configured.
 */
export interface AttemptCounters {
  /** Adds `by` (default 1) to the key's current window and returns the window's new total. */
  hit(key: string, windowSeconds: number, now: Date, by?: number): Promise<number>;
  /** The key's total in its current window (0 when none). */
  count(key: string, windowSeconds: number, now: Date): Promise<number>;
  /** Forgets the key in every window. */
  reset(key: string): Promise<void>;
}

/** Nafath, the national authenticator app (number matching): what the platform sees of a request. */
export type NafathStatus = 'waiting' | 'completed' | 'rejected' | 'expired';

export interface NafathRequest {
  transactionId: string;
  /** The 2-digit number the site shows and the person types in the app. */
  random: string;
  expiresAt: Date;
}

/** A status change Nafath pushed to the platform, once its signature has been checked. */
export interface NafathCallback {
  transactionId: string;
  nationalId: string;
  status: Exclude<NafathStatus, 'waiting'>;
}

/** Raised when the person already has a request waiting in the app; a new one is refused until it ends. */
export class NafathRequestOpenError extends Error {
  readonly expiresAt: Date;
  constructor(expiresAt: Date) {
    super('a Nafath request is already open for this person');
    this.name = 'NafathRequestOpenError';
    this.expiresAt = expiresAt;
  }
}

/** Raised when the person has no Nafath app account (unknown to Nafath, or a visitor's border number). */
export class NafathNotEnrolledError extends Error {
  constructor() {
    super('the person is not enrolled in Nafath');
    this.name = 'NafathNotEnrolledError';
  }
}

/** Raised when Nafath cannot answer now (outage, timeout); the core reports "try later". */
export class NafathUnavailableError extends Error {
  constructor(message = 'Nafath is unavailable', options?: ErrorOptions) {
    super(message, options);
    this.name = 'NafathUnavailableError';
  }
}

export interface NafathGateway {
  /** Opens a request in the person's app; NafathRequestOpenError while another is waiting. */
  createRequest(nationalId: string, service: string): Promise<NafathRequest>;
  /** The request's status (expired once its time is up), or null when no such request is the person's. */
  status(query: { nationalId: string; transactionId: string; random: string }): Promise<NafathStatus | null>;
  /** Checks a pushed callback's signature; null when it is forged, malformed or not Nafath's. */
  verifyCallback(token: string): Promise<NafathCallback | null>;
}
