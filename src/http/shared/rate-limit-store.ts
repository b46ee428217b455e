// A store for @fastify/rate-limit over AttemptCounters, so per-address HTTP limits hold across processes.
// Guarantees: epoch-aligned fixed windows on the injected clock; Retry-After is the time left in the window;
// each namespace (one per plugin registration) and each route with a limit of its own counts apart.
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { AttemptCounters, Clock } from '../../core/ports.ts';
import { fixedWindow } from '../../adapters/db/db-counters.ts';

export type RateLimitStoreOptions = {
  /**
   * Keeps this registration's counts apart from other registrations over the same counters (the
   * pages and the API contexts both key on the address). Default 'http'.
   */
  namespace?: string;
};

type StoreCallback = Parameters<FastifyRateLimitStore['incr']>[1];

/** What the plugin hands a store: its merged settings (the plugin's types leave them opaque). */
type StoreSettings = {
  continueExceeding?: boolean;
  exponentialBackoff?: boolean;
  groupId?: string;
  routeInfo?: { method?: string | string[]; url?: string };
};

/** Returns a store class to pass as the plugin's `store` option. */
export function rateLimitStore(counters: AttemptCounters, clock: Clock, options: RateLimitStoreOptions = {}): FastifyRateLimitStoreCtor {
  const namespace = options.namespace ?? 'http';

  class CountersRateLimitStore implements FastifyRateLimitStore {
    readonly #scope: string;

    constructor(settings: object, scope = `rl:${namespace}:`) {
      const { continueExceeding, exponentialBackoff } = settings as StoreSettings;
      if (continueExceeding || exponentialBackoff) {
        throw new Error('the shared rate-limit store counts fixed windows: continueExceeding and exponentialBackoff are not supported');
      }
      this.#scope = scope;
    }

    incr(key: string, callback: StoreCallback, timeWindow: number): void {
      this.#answer(key, timeWindow, callback, (counterKey, seconds, now) => counters.hit(counterKey, seconds, now));
    }

    /** The current state without counting a request (the plugin's `{ increment: false }`). */
    read(key: string, callback: StoreCallback, timeWindow: number): void {
      this.#answer(key, timeWindow, callback, (counterKey, seconds, now) => counters.count(counterKey, seconds, now));
    }

    child(routeOptions: object): FastifyRateLimitStore {
      const { groupId, routeInfo } = routeOptions as StoreSettings;
      const method = Array.isArray(routeInfo?.method) ? routeInfo.method.join(',') : routeInfo?.method;
      // Routes sharing a groupId share one count; any other route with its own limit counts alone.
      const part = groupId ? `group=${groupId}` : `${method ?? '*'} ${routeInfo?.url ?? '*'}`;
      return new CountersRateLimitStore(routeOptions, `${this.#scope}${part}:`);
    }

    #answer(
      key: string,
      timeWindow: number,
      callback: StoreCallback,
      operation: (counterKey: string, windowSeconds: number, now: Date) => Promise<number>,
    ): void {
      const now = clock.now();
      const windowSeconds = timeWindow / 1000;
      let windowEnd: number;
      try {
        windowEnd = fixedWindow(now, windowSeconds).end.getTime();
      } catch (error) {
        callback(error as Error);
        return;
      }
      // The window length is part of the key: one address under two lengths must not share a row.
      operation(`${this.#scope}${timeWindow}ms:${key}`, windowSeconds, now).then(
        (current) => callback(null, { current, ttl: current > 0 ? windowEnd - now.getTime() : 0 }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }
  }

  return CountersRateLimitStore;
}
