// Building blocks for service forms (zod): the same schema reads a web form (strings, a repeated
// field as an array) and a JSON body. Guarantees: digits may be Eastern-Arabic or Persian; text is
// trimmed; an absent optional choice is an empty list, never an error of the wrong kind.
import { z } from 'zod';
import { normaliseInput } from '../identity/digits.ts';

/** A required single value (a radio choice or a text), trimmed, digits normalised. */
export function requiredText(requiredMessage = 'eservices.field_required') {
  return z.preprocess((value) => (typeof value === 'number' ? String(value) : typeof value === 'string' ? normaliseInput(value) : value), z.string(requiredMessage).min(1, requiredMessage));
}

/** Free text (a reason), trimmed, between `min` and `max` characters. */
export function freeText(min: number, max: number, messages: { tooShort: string; tooLong: string }) {
  return z.preprocess(
    (value) => (typeof value === 'string' ? value.trim() : value),
    z.string('eservices.field_required').min(min, messages.tooShort).max(max, messages.tooLong),
  );
}

/** One or more chosen values: a string, or an array of strings (repeated form field / JSON array). */
export function choices(requiredMessage = 'eservices.field_required') {
  return z.preprocess(
    (value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]),
    z
      .array(z.preprocess((each) => (typeof each === 'number' ? String(each) : typeof each === 'string' ? normaliseInput(each) : each), z.string().min(1)))
      .min(1, requiredMessage)
      .max(50)
      .transform((list) => [...new Set(list)].sort()),
  );
}

/** A ticked confirmation box ('on', 'true', true). */
export function confirmed(message: string) {
  return z.preprocess((value) => value === true || value === 'on' || value === 'true' || value === 'yes', z.literal(true, message));
}
