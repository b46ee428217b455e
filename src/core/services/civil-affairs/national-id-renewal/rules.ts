// National ID renewal: who may renew, when, and what it costs.
// Rules: only a citizen's national ID card; not a cancelled card; no earlier than 180 days before
// its expiry; a photo the holder handed in (checked for type and size when uploaded, photo.ts). Fee: none when renewed before expiry, a 100 SAR late-renewal fine once it has expired.
// Guarantees: pure functions of the card and today's date; every failed rule is a coded problem.
import type { IdCardRecord } from '../../sectors/civil-affairs.ts';
import { daysBetween } from '../../sectors/calendar.ts';
import type { EligibilityRule } from '../../definition.ts';
import { sectorCall } from '../../sectors/sector-errors.ts';
import type { IdRenewalInput } from './form.ts';
import { hasNationalAddress } from '../../common-rules.ts';

export const RENEWAL_WINDOW_DAYS = 180;
export const LATE_RENEWAL_FINE_SAR = 100;

export type Problem = { code: string; params?: Record<string, string | number> };

export function idRenewalProblems(card: IdCardRecord | null, today: string): Problem[] {
  if (!card) return [{ code: 'civil.national_id_renewal.not_citizen' }];
  if (card.status === 'cancelled') return [{ code: 'civil.national_id_renewal.card_cancelled' }];
  const daysLeft = daysBetween(today, card.expiresOn);
  if (daysLeft > RENEWAL_WINDOW_DAYS) return [{ code: 'civil.national_id_renewal.too_early', params: { days: daysLeft - RENEWAL_WINDOW_DAYS, window: RENEWAL_WINDOW_DAYS } }];
  return [];
}

/** The fee in halalas (1 SAR = 100): the late fine once the card has expired, otherwise nothing. */
export function idRenewalFeeHalalas(card: IdCardRecord, today: string): number {
  return card.expiresOn < today ? LATE_RENEWAL_FINE_SAR * 100 : 0;
}

/** The rules as the request engine runs them: the card from civil affairs, and the chosen photo is the holder's own. */
export const idRenewalRules: readonly EligibilityRule<IdRenewalInput>[] = [
  hasNationalAddress<IdRenewalInput>(),
  {
    id: 'card_renewable',
    check: async (context) => {
      const card = await sectorCall(() => context.systems.civilAffairs.idCardOf(context.person.idNumber));
      const [problem] = idRenewalProblems(card, context.today);
      return problem ? { id: problem.code, ...(problem.params ? { params: problem.params } : {}) } : null;
    },
  },
  {
    id: 'photo_on_file',
    check: async (context, input) => {
      if (!input) return null;
      const photo = await sectorCall(() => context.systems.civilAffairs.photo(input.photo));
      return photo && photo.ownerId === context.person.idNumber ? null : { id: 'civil.national_id_renewal.photo_missing' };
    },
  },
];
