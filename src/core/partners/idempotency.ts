// Idempotency-Key for partner requests. Guarantees: per client, a key is processed once — the first
// request claims it (a unique row), runs, and stores its answer; every later request with the same
// key and the same body gets that stored answer, byte for byte; the same key with another body is
// refused with `idempotency.mismatch`; a request arriving while the first is still running waits
// for its answer (bounded), then gets it. A claim whose work failed unexpectedly is released, so a
// retry with the same key runs again. Keys are kept 24 hours.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../errors.ts';
import { addSeconds } from '../clock.ts';
import type { Clock } from '../ports.ts';

export const idempotencyRules = {
  keepSeconds: 24 * 60 * 60,
  /** How long a duplicate waits for the first request's answer before it is told to retry. */
  waitForFirstMs: 10_000,
} as const;

/** The answer stored for a key: an HTTP status and a JSON body, replayed as they are. */
export type StoredAnswer = { status: number; body: unknown };

export type IdempotencyRecord = {
  requestHash: string;
  state: 'pending' | 'done';
  answer: StoredAnswer | null;
};

export interface IdempotencyStore {
  /** Claims (client, key) for a request; false when the key is already claimed. */
  claim(claim: { clientId: string; key: string; requestHash: string; now: Date; expiresAt: Date }): Promise<boolean>;
  find(clientId: string, key: string): Promise<IdempotencyRecord | null>;
  complete(clientId: string, key: string, answer: StoredAnswer): Promise<void>;
  release(clientId: string, key: string): Promise<void>;
  deleteExpired(now: Date): Promise<number>;
}

const keyPattern = /^[A-Za-z0-9_\-:.]{8,100}$/;

/** Reads an Idempotency-Key header: a UUID (or any 8–100 safe characters); otherwise a 400. */
export function readIdempotencyKey(header: unknown): string {
  const value = typeof header === 'string' ? header.trim() : '';
  if (!keyPattern.test(value)) throw new AppError('partner.idempotency_key_required');
  return value;
}

/** A stable hash of a JSON body: object keys sorted, so field order does not matter. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export class IdempotentRequests {
  readonly #store: IdempotencyStore;
  readonly #clock: Clock;
  readonly #waitMs: number;

  constructor(store: IdempotencyStore, clock: Clock, options: { waitForFirstMs?: number } = {}) {
    this.#store = store;
    this.#clock = clock;
    this.#waitMs = options.waitForFirstMs ?? idempotencyRules.waitForFirstMs;
  }

  /**
   * Runs `work` once per (client, key). `work` answers with a status and body (errors it expects are
   * answers too, stored and replayed); anything it throws releases the key and propagates.
   */
  async run(clientId: string, key: string, body: unknown, work: () => Promise<StoredAnswer>): Promise<StoredAnswer> {
    const hash = requestHash(body);
    const now = this.#clock.now();
    const claimed = await this.#store.claim({ clientId, key, requestHash: hash, now, expiresAt: addSeconds(now, idempotencyRules.keepSeconds) });
    if (!claimed) return this.#replay(clientId, key, hash);
    let answer: StoredAnswer;
    try {
      answer = await work();
    } catch (error) {
      await this.#store.release(clientId, key);
      throw error;
    }
    await this.#store.complete(clientId, key, answer);
    return answer;
  }

  purgeExpired(): Promise<number> {
    return this.#store.deleteExpired(this.#clock.now());
  }

  async #replay(clientId: string, key: string, hash: string): Promise<StoredAnswer> {
    const deadline = Date.now() + this.#waitMs;
    let pause = 5;
    for (;;) {
      const record = await this.#store.find(clientId, key);
      // Released by a failed first request between our claim and this read: nothing to replay.
      if (!record) throw new AppError('partner.idempotency_in_progress', { retryAfterSeconds: 1 });
      if (record.requestHash !== hash) throw new AppError('idempotency.mismatch');
      if (record.state === 'done' && record.answer) return record.answer;
      if (Date.now() >= deadline) throw new AppError('partner.idempotency_in_progress', { retryAfterSeconds: 1 });
      await sleep(pause);
      pause = Math.min(pause * 2, 100);
    }
  }
}
