// Password lockout (DESIGN §2 "Sign-in"): 5 wrong passwords lock password entry for 15 minutes,
// doubling with each lock up to 24 hours. Guarantees: an unknown login name is locked exactly like
// an account (its own subject key), so a lock reveals nothing; "refuse while locked" and "count a
// wrong password" are one atomic step in the store, so wrong passwords racing in parallel (from any
// number of processes) are counted at most up to the lock and every later one is refused; a right
// password that raced past a lock set meanwhile is refused too. Decay: a right password starts the
// failure count again; the doubling level goes back to the first 15 minutes after a completed
// sign-in (password and code), or after 24 hours with neither a wrong password nor a lock in force.
import { AppError } from '../errors.ts';
import { secondsUntil } from '../clock.ts';
import type { Clock } from '../ports.ts';
import type { Lockout, LockoutRules, Repositories } from '../store.ts';

export const lockoutRules = {
  failuresBeforeLock: 5,
  firstLockSeconds: 15 * 60,
  longestLockSeconds: 24 * 60 * 60,
  /** A record quiet this long (no wrong password, no lock in force) is forgotten: count and level. */
  forgetAfterQuietSeconds: 24 * 60 * 60,
  /** Wrong passwords after which a visual code is asked for. */
  failuresBeforeCaptcha: 3,
} as const satisfies LockoutRules & { failuresBeforeCaptcha: number };

export function lockDurationSeconds(lockNumber: number): number {
  return Math.min(lockoutRules.firstLockSeconds * 2 ** Math.max(0, lockNumber - 1), lockoutRules.longestLockSeconds);
}

/** login.locked with the wait, in seconds (Retry-After) and in whole minutes (the message's {minutes}). */
export function lockedError(now: Date, lockedUntil: Date): AppError {
  const seconds = secondsUntil(now, lockedUntil);
  return new AppError('login.locked', { retryAfterSeconds: seconds, params: { minutes: Math.ceil(seconds / 60) } });
}

/** Whether a record has been quiet long enough to be forgotten at `now`. */
export function isForgotten(lockout: Lockout, now: Date): boolean {
  const lastEvent = Math.max(lockout.updatedAt.getTime(), lockout.lockedUntil?.getTime() ?? 0);
  return lastEvent + lockoutRules.forgetAfterQuietSeconds * 1000 <= now.getTime();
}

export type Standing = { failures: number; lockouts: number; /** A record exists that a completed sign-in should clear. */ recorded: boolean };

export class LockoutPolicy {
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Throws login.locked (423, with the wait) while the subject is locked; else its (decayed) standing. */
  async assertOpen(tx: Repositories, subjectKey: string): Promise<Standing> {
    const now = this.#clock.now();
    return standingOf(await tx.lockouts.find(subjectKey), now);
  }

  /**
   * Counts a wrong password, or refuses it when a lock holds (`refused`: nothing was counted).
   * `lockedUntil` is set when the subject is locked now, by this failure or before it.
   */
  async recordFailure(tx: Repositories, subjectKey: string): Promise<{ lockedUntil: Date | null; failures: number; refused: boolean }> {
    const now = this.#clock.now();
    const outcome = await tx.lockouts.recordFailure(subjectKey, now, lockoutRules);
    if (!outcome.counted) return { lockedUntil: outcome.lockedUntil, failures: 0, refused: true };
    return { lockedUntil: outcome.lockout.lockedUntil, failures: outcome.lockout.failures, refused: false };
  }

  /**
   * A right password, inside the caller's transaction: throws login.locked when a lock was set
   * while it was being checked; otherwise starts the failure count again and returns the standing
   * it had (the level stays until a completed sign-in clears it, or it decays).
   */
  async acceptPassword(tx: Repositories, subjectKey: string): Promise<Standing> {
    const now = this.#clock.now();
    const before = await tx.lockouts.acceptPassword(subjectKey, now);
    const standing = standingOf(before, now);
    if (before && isForgotten(before, now)) {
      await tx.lockouts.clear(subjectKey);
      return { failures: 0, lockouts: 0, recorded: false };
    }
    return standing;
  }

  clear(tx: Repositories, subjectKey: string): Promise<void> {
    return tx.lockouts.clear(subjectKey);
  }
}

function standingOf(lockout: Lockout | null, now: Date): Standing {
  if (lockout?.lockedUntil && now < lockout.lockedUntil) throw lockedError(now, lockout.lockedUntil);
  if (!lockout || isForgotten(lockout, now)) return { failures: 0, lockouts: 0, recorded: lockout !== null };
  return { failures: lockout.failures, lockouts: lockout.lockouts, recorded: true };
}
