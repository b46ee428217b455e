// Family members: who may see a family record and ask to add a newborn, and how the newborn form is read.
// Rules: a citizen or a resident (the head of a family record) — not a visitor, a GCC citizen or a
// dependent; the newborn's Arabic name in Arabic letters and English name in English letters (2–60
// characters each); sex M or F; a birth date that is a real date, not in the future and at most 365
// days ago (older births are registered at an office); the hospital's 10-digit birth notification number.
// Guarantees: pure functions; every problem is a coded field error, all reported at once.
import type { PersonCategory } from '../../../ports.ts';
import { FieldErrorCollector } from '../../../errors.ts';
import { normaliseInput } from '../../../identity/digits.ts';
import { daysBetween, isIsoDay } from '../../sectors/calendar.ts';
import type { EligibilityRule } from '../../definition.ts';

export const NEWBORN_MAX_AGE_DAYS = 365;

export type Problem = { code: string; params?: Record<string, string | number> };

export function familyHeadProblems(category: PersonCategory): Problem[] {
  return category === 'citizen' || category === 'resident' ? [] : [{ code: 'family.newborn.not_head' }];
}

export type NewbornForm = { nameAr: string; nameEn: string; sex: 'M' | 'F'; birthDate: string; notificationNumber: string };

const ARABIC_NAME = /^[\u0621-\u064A\u0660-\u0669\u064B-\u0652 ]{2,60}$/;
const ENGLISH_NAME = /^[A-Za-z][A-Za-z '-]{1,59}$/;

/** The birth date against today: not in the future, at most 365 days ago. */
export function birthDateProblem(birthDate: string, today: string): Problem | null {
  if (birthDate > today) return { code: 'family.newborn.birth_date_future' };
  if (daysBetween(birthDate, today) > NEWBORN_MAX_AGE_DAYS) return { code: 'family.newborn.birth_date_too_old', params: { days: NEWBORN_MAX_AGE_DAYS } };
  return null;
}

/**
 * Reads the newborn form; throws validation.failed with every field problem. With `today` null
 * (the form schema, which has no clock) the birth date is checked for format only; the request's
 * rules check it against today.
 */
export function readNewbornForm(input: Record<string, unknown>, today: string | null): NewbornForm {
  const errors = new FieldErrorCollector();
  const text = (value: unknown) => (typeof value === 'string' ? value.normalize('NFC').replace(/\s+/g, ' ').trim() : '');
  const nameAr = text(input.nameAr);
  const nameEn = text(input.nameEn);
  if (nameAr === '') errors.add('nameAr', 'family.newborn.name_ar_required');
  else if (!ARABIC_NAME.test(nameAr)) errors.add('nameAr', 'family.newborn.name_ar_letters');
  if (nameEn === '') errors.add('nameEn', 'family.newborn.name_en_required');
  else if (!ENGLISH_NAME.test(nameEn)) errors.add('nameEn', 'family.newborn.name_en_letters');
  const sex = input.sex;
  if (sex !== 'M' && sex !== 'F') errors.add('sex', 'family.newborn.sex_required');
  const birthDate = normaliseInput(input.birthDate).trim();
  if (birthDate === '') errors.add('birthDate', 'family.newborn.birth_date_required');
  else if (!isIsoDay(birthDate)) errors.add('birthDate', 'family.newborn.birth_date_format');
  else if (today !== null) {
    const problem = birthDateProblem(birthDate, today);
    if (problem) errors.add('birthDate', problem.code, problem.params);
  }
  const notificationNumber = normaliseInput(input.notificationNumber).replace(/\s+/g, '');
  if (notificationNumber === '') errors.add('notificationNumber', 'family.newborn.notification_required');
  else if (!/^\d{10}$/.test(notificationNumber)) errors.add('notificationNumber', 'family.newborn.notification_format');
  errors.throwIfAny();
  return { nameAr, nameEn, sex: sex as 'M' | 'F', birthDate, notificationNumber };
}

export type NewbornInput = NewbornForm;

/** The rules as the request engine runs them. */
export const newbornRules: readonly EligibilityRule<NewbornInput>[] = [
  {
    id: 'family_head',
    check: async (context) => {
      const [problem] = familyHeadProblems(context.person.category);
      return problem ? { id: problem.code } : null;
    },
  },
  {
    id: 'birth_date_in_range',
    check: async (context, input) => {
      if (!input) return null;
      const problem = birthDateProblem(input.birthDate, context.today);
      return problem ? { id: problem.code, ...(problem.params ? { params: problem.params } : {}) } : null;
    },
  },
];
