// A signed-in holder changes their password in one step. Guarantees: the current password must be
// right, and a wrong one counts toward the lockout of `account:<id>` exactly like a wrong password
// at sign-in (so this form cannot be used to guess it, and a lock here locks sign-in too); the new
// password follows the configured policy and is none of the last 3; the change, the history, the
// end of every other session, the messages (SMS and e-mail) and the audit record commit together.
import { AppError, FieldErrorCollector } from '../errors.ts';
import type { Clock } from '../ports.ts';
import type { Account, Repositories, Store } from '../store.ts';
import type { PasswordHasher } from '../passwords.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Notifier } from '../notices/notifier.ts';
import type { SessionService } from '../sessions/session-service.ts';
import { lockedError, type LockoutPolicy } from '../sessions/lockout-policy.ts';
import { evaluatePassword, type PasswordPolicy } from '../identity/password-policy.ts';
import { maskIdNumber } from '../identity/national-id.ts';
import { normalisePassword } from '../flows/registration/form.ts';
import { usableAccount } from '../flows/holder-flow.ts';

/** How many of the latest passwords (the current one included) may not be chosen again. */
export const passwordReuseDepth = 3;

export type PasswordChangeInput = { currentPassword?: unknown; password?: unknown; passwordConfirmation?: unknown };

/** The holder's session that asked (it stays open; every other one ends) and where they are. */
export type PasswordChangeContext = { channel: 'web' | 'api'; sessionId: string; ip: string };

export type PasswordChangeDependencies = {
  store: Store;
  clock: Clock;
  hasher: PasswordHasher;
  audit: AuditLog;
  notifier: Notifier;
  sessions: SessionService;
  lockouts: LockoutPolicy;
  passwordPolicy: PasswordPolicy;
  wakeOutbox: () => void;
};

/** Whether `password` is one of the account's last `depth` passwords (the current hash included). */
export async function isRecentPassword(tx: Repositories, hasher: PasswordHasher, account: Account, password: string, depth = passwordReuseDepth): Promise<boolean> {
  const recent = await tx.passwordHistory.recent(account.id, depth);
  const hashes = recent.includes(account.passwordHash) ? recent : [account.passwordHash, ...recent.slice(0, depth - 1)];
  const matches = await Promise.all(hashes.map((hash) => hasher.verify(hash, password)));
  return matches.some(Boolean);
}

export class PasswordChangeService {
  readonly #deps: PasswordChangeDependencies;

  constructor(dependencies: PasswordChangeDependencies) {
    this.#deps = dependencies;
  }

  async change(accountId: string, input: PasswordChangeInput, context: PasswordChangeContext): Promise<{ endedSessions: number }> {
    const { store, hasher, lockouts, audit } = this.#deps;
    const account = usableAccount(await store.accounts.findById(accountId));
    const lockKey = `account:${account.id}`;
    await lockouts.assertOpen(store, lockKey);

    const errors = new FieldErrorCollector();
    const current = typeof input.currentPassword === 'string' ? normalisePassword(input.currentPassword) : '';
    if (current === '' || current.length > 128) errors.add('currentPassword', 'password.current_required');
    const password = typeof input.password === 'string' ? normalisePassword(input.password) : '';
    errors.addAll(
      'password',
      evaluatePassword(this.#deps.passwordPolicy, password, {
        username: account.username,
        idNumber: account.idNumber,
        ...(account.mobile ? { mobile: account.mobile } : {}),
      }),
    );
    const confirmation = typeof input.passwordConfirmation === 'string' ? normalisePassword(input.passwordConfirmation) : '';
    if (password !== '' && confirmation !== password) errors.add('passwordConfirmation', 'password.mismatch');

    if (!errors.has('currentPassword') && !(await hasher.verify(account.passwordHash, current))) {
      const outcome = await store.transaction(async (tx) => {
        const result = await lockouts.recordFailure(tx, lockKey);
        await audit.append(tx.audit, {
          type: result.lockedUntil ? 'login.locked' : 'password.change_failed',
          accountId: account.id,
          subject: maskIdNumber(account.idNumber),
          data: { reason: 'current_password', channel: context.channel, address: context.ip },
        });
        return result;
      });
      if (outcome.lockedUntil) throw lockedError(this.#deps.clock.now(), outcome.lockedUntil);
      errors.add('currentPassword', 'password.current_wrong');
      throw new AppError('password.current_wrong', { fields: errors.errors });
    }
    errors.throwIfAny();
    if (await isRecentPassword(store, hasher, account, password)) {
      throw new AppError('validation.failed', { fields: { password: [{ code: 'password.reused' }] } });
    }

    const passwordHash = await hasher.hash(password);
    const endedSessions = await store.transaction(async (tx) => {
      const now = this.#deps.clock.now();
      await tx.accounts.update(account.id, { passwordHash, mustChangePassword: false }, now);
      await tx.passwordHistory.add(account.id, passwordHash, now);
      await lockouts.clear(tx, lockKey);
      const ended = await this.#deps.sessions.endAll(tx, account.id, 'password_changed', context.sessionId);
      await this.#tellHolder(tx, account);
      await audit.append(tx.audit, {
        type: 'password.changed',
        accountId: account.id,
        subject: maskIdNumber(account.idNumber),
        data: { channel: context.channel, address: context.ip, endedSessions: ended },
      });
      return ended;
    });
    this.#deps.wakeOutbox();
    return { endedSessions };
  }

  async #tellHolder(tx: Repositories, account: Account): Promise<void> {
    const { notifier } = this.#deps;
    const language = account.preferredLanguage;
    if (account.mobile) await notifier.sms(tx, { to: account.mobile, language, purpose: 'password_changed', messageId: 'sms.password_changed' });
    await notifier.email(tx, {
      to: account.email,
      language,
      purpose: 'password_changed',
      messageId: 'email.password_changed',
      params: { username: account.username },
    });
    await notifier.notice(tx, account.id, 'password.changed');
  }
}
