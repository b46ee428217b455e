// Saudi identifiers: national ID (starts 1), Iqama (starts 2), border number (starts 3 or 4).
// Guarantees: a parsed identifier is exactly 10 ASCII digits with a known kind, and national IDs
// and Iqamas carry a valid Luhn check digit over all 10 digits; masking never shows more than 4 digits.

import type { FieldError } from '../errors.ts';
import type { IdentifierKind } from '../ports.ts';
import { INVISIBLE, normaliseInput } from './digits.ts';

export type ParsedIdentifier =
  | { ok: true; value: { idNumber: string; kind: IdentifierKind } }
  | { ok: false; error: FieldError };

/** What the first digit says about the number. */
const KIND_BY_FIRST_DIGIT: Readonly<Record<string, { kind: IdentifierKind; checkDigit: boolean }>> = {
  '1': { kind: 'national_id', checkDigit: true },
  '2': { kind: 'iqama', checkDigit: true },
  '3': { kind: 'border', checkDigit: false },
  '4': { kind: 'border', checkDigit: false },
};

const INNER_INVISIBLE = new RegExp(`[${INVISIBLE}]+`, 'g');
const TEN_DIGITS = /^\d{10}$/;

/** Luhn sum of digits where the digits at even positions (0, 2, …, from the left) are doubled. */
function luhnSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = Number(digits[i]);
    const weighted = i % 2 === 0 ? digit * 2 : digit;
    sum += weighted > 9 ? weighted - 9 : weighted;
  }
  return sum;
}

/** The check digit that completes these 9 digits into a valid 10-digit number. */
export function luhnCheckDigit(first9: string): number {
  if (!/^\d{9}$/.test(first9)) throw new RangeError('luhnCheckDigit needs exactly 9 ASCII digits');
  return (10 - (luhnSum(first9) % 10)) % 10;
}

export function isValidLuhn(ten: string): boolean {
  return TEN_DIGITS.test(ten) && luhnSum(ten) % 10 === 0;
}

export function parseIdentifier(input: unknown): ParsedIdentifier {
  const idNumber = normaliseInput(input).replace(INNER_INVISIBLE, '');
  if (idNumber === '') return { ok: false, error: { code: 'id.required' } };
  const rule = KIND_BY_FIRST_DIGIT[idNumber[0] ?? ''];
  if (!TEN_DIGITS.test(idNumber) || !rule) return { ok: false, error: { code: 'id.format' } };
  if (rule.checkDigit && !isValidLuhn(idNumber)) return { ok: false, error: { code: 'id.checksum' } };
  return { ok: true, value: { idNumber, kind: rule.kind } };
}

/** `1012345672` → `1••••••672`: first digit, bullets, last 3 (all bullets when too short to hide anything). */
export function maskIdNumber(id: string): string {
  if (id.length < 5) return '•'.repeat(id.length);
  return id.slice(0, 1) + '•'.repeat(id.length - 4) + id.slice(-3);
}
