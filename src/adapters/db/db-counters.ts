// AttemptCounters kept in the database (PostgreSQL or PGlite): one row per key and fixed window.
// Guarantees: a hit is ONE atomic upsert, so concurrent hits from any number of processes are all
// counted; windows are aligned to the epoch and computed from the `now` given, never the database clock.
import type { Kysely } from 'kysely';
import type { AttemptCounters } from '../../core/ports.ts';
import type { Database } from './schema.ts';

/** A fixed window: [start, end), aligned to the Unix epoch, `windowSeconds` long. */
export type FixedWindow = { start: Date; end: Date };

/**
 * The window holding `now`: start = floor(now / window) · window. Shared by every AttemptCounters
 * adapter and the HTTP rate-limit store, so they all agree on window boundaries.
 * Throws a RangeError unless the window is a positive whole number of milliseconds.
 */
export function fixedWindow(now: Date, windowSeconds: number): FixedWindow {
  const windowMs = windowSeconds * 1000;
  if (!Number.isSafeInteger(windowMs) || windowMs <= 0) {
    throw new RangeError(`a counter window must be a positive whole number of milliseconds, got ${windowSeconds} s`);
  }
  const nowMs = now.getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError('a counter needs a valid `now`');
  const startMs = Math.floor(nowMs / windowMs) * windowMs;
  return { start: new Date(startMs), end: new Date(startMs + windowMs) };
}

/** Throws a RangeError unless `by` is a whole number from 1 to 2^31 − 1 (the column is an integer). */
export function checkIncrement(by: number): void {
  if (!Number.isSafeInteger(by) || by < 1 || by > 2_147_483_647) {
    throw new RangeError(`a counter hit must add a whole number from 1 up, got ${by}`);
  }
}

export class DbAttemptCounters implements AttemptCounters {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async hit(key: string, windowSeconds: number, now: Date, by = 1): Promise<number> {
    checkIncrement(by);
    const window = fixedWindow(now, windowSeconds);
    const row = await this.#db
      .insertInto('attempt_counters')
      .values({ key, window_start: window.start, count: by, expires_at: window.end })
      .onConflict((conflict) =>
        conflict.columns(['key', 'window_start']).doUpdateSet((eb) => ({
          count: eb('attempt_counters.count', '+', eb.ref('excluded.count')),
          expires_at: eb.fn('greatest', [eb.ref('attempt_counters.expires_at'), eb.ref('excluded.expires_at')]),
        })),
      )
      .returning('count')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async count(key: string, windowSeconds: number, now: Date): Promise<number> {
    const window = fixedWindow(now, windowSeconds);
    const row = await this.#db
      .selectFrom('attempt_counters')
      .select('count')
      .where('key', '=', key)
      .where('window_start', '=', window.start)
      .executeTakeFirst();
    return row ? Number(row.count) : 0;
  }

  async reset(key: string): Promise<void> {
    await this.#db.deleteFrom('attempt_counters').where('key', '=', key).execute();
  }

  /** Housekeeping: drops every window that has ended by `now`; returns how many rows went. */
  async deleteExpired(now: Date): Promise<number> {
    const result = await this.#db.deleteFrom('attempt_counters').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
