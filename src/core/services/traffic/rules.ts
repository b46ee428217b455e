// The traffic department's rules the traffic services apply, as pure functions of sector records and
// today's date (so each is tested passing and failing without a database).
// Guarantees: dates are ISO days in Riyadh; amounts are halalas; a failed rule is a message id.
import type { Message } from '../definition.ts';
import type { DisputeRecord, DrivingLicenceRecord, MedicalCheckRecord, ViolationRecord } from '../sectors/traffic.ts';
import { daysBetween } from '../sectors/calendar.ts';
import { hijriYear } from '../hijri.ts';
import { riyals } from '../money.ts';

/** A violation may be disputed up to this many days after it was recorded. */
export const DISPUTE_WINDOW_DAYS = 30;
/** At most this many rejected disputes a Hijri year; then no more disputes until the next year. */
export const REJECTED_DISPUTES_PER_HIJRI_YEAR = 5;
/** A licence may be renewed when fewer days than this are left (or once it has expired). */
export const RENEWAL_WINDOW_DAYS = 180;
/** A medical check counts for a renewal when it is at most this old and found the holder fit. */
export const MEDICAL_CHECK_VALID_DAYS = 90;
/** The renewal fee: 40 SAR a year of validity. */
export const LICENCE_FEE_HALALAS_PER_YEAR = 4_000;
export const RENEWAL_YEARS = [1, 2, 5, 10] as const;

export function unpaid(violations: readonly ViolationRecord[]): ViolationRecord[] {
  return violations.filter((violation) => violation.status === 'unpaid');
}

export function totalHalalas(violations: readonly ViolationRecord[]): number {
  return violations.reduce((sum, violation) => sum + violation.amountHalalas, 0);
}

/** Checks that each chosen violation is the holder's, unpaid and not under review. */
export function paymentProblems(chosen: readonly string[], violations: readonly ViolationRecord[], disputes: readonly DisputeRecord[]): Message[] {
  const problems: Message[] = [];
  for (const number of chosen) {
    const violation = violations.find((each) => each.number === number);
    if (!violation) problems.push({ id: 'traffic.violation_payment.rule.not_found', params: { number } });
    else if (violation.status === 'paid') problems.push({ id: 'traffic.violation_payment.rule.already_paid', params: { number } });
    else if (violation.status === 'cancelled') problems.push({ id: 'traffic.violation_payment.rule.cancelled', params: { number } });
    else if (disputes.some((dispute) => dispute.violationNumber === number && dispute.status === 'under_review')) {
      problems.push({ id: 'traffic.violation_payment.rule.under_dispute', params: { number } });
    }
  }
  return problems;
}

/** Checks that a violation may be disputed today: the holder's, unpaid, within 30 days, not disputed before. */
export function disputeProblem(number: string, violations: readonly ViolationRecord[], disputes: readonly DisputeRecord[], today: string): Message | null {
  const violation = violations.find((each) => each.number === number);
  if (!violation) return { id: 'traffic.violation_dispute.rule.not_found', params: { number } };
  if (violation.status === 'paid') return { id: 'traffic.violation_dispute.rule.paid', params: { number } };
  if (violation.status === 'cancelled') return { id: 'traffic.violation_dispute.rule.cancelled', params: { number } };
  if (disputes.some((dispute) => dispute.violationNumber === number)) return { id: 'traffic.violation_dispute.rule.already_disputed', params: { number } };
  const age = daysBetween(violation.occurredOn, today);
  if (age > DISPUTE_WINDOW_DAYS) return { id: 'traffic.violation_dispute.rule.too_late', params: { number, days: DISPUTE_WINDOW_DAYS } };
  return null;
}

/** Whether a violation can still be disputed (for the row actions). */
export function disputable(violation: ViolationRecord, disputes: readonly DisputeRecord[], today: string): boolean {
  return disputeProblem(violation.number, [violation], disputes, today) === null;
}

/** Rejected disputes decided in the Hijri year of `now`. */
export function rejectedThisHijriYear(disputes: readonly DisputeRecord[], now: Date): number {
  const year = hijriYear(now);
  return disputes.filter((dispute) => dispute.status === 'rejected' && dispute.decidedAt !== null && hijriYear(dispute.decidedAt) === year).length;
}

export function rejectedLimitProblem(disputes: readonly DisputeRecord[], now: Date): Message | null {
  const rejected = rejectedThisHijriYear(disputes, now);
  return rejected >= REJECTED_DISPUTES_PER_HIJRI_YEAR
    ? { id: 'traffic.violation_dispute.rule.too_many_rejected', params: { limit: REJECTED_DISPUTES_PER_HIJRI_YEAR, year: hijriYear(now) } }
    : null;
}

export function licenceProblem(licence: DrivingLicenceRecord | null, today: string): Message | null {
  if (!licence) return { id: 'traffic.licence_renewal.rule.no_licence' };
  if (licence.status === 'suspended') return { id: 'traffic.licence_renewal.rule.suspended' };
  const left = daysBetween(today, licence.expiresOn);
  if (left >= RENEWAL_WINDOW_DAYS) return { id: 'traffic.licence_renewal.rule.too_early', params: { days: left, window: RENEWAL_WINDOW_DAYS } };
  return null;
}

export function finesProblem(violations: readonly ViolationRecord[]): Message | null {
  const open = unpaid(violations);
  return open.length === 0 ? null : { id: 'traffic.licence_renewal.rule.unpaid_fines', params: { count: open.length, amount: riyals(totalHalalas(open)) } };
}

/** The newest fit medical check, when it is recent enough. */
export function validMedicalCheck(checks: readonly MedicalCheckRecord[], today: string): MedicalCheckRecord | null {
  const fit = checks.filter((check) => check.result === 'fit' && daysBetween(check.checkedOn, today) >= 0).sort((a, b) => b.checkedOn.localeCompare(a.checkedOn));
  const newest = fit[0];
  return newest && daysBetween(newest.checkedOn, today) <= MEDICAL_CHECK_VALID_DAYS ? newest : null;
}

export function medicalProblem(checks: readonly MedicalCheckRecord[], today: string): Message | null {
  return validMedicalCheck(checks, today) ? null : { id: 'traffic.licence_renewal.rule.no_medical_check', params: { days: MEDICAL_CHECK_VALID_DAYS } };
}

export function licenceFeeHalalas(years: number): number {
  return years * LICENCE_FEE_HALALAS_PER_YEAR;
}
