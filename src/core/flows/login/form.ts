// What a sign-in form says, read the same way for the page and the API. Guarantees: the login
// name is a username or an ID number (Arabic digits accepted, case ignored); the key that finds the
// account is also the key an unknown name is counted under, so both are treated alike.
import { FieldErrorCollector } from '../../errors.ts';
import { normaliseInput } from '../../identity/digits.ts';
import { normalisePassword } from '../registration/form.ts';

export type LoginInput = { login?: unknown; password?: unknown; captcha?: unknown };

export type LoginName = { kind: 'id_number' | 'username'; value: string };

export function readLoginName(login: unknown): LoginName | null {
  const text = normaliseInput(login).replace(/\s+/g, '');
  if (text === '') return null;
  if (/^\d{10}$/.test(text)) return { kind: 'id_number', value: text };
  return { kind: 'username', value: text.toLowerCase() };
}

export function checkLoginForm(input: LoginInput): { name: LoginName; password: string } {
  const errors = new FieldErrorCollector();
  const name = readLoginName(input.login);
  if (!name || name.value.length > 64) errors.add('login', 'login.required');
  const password = typeof input.password === 'string' ? normalisePassword(input.password) : '';
  if (password === '' || password.length > 128) errors.add('password', 'password.required');
  errors.throwIfAny();
  return { name: name!, password };
}
