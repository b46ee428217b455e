// The Civil Affairs port: national ID cards (with the holder's photo), family records (a head of
// family and the dependents on their record) and newborn registrations.
// Guarantees: dates are ISO yyyy-mm-dd; every change carries a caller reference and is idempotent on
// it; refusals are typed (CivilAffairsRefusal) and an outage is CivilAffairsUnavailableError.

export type IdCardStatus = 'valid' | 'expired' | 'cancelled';

export interface IdCardRecord {
  idNumber: string;
  /** The card's issue number: 1 for the first card, one more at each renewal. */
  version: number;
  issuedOn: string;
  expiresOn: string;
  status: IdCardStatus;
  /** The photo printed on the card, or null when none is on file. */
  photoId: string | null;
}

export type FamilyRelation = 'spouse' | 'child';

export interface FamilyMemberRecord {
  idNumber: string;
  relation: FamilyRelation;
}

export type NewbornStatus = 'submitted' | 'registered' | 'rejected';

export interface NewbornRegistration {
  reference: string;
  headId: string;
  /** The hospital's birth notification number (unique: one registration per birth). */
  notificationNumber: string;
  nameAr: string;
  nameEn: string;
  sex: 'M' | 'F';
  birthDate: string;
  status: NewbornStatus;
  submittedOn: string;
}

export interface NewbornSubmission {
  headId: string;
  notificationNumber: string;
  nameAr: string;
  nameEn: string;
  sex: 'M' | 'F';
  birthDate: string;
  reference: string;
}

export interface StoredPhoto {
  id: string;
  ownerId: string;
  contentType: 'image/jpeg' | 'image/png';
  bytes: Uint8Array;
}

export type CivilAffairsRefusalReason = 'not_found' | 'card_cancelled' | 'photo_missing' | 'duplicate_birth' | 'not_head';

export class CivilAffairsRefusal extends Error {
  readonly reason: CivilAffairsRefusalReason;
  constructor(reason: CivilAffairsRefusalReason) {
    super(`civil affairs refused: ${reason}`);
    this.name = 'CivilAffairsRefusal';
    this.reason = reason;
  }
}

export class CivilAffairsUnavailableError extends Error {
  constructor(message = 'The civil affairs system is unavailable') {
    super(message);
    this.name = 'CivilAffairsUnavailableError';
  }
}

export interface CivilAffairsSystem {
  /** The person's national ID card (citizens), or null. */
  idCardOf(idNumber: string): Promise<IdCardRecord | null>;
  /** Keeps a photo for a later card; idempotent on reference (the same reference returns the first photo id). */
  storePhoto(photo: { ownerId: string; contentType: StoredPhoto['contentType']; bytes: Uint8Array; reference: string }): Promise<string>;
  photo(photoId: string): Promise<StoredPhoto | null>;
  /** The photos a person handed in (newest first, at most `limit`), for choosing one for a card. */
  photosOf(ownerId: string, limit: number): Promise<Array<{ id: string; contentType: StoredPhoto['contentType']; receivedAt: Date }>>;
  /** Issues the next card (10 years from the old expiry, or from today when expired) with the photo; idempotent on reference. */
  renewIdCard(idNumber: string, photoId: string, reference: string): Promise<IdCardRecord>;
  /** The members on a head of family's record, in a stable order (spouses first, then children by age). */
  familyOf(headId: string): Promise<FamilyMemberRecord[]>;
  /** Files a newborn's registration; refuses a birth already registered; idempotent on reference. */
  registerNewborn(submission: NewbornSubmission): Promise<NewbornRegistration>;
  /** The head's newborn registrations, newest first. */
  newbornsOf(headId: string): Promise<NewbornRegistration[]>;
}
