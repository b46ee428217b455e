// The mobile change form: one field, the new number. Guarantees: the number is read by the same
// rule as at registration (any accepted form and digit script, stored as E.164) and must differ
// from the holder's current number; problems come back as field errors with stable codes.
import { FieldErrorCollector } from '../../errors.ts';
import { parseMobile } from '../../identity/mobile.ts';

export type MobileChangeInput = { mobile?: unknown };

/** The new mobile (E.164), or a validation.failed error naming what is wrong with it. */
export function checkMobileChangeForm(input: MobileChangeInput, currentMobile: string): string {
  const errors = new FieldErrorCollector();
  const mobile = parseMobile(input.mobile);
  if (!mobile.ok) errors.add('mobile', mobile.error.code, mobile.error.params);
  else if (mobile.value === currentMobile) errors.add('mobile', 'mobile.same_as_current');
  errors.throwIfAny();
  return mobile.ok ? mobile.value : '';
}
