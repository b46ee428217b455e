// What a forgot-username form says, read the same way for the page and the API: the ID number, the
// mobile and the visual code of the shared recovery step. Guarantees: the same rules and the same
// mismatch answer as forgot-password (see ../recovery.ts); an SMS code is read with Arabic digits and spaces.
import { normaliseInput } from '../../identity/digits.ts';

export type { RecoveryInput as UsernameReminderInput } from '../recovery.ts';

/** A code as typed: Arabic or Persian digits, spaces between groups. */
export function readCode(code: unknown): string {
  if (typeof code === 'number' && Number.isInteger(code)) return String(code);
  return typeof code === 'string' ? normaliseInput(code).replace(/\s+/g, '') : '';
}
