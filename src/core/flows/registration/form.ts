// The registration form's rules (DESIGN §2 "Registration form") that need no outside system:
// identifier, mobile, e-mail and its confirmation, username, password policy and confirmation,
// language and terms. Guarantees: every failing rule of every field is reported at once, with
// stable codes; inputs are normalised (Arabic and Persian digits, spaces) before any rule runs.
import { FieldErrorCollector, type FieldErrors } from '../../errors.ts';
import type { IdentifierKind } from '../../ports.ts';
import type { Language } from '../../store.ts';
import { normaliseDigits, normaliseInput } from '../../identity/digits.ts';
import { parseIdentifier } from '../../identity/national-id.ts';
import { parseMobile } from '../../identity/mobile.ts';
import { parseEmail } from '../../identity/email.ts';
import { validateUsername } from '../../identity/username.ts';
import { evaluatePassword, type PasswordPolicy } from '../../identity/password-policy.ts';

/** The form as it arrives (from a page or the API), before any rule. */
export type RegistrationInput = {
  idNumber?: unknown;
  mobile?: unknown;
  email?: unknown;
  emailConfirmation?: unknown;
  username?: unknown;
  password?: unknown;
  passwordConfirmation?: unknown;
  preferredLanguage?: unknown;
  acceptTerms?: unknown;
  captcha?: unknown;
};

export type ValidRegistration = {
  idNumber: string;
  idKind: IdentifierKind;
  mobile: string;
  email: string;
  username: string;
  password: string;
  preferredLanguage: Language;
};

export type FormCheck = {
  /** The parts that passed their rules (a field is absent when it failed). */
  valid: Partial<ValidRegistration>;
  errors: FieldErrorCollector;
};

export function checkRegistrationForm(input: RegistrationInput, policy: PasswordPolicy, fallbackLanguage: Language): FormCheck {
  const errors = new FieldErrorCollector();
  const valid: Partial<ValidRegistration> = {};

  const identifier = parseIdentifier(input.idNumber);
  if (identifier.ok) {
    valid.idNumber = identifier.value.idNumber;
    valid.idKind = identifier.value.kind;
  } else errors.add('idNumber', identifier.error.code, identifier.error.params);

  const mobile = parseMobile(input.mobile);
  if (mobile.ok) valid.mobile = mobile.value;
  else errors.add('mobile', mobile.error.code, mobile.error.params);

  const email = parseEmail(input.email);
  if (email.ok) {
    valid.email = email.value;
    const confirmation = parseEmail(input.emailConfirmation);
    if (!confirmation.ok && normaliseInput(input.emailConfirmation) === '') errors.add('emailConfirmation', 'email.confirmation_required');
    else if (!confirmation.ok || confirmation.value.toLowerCase() !== email.value.toLowerCase()) errors.add('emailConfirmation', 'email.mismatch');
  } else errors.add('email', email.error.code, email.error.params);

  const username = validateUsername(input.username);
  if (username.errors.length === 0) valid.username = username.value;
  else errors.addAll('username', username.errors);

  const password = typeof input.password === 'string' ? normalisePassword(input.password) : '';
  const passwordErrors = evaluatePassword(policy, password, {
    username: username.value,
    ...(valid.idNumber ? { idNumber: valid.idNumber } : {}),
    ...(valid.mobile ? { mobile: valid.mobile } : {}),
  });
  if (passwordErrors.length === 0) valid.password = password;
  else errors.addAll('password', passwordErrors);
  const confirmation = typeof input.passwordConfirmation === 'string' ? normalisePassword(input.passwordConfirmation) : '';
  if (password !== '' && confirmation !== password) errors.add('passwordConfirmation', 'password.mismatch');

  const language = normaliseInput(input.preferredLanguage);
  if (language === 'ar' || language === 'en') valid.preferredLanguage = language;
  else if (language === '') valid.preferredLanguage = fallbackLanguage;
  else errors.add('preferredLanguage', 'language.invalid');

  if (!isAccepted(input.acceptTerms)) errors.add('acceptTerms', 'terms.required');

  return { valid, errors };
}

/** Passwords keep their characters (no trimming), but digits typed on an Arabic keyboard count as digits. */
export function normalisePassword(password: string): string {
  return normaliseDigits(password);
}

function isAccepted(value: unknown): boolean {
  return value === true || value === 'true' || value === 'on' || value === 'yes' || value === '1';
}

export function isComplete(check: FormCheck): check is FormCheck & { valid: ValidRegistration } {
  return !check.errors.has();
}

export type { FieldErrors };
