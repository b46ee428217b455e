// The registration page's form fields and how they map to the flow's input. Guarantees: the page
// and the JSON API feed the same RegistrationInput; unknown or repeated fields are ignored.
import { z } from 'zod';
import type { RegistrationInput } from '../../../core/flows/registration/form.ts';

const field = (maxLength: number) =>
  z.preprocess((value) => (Array.isArray(value) ? value[0] : value), z.string().max(maxLength).optional()).catch(undefined);
const text = field(512);
/** A solved proof-of-work is a base64 JSON document, about 900 characters. */
const proof = field(4096);

export const registrationFormSchema = z.object({
  idNumber: text,
  mobile: text,
  email: text,
  emailConfirmation: text,
  username: text,
  password: text,
  passwordConfirmation: text,
  preferredLanguage: text,
  acceptTerms: text,
  captcha_id: text,
  captcha_answer: text,
  captcha_pow: proof,
  action: text,
});

export type RegistrationFormBody = z.infer<typeof registrationFormSchema>;

export function parseRegistrationForm(body: unknown): RegistrationFormBody {
  const parsed = registrationFormSchema.safeParse(body ?? {});
  return parsed.success ? parsed.data : {};
}

export function toRegistrationInput(form: RegistrationFormBody): RegistrationInput {
  return {
    idNumber: form.idNumber,
    mobile: form.mobile,
    email: form.email,
    emailConfirmation: form.emailConfirmation,
    username: form.username,
    password: form.password,
    passwordConfirmation: form.passwordConfirmation,
    preferredLanguage: form.preferredLanguage,
    acceptTerms: form.acceptTerms,
    captcha: form.captcha_pow ? { pow: form.captcha_pow } : { id: form.captcha_id, answer: form.captcha_answer },
  };
}

/** The values to show again after an error: never passwords or the visual code. */
export function keptValues(form: RegistrationFormBody): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of ['idNumber', 'mobile', 'email', 'emailConfirmation', 'username', 'preferredLanguage', 'acceptTerms'] as const) {
    const value = form[name];
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}
