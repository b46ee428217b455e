// E-mail addresses: a deliberately plain syntax check, not an RFC 5322 parser.
// Guarantees: an accepted address has one @, a local part of 1-64 characters, a dotted domain of
// non-empty labels, no whitespace or control characters, at most 254 characters, domain lower-cased;
// a masked address keeps only the ends of the local part and the domain.

import type { FieldError } from '../errors.ts';
import { normaliseInput } from './digits.ts';

export type ParsedEmail = { ok: true; value: string } | { ok: false; error: FieldError };

const MAX_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
/** No spaces, controls or the characters that only appear in quoted/comment forms; no empty dot-atoms. */
const LOCAL_PART = /^(?!\.)(?!.*\.\.)[^\s\p{Cc}"(),:;<>@[\\\]]+(?<!\.)$/u;
/** Letters/digits (any script, for IDNs) and inner hyphens, per label. */
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;

export function parseEmail(input: unknown): ParsedEmail {
  const text = normaliseInput(input);
  if (text === '') return { ok: false, error: { code: 'email.required' } };
  const parts = text.split('@');
  const [local = '', domain = ''] = parts;
  const labels = domain.toLowerCase().split('.');
  const valid =
    parts.length === 2 &&
    text.length <= MAX_LENGTH &&
    local.length <= MAX_LOCAL_LENGTH &&
    LOCAL_PART.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => DOMAIN_LABEL.test(label));
  return valid ? { ok: true, value: `${local}@${labels.join('.')}` } : { ok: false, error: { code: 'email.format' } };
}

/** `salem.ali@example.sa` → `s•••••••i@example.sa`: the first and last character of the local part, the domain whole. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•'.repeat(Math.max(email.length - 3, 0)) + email.slice(-3);
  const local = [...email.slice(0, at)];
  const masked = local.length <= 2 ? `${local[0]}•` : `${local[0]}${'•'.repeat(local.length - 2)}${local[local.length - 1]}`;
  return `${masked}${email.slice(at)}`;
}
