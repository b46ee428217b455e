// Usernames: 8-30 English letters and digits, starting with a letter, with a lowercase letter and a digit.
// Guarantees: every failing rule is reported at once (an empty name reports only `username.required`),
// and usernameKey gives the one case-insensitive key under which uniqueness is enforced.

import type { FieldError } from '../errors.ts';
import { normaliseInput } from './digits.ts';

export const USERNAME_MIN_LENGTH = 8;
export const USERNAME_MAX_LENGTH = 30;

/** Each rule: what a valid username satisfies, and the error when it does not. */
const RULES: ReadonlyArray<{ holds: (name: string) => boolean; error: FieldError }> = [
  {
    holds: (name) => [...name].length >= USERNAME_MIN_LENGTH && [...name].length <= USERNAME_MAX_LENGTH,
    error: { code: 'username.length', params: { min: USERNAME_MIN_LENGTH, max: USERNAME_MAX_LENGTH } },
  },
  { holds: (name) => /^[A-Za-z0-9]+$/.test(name), error: { code: 'username.characters' } },
  { holds: (name) => /^[A-Za-z]/.test(name), error: { code: 'username.start_letter' } },
  { holds: (name) => /[a-z]/.test(name), error: { code: 'username.needs_lowercase' } },
  { holds: (name) => /[0-9]/.test(name), error: { code: 'username.needs_digit' } },
];

export function validateUsername(input: unknown): { value: string; errors: FieldError[] } {
  const value = normaliseInput(input);
  if (value === '') return { value, errors: [{ code: 'username.required' }] };
  return { value, errors: RULES.filter((rule) => !rule.holds(value)).map((rule) => rule.error) };
}

/** The key that makes `Salem2024` and `salem2024` the same username. */
export function usernameKey(username: string): string {
  return normaliseInput(username).toLowerCase();
}
