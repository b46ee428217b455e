// Exit/re-entry visa for a dependent: who may have one, and its fee by type and length.
// Rules: the requester holds a valid Iqama of their own (they are the sponsor); the dependent is on
// the requester's family record; the dependent's Iqama is valid; their passport is valid for at
// least 90 more days; they hold no live exit/re-entry visa. Types: single (2–12 months: 200 SAR for
// 2 months, 100 SAR each month more) and multiple (3–12 months: 500 SAR for 3 months, 200 SAR each
// month more). Guarantees: the checks are pure functions of the records and today's date; every
// failed rule is a message id of this service's texts.
import type { IqamaRecord, PassportRecord, VisaRecord, ExitReentryKind } from '../../sectors/passports.ts';
import { daysBetween } from '../../sectors/calendar.ts';
import type { EligibilityRule, RuleOutcome, ServiceContext } from '../../definition.ts';
import { dependentsOf, iqamaOfHolder, type Dependent } from '../../family/records.ts';
import type { ExitReentryInput } from './form.ts';

export const MIN_PASSPORT_DAYS = 90;
export const VISA_MONTHS: Record<ExitReentryKind, { min: number; max: number; baseMonths: number; baseSar: number; perMonthSar: number }> = {
  single: { min: 2, max: 12, baseMonths: 2, baseSar: 200, perMonthSar: 100 },
  multiple: { min: 3, max: 12, baseMonths: 3, baseSar: 500, perMonthSar: 200 },
};

const id = 'passports.exit_reentry_visa';
export type Problem = { code: string; params?: Record<string, string | number> };

export type DependentRecords = {
  onFamilyRecord: boolean;
  sponsorIqama: IqamaRecord | null;
  iqama: IqamaRecord | null;
  passport: PassportRecord | null;
  visas: VisaRecord[];
};

export const checks = {
  sponsorIqama: (iqama: IqamaRecord | null): Problem | null =>
    iqama && iqama.sponsorId === null && iqama.status === 'valid' ? null : { code: `${id}.sponsor_iqama_invalid` },
  onRecord: (onFamilyRecord: boolean): Problem | null => (onFamilyRecord ? null : { code: `${id}.not_a_member` }),
  iqama: (iqama: IqamaRecord | null): Problem | null => (iqama && iqama.status === 'valid' ? null : { code: `${id}.iqama_invalid` }),
  passport: (passport: PassportRecord | null, today: string): Problem | null => {
    if (!passport || passport.status === 'cancelled') return { code: `${id}.passport_missing` };
    const days = daysBetween(today, passport.expiresOn);
    return days < MIN_PASSPORT_DAYS ? { code: `${id}.passport_short`, params: { days: Math.max(days, 0), minimum: MIN_PASSPORT_DAYS } } : null;
  },
  noLiveVisa: (visas: VisaRecord[]): Problem | null => (visas.some((visa) => visa.status === 'issued') ? { code: `${id}.exists` } : null),
};

/** Every failed check for one dependent, in the order a person would fix them. */
export function exitReentryProblems(records: DependentRecords, today: string): Problem[] {
  const onRecord = checks.onRecord(records.onFamilyRecord);
  if (onRecord) return [onRecord];
  return [checks.sponsorIqama(records.sponsorIqama), checks.iqama(records.iqama), checks.passport(records.passport, today), checks.noLiveVisa(records.visas)].filter(
    (problem): problem is Problem => problem !== null,
  );
}

/** The fee in halalas for a visa of this type and length. */
export function visaFeeHalalas(kind: ExitReentryKind, months: number): number {
  const { baseMonths, baseSar, perMonthSar } = VISA_MONTHS[kind];
  return (baseSar + Math.max(0, months - baseMonths) * perMonthSar) * 100;
}

const asOutcome = (problem: Problem | null): RuleOutcome => (problem ? { id: problem.code, ...(problem.params ? { params: problem.params } : {}) } : null);

async function chosen(context: ServiceContext, input: ExitReentryInput | null): Promise<Dependent | null | undefined> {
  if (!input) return undefined;
  return (await dependentsOf(context)).find((dependent) => dependent.person.idNumber === input.dependent) ?? null;
}

export const exitReentryRules: readonly EligibilityRule<ExitReentryInput>[] = [
  { id: 'sponsor_iqama_valid', check: async (context) => asOutcome(checks.sponsorIqama(await iqamaOfHolder(context))) },
  {
    id: 'has_dependents',
    check: async (context) => ((await dependentsOf(context)).length > 0 ? null : { id: `${id}.no_dependents` }),
  },
  {
    id: 'dependent_on_record',
    check: async (context, input) => {
      const dependent = await chosen(context, input);
      return dependent === undefined ? null : asOutcome(checks.onRecord(dependent !== null));
    },
  },
  {
    id: 'dependent_iqama_valid',
    check: async (context, input) => {
      const dependent = await chosen(context, input);
      return dependent ? asOutcome(checks.iqama(dependent.iqama)) : null;
    },
  },
  {
    id: 'passport_valid_90_days',
    check: async (context, input) => {
      const dependent = await chosen(context, input);
      return dependent ? asOutcome(checks.passport(dependent.passport, context.today)) : null;
    },
  },
  {
    id: 'no_live_visa',
    check: async (context, input) => {
      const dependent = await chosen(context, input);
      return dependent ? asOutcome(checks.noLiveVisa(dependent.visas)) : null;
    },
  },
];
