// Who may hold an online account (DESIGN §2, Identifiers): alive, document not cancelled (an expired
// ID card or Iqama is fine), old enough on calendar dates in Riyadh time, an allowed category, visitors
// with a visa valid today, residents' dependents with a fingerprint. Pure: same input, same answer.

import type { PersonCategory, RegistryPerson } from '../ports.ts';

export type IneligibilityReason =
  | 'deceased'
  | 'under_age'
  | 'document_cancelled'
  | 'visa_expired'
  | 'no_fingerprint'
  | 'category_not_allowed';

export type EligibilityResult = { eligible: true } | { eligible: false; reason: IneligibilityReason };

export const ALL_PERSON_CATEGORIES: readonly PersonCategory[] = ['citizen', 'resident', 'visitor', 'gcc', 'dependent'];

export interface EligibilityOptions {
  /** The instant "today" is taken from; its calendar date is read in Riyadh time (UTC+3, no DST). */
  today: Date;
  /** Full years of age needed on today's date; a birthday today counts. */
  minimumAge: number;
  /** Categories that may register; defaults to all five. */
  allowedCategories?: readonly PersonCategory[];
}

const RIYADH_OFFSET_MS = 3 * 60 * 60 * 1000;

/** The calendar date (yyyy-mm-dd) an instant falls on in Saudi Arabia. */
export function riyadhCalendarDate(instant: Date): string {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new RangeError('Invalid date');
  return new Date(time + RIYADH_OFFSET_MS).toISOString().slice(0, 10);
}

/** Full years between an ISO birth date and an ISO date, on calendar dates (a 29 Feb birthday falls on 1 Mar in common years). */
export function ageOn(birthDate: string, onDate: string): number {
  const by = Number(birthDate.slice(0, 4));
  const bmd = birthDate.slice(5, 10);
  const ty = Number(onDate.slice(0, 4));
  const tmd = onDate.slice(5, 10);
  return ty - by - (tmd < bmd ? 1 : 0);
}

/**
 * Whether this registry record may hold an account today. When several rules fail, the reason is the
 * first in this order: deceased, document_cancelled, under_age, category_not_allowed, visa_expired,
 * no_fingerprint.
 */
export function checkEligibility(person: RegistryPerson, options: EligibilityOptions): EligibilityResult {
  const today = riyadhCalendarDate(options.today);
  const allowed = options.allowedCategories ?? ALL_PERSON_CATEGORIES;

  if (person.deceased) return { eligible: false, reason: 'deceased' };
  if (person.documentStatus === 'cancelled') return { eligible: false, reason: 'document_cancelled' };
  if (!isIsoDate(person.birthDate) || ageOn(person.birthDate, today) < options.minimumAge) {
    return { eligible: false, reason: 'under_age' };
  }
  if (!allowed.includes(person.category)) return { eligible: false, reason: 'category_not_allowed' };
  if (person.category === 'visitor' && (person.visaExpiry === null || !isIsoDate(person.visaExpiry) || person.visaExpiry < today)) {
    return { eligible: false, reason: 'visa_expired' };
  }
  if (person.category === 'dependent' && !person.fingerprintEnrolled) {
    return { eligible: false, reason: 'no_fingerprint' };
  }
  return { eligible: true };
}

function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}
