// Saudi mobile numbers.
// Guarantees: a parsed mobile is always E.164 `+9665XXXXXXXX`, whichever accepted local or
// international form (and digit script) it was typed in; masking shows only the prefix and last 3 digits.

import type { FieldError } from '../errors.ts';
import { normaliseInput } from './digits.ts';

export type ParsedMobile = { ok: true; value: string } | { ok: false; error: FieldError };

/** Spaces, dashes (ASCII and Unicode) and parentheses people type inside a number. */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212()]/g;
/** `05…`, `5…`, `+9665…`, `009665…`, `9665…`; group 1 is the 9-digit national number. */
const SAUDI_MOBILE = /^(?:\+966|00966|966|0)?(5\d{8})$/;
const E164_SAUDI_MOBILE = /^\+966(5\d{8})$/;

export function parseMobile(input: unknown): ParsedMobile {
  const text = normaliseInput(input);
  if (text === '') return { ok: false, error: { code: 'mobile.required' } };
  const national = SAUDI_MOBILE.exec(text.replace(SEPARATORS, ''))?.[1];
  return national ? { ok: true, value: `+966${national}` } : { ok: false, error: { code: 'mobile.format' } };
}

/** `+966512345678` → `+966 5•••••678`; anything else keeps only its last 3 characters. */
export function maskMobile(mobile: string): string {
  const national = E164_SAUDI_MOBILE.exec(mobile)?.[1];
  if (national) return `+966 ${national[0]}${'•'.repeat(5)}${national.slice(-3)}`;
  return '•'.repeat(Math.max(mobile.length - 3, 0)) + mobile.slice(-3);
}
