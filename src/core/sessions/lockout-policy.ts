// Password lockout (DESIGN §2 "Sign-in"): 5 wrong passwords lock password entry for 15 minutes,
// doubling with each lock up to 24 hours; a right password clears it. Guarantees: an unknown login
// name is locked exactly like an account (its own subject key), so a lock reveals nothing.
import { AppError } from '../errors.ts';
import { secondsUntil } from '../clock.ts';
import type { Clock } from '../ports.ts';
import type { Repositories } from '../store.ts';

export const lockoutRules = {
  failuresBeforeLock: 5,
  firstLockSeconds: 15 * 60,
  longestLockSeconds: 24 * 60 * 60,
  /** Wrong passwords after which a visual code is asked for. */
  failuresBeforeCaptcha: 3,
} as const;

export function lockDurationSeconds(lockNumber: number): number {
  return Math.min(lockoutRules.firstLockSeconds * 2 ** Math.max(0, lockNumber - 1), lockoutRules.longestLockSeconds);
}

/** login.locked with the wait, in seconds (Retry-After) and in whole minutes (the message's {minutes}). */
export function lockedError(now: Date, lockedUntil: Date): AppError {
  const seconds = secondsUntil(now, lockedUntil);
  return new AppError('login.locked', { retryAfterSeconds: seconds, params: { minutes: Math.ceil(seconds / 60) } });
}

export class LockoutPolicy {
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Throws login.locked (423, with the wait) while the subject is locked. */
  async assertOpen(tx: Repositories, subjectKey: string): Promise<{ failures: number; lockouts: number }> {
    const now = this.#clock.now();
    const lockout = await tx.lockouts.find(subjectKey);
    if (lockout?.lockedUntil && now < lockout.lockedUntil) {
      throw lockedError(now, lockout.lockedUntil);
    }
    return { failures: lockout?.failures ?? 0, lockouts: lockout?.lockouts ?? 0 };
  }

  /** Counts a wrong password; returns the lock it caused, if any. */
  async recordFailure(tx: Repositories, subjectKey: string): Promise<{ lockedUntil: Date | null; failures: number }> {
    const now = this.#clock.now();
    const after = await tx.lockouts.recordFailure(subjectKey, now);
    if (after.failures < lockoutRules.failuresBeforeLock) return { lockedUntil: null, failures: after.failures };
    const until = new Date(now.getTime() + lockDurationSeconds(after.lockouts + 1) * 1000);
    await tx.lockouts.lock(subjectKey, until, now);
    return { lockedUntil: until, failures: after.failures };
  }

  clear(tx: Repositories, subjectKey: string): Promise<void> {
    return tx.lockouts.clear(subjectKey);
  }
}
