// Input normalisation shared by every identity field.
// Guarantees: Eastern-Arabic (٠-٩) and Persian (۰-۹) digits become ASCII 0-9, text is NFKC, and
// surrounding whitespace, zero-width characters and bidi marks are gone; nothing else is changed.

/** The first code point of each block of ten decimal digits that is folded to ASCII. */
const DIGIT_BLOCK_STARTS = [0x0660, 0x06f0] as const;

const NON_ASCII_DIGIT = /[\u0660-\u0669\u06f0-\u06f9]/g;

/**
 * Whitespace (\s covers NBSP, U+FEFF and the Unicode spaces) plus invisible format characters
 * people paste along with numbers: zero-width space/joiners, LRM/RLM, ALM, word joiner, bidi
 * embeddings/overrides and isolates.
 */
export const INVISIBLE = '\\s\\u200b-\\u200f\\u061c\\u2060\\u202a-\\u202e\\u2066-\\u2069';
const SURROUNDING_INVISIBLE = new RegExp(`^[${INVISIBLE}]+|[${INVISIBLE}]+$`, 'g');

export function normaliseDigits(input: string): string {
  return input.replace(NON_ASCII_DIGIT, (digit) => {
    const code = digit.charCodeAt(0);
    const start = DIGIT_BLOCK_STARTS.find((first) => code >= first && code <= first + 9) ?? code;
    return String(code - start);
  });
}

/** Any form value → a clean string: non-strings become '', then NFKC, ASCII digits, trimmed. */
export function normaliseInput(input: unknown): string {
  if (typeof input !== 'string') return '';
  return normaliseDigits(input.normalize('NFKC')).replace(SURROUNDING_INVISIBLE, '');
}
