// AttemptCounters in Redis (≥ 6.2, one primary, not Cluster): key `<prefix><key>:<window start ms>`.
// Guarantees: a hit is one Lua script, so concurrent hits from any process are all counted; windows come
// from the `now` given (never Redis's clock) and expire when they end; `reset` removes only that key's windows.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { AttemptCounters } from '../../core/ports.ts';
import { checkIncrement, fixedWindow } from '../db/db-counters.ts';

export const defaultCounterPrefix = 'absher:c:';

// KEYS[1] the window's counter, KEYS[2] the key's window index (a sorted set: member = window start,
// score = when that counter is gone, in Redis time, plus a second of grace).
// ARGV[1] how much to add, ARGV[2] milliseconds left in the window by the caller's clock, ARGV[3] window start.
// The expiry is relative (PEXPIRE), not PEXPIREAT: an absolute time from a clock behind Redis's
// (a test's fake clock, a skewed node) would delete the counter at once. Expiries only ever grow.
const hitScript = `
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = tonumber(ARGV[2])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
local time = redis.call('TIME')
local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', nowMs)
redis.call('ZADD', KEYS[2], 'GT', nowMs + ttl + 1000, ARGV[3])
if redis.call('PTTL', KEYS[2]) < ttl + 1000 then redis.call('PEXPIRE', KEYS[2], ttl + 1000) end
return total
`;

// KEYS[1] the key's window index; ARGV[1] the prefix of the key's counters (`<prefix><key>:`).
const resetScript = `
local windows = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, start in ipairs(windows) do redis.call('DEL', ARGV[1] .. start) end
redis.call('DEL', KEYS[1])
return #windows
`;

type Script = { source: string; sha: string };
const script = (source: string): Script => ({ source, sha: createHash('sha1').update(source).digest('hex') });
const hit = script(hitScript);
const reset = script(resetScript);

export class RedisAttemptCounters implements AttemptCounters {
  readonly #redis: Redis;
  readonly #prefix: string;

  /** Takes ownership of the client: `close()` quits it. */
  constructor(redis: Redis, prefix: string = defaultCounterPrefix) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  /** The Redis key of one window of a counter (exposed for tests and operators). */
  counterKey(key: string, windowStart: Date): string {
    return `${this.#prefix}${key}:${windowStart.getTime()}`;
  }

  async hit(key: string, windowSeconds: number, now: Date, by = 1): Promise<number> {
    checkIncrement(by);
    const window = fixedWindow(now, windowSeconds);
    const remainingMs = window.end.getTime() - now.getTime();
    const total = await this.#run(hit, [this.counterKey(key, window.start), this.#indexKey(key)], [by, remainingMs, window.start.getTime()]);
    return Number(total);
  }

  async count(key: string, windowSeconds: number, now: Date): Promise<number> {
    const window = fixedWindow(now, windowSeconds);
    const value = await this.#redis.get(this.counterKey(key, window.start));
    return value === null ? 0 : Number(value);
  }

  async reset(key: string): Promise<void> {
    await this.#run(reset, [this.#indexKey(key)], [`${this.#prefix}${key}:`]);
  }

  async close(): Promise<void> {
    if (this.#redis.status === 'end') return;
    try {
      await this.#redis.quit();
    } catch {
      this.#redis.disconnect();
    }
  }

  // Window starts are digits, so `…:windows` can never be one of the counters' own keys.
  #indexKey(key: string): string {
    return `${this.#prefix}${key}:windows`;
  }

  async #run(which: Script, keys: string[], args: Array<string | number>): Promise<unknown> {
    try {
      return await this.#redis.evalsha(which.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.#redis.eval(which.source, keys.length, ...keys, ...args);
    }
  }
}

export type RedisConnectionOptions = {
  /** Told about connection errors (ioredis keeps reconnecting in the background). */
  onError?: (error: Error) => void;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** Reconnect after a lost connection (default true); off for one-shot probes. */
  reconnect?: boolean;
};

/**
 * A connected client that fails fast rather than queueing: while Redis is unreachable a command
 * rejects at once (no offline queue, one retry), so a request never hangs on a counter.
 * Rejects when Redis does not answer a PING.
 */
export async function connectRedis(url: string, options: RedisConnectionOptions = {}): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    commandTimeout: options.commandTimeoutMs ?? 2_000,
    ...(options.reconnect === false ? { retryStrategy: () => null } : {}),
  });
  client.on('error', options.onError ?? (() => undefined));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw error;
  }
  return client;
}

/** Connects to Redis and returns counters over it (`close()` disconnects). */
export async function openRedisCounters(
  url: string,
  options: RedisConnectionOptions & { prefix?: string } = {},
): Promise<RedisAttemptCounters> {
  return new RedisAttemptCounters(await connectRedis(url, options), options.prefix ?? defaultCounterPrefix);
}
