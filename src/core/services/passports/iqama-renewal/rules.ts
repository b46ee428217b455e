// Iqama renewal for a resident's own Iqama: who may renew, when, and the residence fee.
// Rules: the holder has an Iqama of their own (a dependent's is renewed by the sponsor's request);
// not cancelled; no earlier than 180 days before its expiry. Fee: 650 SAR a year (1 or 2 years),
// nothing when the fees for the new period were already paid (e.g. at the holder's bank).
// Guarantees: pure functions of the Iqama and today's date; every failed rule is a coded problem.
import type { IqamaRecord } from '../../sectors/passports.ts';
import { addYears, daysBetween } from '../../sectors/calendar.ts';
import type { EligibilityRule } from '../../definition.ts';
import { iqamaOfHolder } from '../../family/records.ts';
import type { IqamaRenewalInput } from './form.ts';
import { hasNationalAddress } from '../../common-rules.ts';

export const IQAMA_WINDOW_DAYS = 180;
export const IQAMA_FEE_SAR_PER_YEAR = 650;

export type Problem = { code: string; params?: Record<string, string | number> };

export function iqamaRenewalProblems(iqama: IqamaRecord | null, today: string): Problem[] {
  if (!iqama) return [{ code: 'passports.iqama_renewal.none' }];
  if (iqama.sponsorId !== null) return [{ code: 'passports.iqama_renewal.dependent' }];
  if (iqama.status === 'cancelled') return [{ code: 'passports.iqama_renewal.cancelled' }];
  const daysLeft = daysBetween(today, iqama.expiresOn);
  if (daysLeft > IQAMA_WINDOW_DAYS) return [{ code: 'passports.iqama_renewal.too_early', params: { days: daysLeft - IQAMA_WINDOW_DAYS, window: IQAMA_WINDOW_DAYS } }];
  return [];
}

/** The Iqama's expiry after renewing for `years`: from its expiry, or from today when it has expired. */
export function renewedIqamaExpiry(iqama: IqamaRecord, years: number, today: string): string {
  return addYears(iqama.expiresOn > today ? iqama.expiresOn : today, years);
}

/** The fee in halalas: 650 SAR a year, or nothing when the fees are already paid through the new expiry. */
export function iqamaFeeHalalas(iqama: IqamaRecord, years: number, today: string): number {
  const through = renewedIqamaExpiry(iqama, years, today);
  return iqama.feesPaidThrough !== null && iqama.feesPaidThrough >= through ? 0 : IQAMA_FEE_SAR_PER_YEAR * 100 * years;
}

/** The rules as the request engine runs them (the holder's own Iqama from the passports system). */
export const iqamaRenewalRules: readonly EligibilityRule<IqamaRenewalInput>[] = [
  hasNationalAddress<IqamaRenewalInput>(),
  {
    id: 'own_iqama_renewable',
    check: async (context) => {
      const [problem] = iqamaRenewalProblems(await iqamaOfHolder(context), context.today);
      return problem ? { id: problem.code, ...(problem.params ? { params: problem.params } : {}) } : null;
    },
  },
];
