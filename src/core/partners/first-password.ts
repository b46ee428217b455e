// The first sign-in of an account whose password was issued by someone else (a kiosk's temporary
// password, DESIGN §2 "Kiosk"): the sign-in flow asks for a new password after the password and the
// code, before any session exists. Guarantees: the new password follows the configured policy and
// is none of the recent ones (the temporary one included); the change, the history, the cleared
// flag and the audit record commit with the sign-in that follows.
import { AppError, FieldErrorCollector } from '../errors.ts';
import type { Account, Repositories, Store } from '../store.ts';
import type { PasswordHasher } from '../passwords.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { evaluatePassword, type PasswordPolicy } from '../identity/password-policy.ts';
import { maskIdNumber } from '../identity/national-id.ts';
import { normalisePassword } from '../flows/registration/form.ts';
import { isRecentPassword } from '../account/password-change.ts';

export type FirstPasswordInput = { password?: unknown; passwordConfirmation?: unknown };

/** The hash of an acceptable new password for the account, or a validation.failed error. */
export async function checkFirstPassword(
  deps: { store: Store; hasher: PasswordHasher; passwordPolicy: PasswordPolicy },
  account: Account,
  input: FirstPasswordInput,
): Promise<string> {
  const errors = new FieldErrorCollector();
  const password = typeof input.password === 'string' ? normalisePassword(input.password) : '';
  errors.addAll(
    'password',
    evaluatePassword(deps.passwordPolicy, password, { username: account.username, idNumber: account.idNumber, ...(account.mobile ? { mobile: account.mobile } : {}) }),
  );
  const confirmation = typeof input.passwordConfirmation === 'string' ? normalisePassword(input.passwordConfirmation) : '';
  if (password !== '' && confirmation !== password) errors.add('passwordConfirmation', 'password.mismatch');
  errors.throwIfAny();
  if (await isRecentPassword(deps.store, deps.hasher, account, password)) {
    throw new AppError('validation.failed', { fields: { password: [{ code: 'password.reused' }] } });
  }
  return deps.hasher.hash(password);
}

/** Stores the new password inside the sign-in's transaction and clears the must-change flag. */
export async function replaceTemporaryPassword(tx: Repositories, audit: AuditLog, account: Account, passwordHash: string, now: Date, channel: string): Promise<Account> {
  const updated = await tx.accounts.update(account.id, { passwordHash, mustChangePassword: false }, now);
  await tx.passwordHistory.add(account.id, passwordHash, now);
  await audit.append(tx.audit, { type: 'kiosk.first_password_set', accountId: account.id, subject: maskIdNumber(account.idNumber), data: { channel } });
  return updated;
}
