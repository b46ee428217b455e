// The e-mail change form: the new address and its confirmation. Guarantees: the address is read by
// the same rule as at registration; the confirmation must match (case ignored) and the address must
// differ from the current one; every problem is reported at once as field errors with stable codes.
import { FieldErrorCollector } from '../../errors.ts';
import { normaliseInput } from '../../identity/digits.ts';
import { parseEmail } from '../../identity/email.ts';

export type EmailChangeInput = { email?: unknown; emailConfirmation?: unknown };

/** The new address, or a validation.failed error naming every problem. */
export function checkEmailChangeForm(input: EmailChangeInput, currentEmail: string): string {
  const errors = new FieldErrorCollector();
  const email = parseEmail(input.email);
  if (!email.ok) errors.add('email', email.error.code, email.error.params);
  else {
    if (email.value.toLowerCase() === currentEmail.toLowerCase()) errors.add('email', 'email.same_as_current');
    const confirmation = parseEmail(input.emailConfirmation);
    if (!confirmation.ok && normaliseInput(input.emailConfirmation) === '') errors.add('emailConfirmation', 'email.confirmation_required');
    else if (!confirmation.ok || confirmation.value.toLowerCase() !== email.value.toLowerCase()) errors.add('emailConfirmation', 'email.mismatch');
  }
  errors.throwIfAny();
  return email.ok ? email.value : '';
}
