// Activation-form references: what the holder prints and an officer types (or scans). Guarantees:
// 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L, U), about 48 bits from the
// CSPRNG, shown as XXXXX-XXXXX; reading accepts lower case, spaces, dashes and Arabic digits.
import { randomInt } from 'node:crypto';
import { normaliseInput } from '../identity/digits.ts';

const alphabet = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
const length = 10;

export function newFormReference(): string {
  let text = '';
  for (let index = 0; index < length; index += 1) text += alphabet[randomInt(alphabet.length)];
  return text;
}

/** XXXXXXXXXX → XXXXX-XXXXX. */
export function displayReference(reference: string): string {
  return `${reference.slice(0, 5)}-${reference.slice(5)}`;
}

/** What a person typed → the stored form, or null when it cannot be a reference. */
export function readFormReference(input: unknown): string | null {
  const text = normaliseInput(input)
    .toUpperCase()
    .replace(/[\s\-\u2010-\u2015_.]/g, '');
  if (text.length !== length) return null;
  for (const character of text) if (!alphabet.includes(character)) return null;
  return text;
}
