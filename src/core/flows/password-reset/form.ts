// What the forgot-password steps read from a form (page or API). Guarantees: dates are read as yyyy-mm-dd
// or dd/mm/yyyy (- / . and Arabic or Persian digits too) and must exist; a passport number ignores case,
// spaces and dashes; every rule a new password breaks is reported at once.
import { FieldErrorCollector, type FieldError } from '../../errors.ts';
import { normaliseInput } from '../../identity/digits.ts';
import { evaluatePassword, type PasswordContext, type PasswordPolicy } from '../../identity/password-policy.ts';
import type { PasswordHasher } from '../../passwords.ts';
import { normalisePassword } from '../registration/form.ts';
import type { QuestionKind } from './flow.ts';

export type AnswerInput = { answer?: unknown };
export type NewPasswordInput = { password?: unknown; passwordConfirmation?: unknown };

/** How many of the latest passwords a new one must differ from. */
export const passwordReuseDepth = 3;

/** The answer in the registry's own form (ISO date or upper-case passport number), or the field error. */
export function readAnswer(kind: QuestionKind, raw: unknown): { ok: true; value: string } | { ok: false; error: FieldError } {
  const text = normaliseInput(raw);
  if (text === '') return { ok: false, error: { code: 'recovery.answer_required' } };
  if (kind === 'passport_number') {
    const passport = text.replace(/[\s\-\u2010-\u2015]/g, '').toUpperCase();
    return /^[A-Z0-9]{5,20}$/.test(passport) ? { ok: true, value: passport } : { ok: false, error: { code: 'recovery.answer_format_passport' } };
  }
  const date = parseDate(text);
  return date ? { ok: true, value: date } : { ok: false, error: { code: 'recovery.answer_format_date' } };
}

/** `2027-03-14`, `2027/3/14`, `14/03/2027`, `14-3-2027`, `14.03.2027` → `2027-03-14`; null when not a real date. */
export function parseDate(text: string): string | null {
  const compact = normaliseInput(text).replace(/\s+/g, '');
  let year: number;
  let month: number;
  let day: number;
  const yearFirst = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(compact);
  const dayFirst = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(compact);
  if (yearFirst) [year, month, day] = [Number(yearFirst[1]), Number(yearFirst[2]), Number(yearFirst[3])];
  else if (dayFirst) [day, month, year] = [Number(dayFirst[1]), Number(dayFirst[2]), Number(dayFirst[3])];
  else return null;
  if (month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The new password and its confirmation under the configured policy (with the holder's username,
 * ID number and mobile as context). Throws validation.failed with every problem; returns the password.
 */
export function checkNewPassword(input: NewPasswordInput, policy: PasswordPolicy, context: PasswordContext): string {
  const errors = new FieldErrorCollector();
  const password = typeof input.password === 'string' ? normalisePassword(input.password) : '';
  errors.addAll('password', evaluatePassword(policy, password, context));
  const confirmation = typeof input.passwordConfirmation === 'string' ? normalisePassword(input.passwordConfirmation) : '';
  if (password !== '' && confirmation !== password) errors.add('passwordConfirmation', 'password.mismatch');
  errors.throwIfAny();
  return password;
}

/** Whether the password is the one behind any of these hashes (each is verified: hashes are salted). */
export async function matchesAnyHash(hasher: PasswordHasher, hashes: readonly string[], password: string): Promise<boolean> {
  for (const hash of new Set(hashes)) {
    if (await hasher.verify(hash, password)) return true;
  }
  return false;
}
