// Runs the AttemptCounters contract on the database adapter (PGlite, or a fresh schema on TEST_DATABASE_URL
// with a second pool as a second process) and on Redis (TEST_REDIS_URL, REDIS_URL or local, under a prefix
// unique to this run, removed after). The Redis run is skipped, saying why, only when Redis answers no PING.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { Redis } from 'ioredis';
import { openTestDatabase, serverDatabaseUrl } from '../helpers/platform.ts';
import type { DatabaseHandle } from '../../src/adapters/db/database.ts';
import { openServerSchemaHandle } from '../helpers/server-schema.ts';
import { DbAttemptCounters } from '../../src/adapters/db/db-counters.ts';
import { connectRedis, RedisAttemptCounters } from '../../src/adapters/redis/redis-counters.ts';
import { describeAttemptCountersContract } from './attempt-counters.contract.ts';

/** A second handle (its own pool) on the same PostgreSQL schema as `first`, as another process would have. */
async function openSecondHandle(first: DatabaseHandle): Promise<DatabaseHandle> {
  if (first.kind !== 'postgres' || !serverDatabaseUrl) throw new Error('a second handle needs the PostgreSQL server');
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(first.db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('the first handle has no current schema');
  return openServerSchemaHandle(serverDatabaseUrl, schema, 5);
}

describe('DbAttemptCounters', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;

  before(async () => {
    database = await openTestDatabase();
  });
  after(() => database.drop());

  // On PGlite (one process by nature) a new instance shares the handle; on PostgreSQL it gets a pool of its own.
  describeAttemptCountersContract(`DbAttemptCounters (${serverDatabaseUrl ? 'PostgreSQL' : 'PGlite'})`, async () => {
    if (database.kind === 'pglite') return { counters: new DbAttemptCounters(database.db), close: async () => undefined };
    const second = await openSecondHandle(database);
    return { counters: new DbAttemptCounters(second.db), close: () => second.close() };
  });

  it('when housekeeping runs, then only windows that have ended are deleted', async () => {
    const counters = new DbAttemptCounters(database.db);
    const key = `housekeeping:${crypto.randomUUID()}`;
    const start = Date.parse('2026-03-01T12:00:00Z');
    await counters.hit(key, 60, new Date(start), 2);
    await counters.hit(key, 60, new Date(start + 60_000), 5);
    const windowsLeft = async () =>
      (await database.db.selectFrom('attempt_counters').select('window_start').where('key', '=', key).orderBy('window_start').execute()).map((row) =>
        row.window_start.toISOString(),
      );
    await counters.deleteExpired(new Date(start + 59_999));
    assert.deepEqual(await windowsLeft(), ['2026-03-01T12:00:00.000Z', '2026-03-01T12:01:00.000Z'], 'a window is kept until its last millisecond');
    assert.ok((await counters.deleteExpired(new Date(start + 60_000))) >= 1);
    assert.deepEqual(await windowsLeft(), ['2026-03-01T12:01:00.000Z']);
    assert.equal(await counters.count(key, 60, new Date(start + 90_000)), 5, 'the current window is untouched');
  });
});

const redisUrl = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Null when Redis answers a PING, otherwise why not. */
async function redisAnswers(): Promise<string | null> {
  let cause: Error | null = null;
  try {
    const probe = await connectRedis(redisUrl, { reconnect: false, connectTimeoutMs: 1_000, onError: (error) => (cause = error) });
    probe.disconnect();
    return null;
  } catch (error) {
    return (cause ?? (error instanceof Error ? error : new Error(String(error)))).message;
  }
}

const redisProblem = await redisAnswers();

describe('RedisAttemptCounters', { skip: redisProblem ? `Redis at ${redisUrl} did not answer a PING (${redisProblem})` : false }, () => {
  const prefix = `absher:test:${crypto.randomUUID()}:c:`;
  let admin: Redis;

  before(async () => {
    admin = await connectRedis(redisUrl);
  });
  after(async () => {
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await admin.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await admin.quit();
  });

  describeAttemptCountersContract('RedisAttemptCounters', async () => {
    const counters = new RedisAttemptCounters(await connectRedis(redisUrl), prefix);
    return { counters, close: () => counters.close() };
  });

  it('when a key is hit, then its window is stored as <prefix><key>:<window start> and expires when the window ends', async () => {
    const counters = new RedisAttemptCounters(await connectRedis(redisUrl), prefix);
    try {
      const key = `expiry:${crypto.randomUUID()}`;
      const windowStart = new Date('2026-01-15T09:00:00Z');
      const now = new Date(windowStart.getTime() + 45_000);
      await counters.hit(key, 60, now);
      const counterKey = counters.counterKey(key, windowStart);
      assert.equal(counterKey, `${prefix}${key}:${windowStart.getTime()}`);
      assert.equal(await admin.get(counterKey), '1');
      const ttl = await admin.pttl(counterKey);
      assert.ok(ttl > 14_000 && ttl <= 15_000, `15 s were left in the window by the caller's clock, Redis says ${ttl} ms`);
    } finally {
      await counters.close();
    }
  });

  it('when a key is reset, then neither its windows nor its window index are left in Redis', async () => {
    const counters = new RedisAttemptCounters(await connectRedis(redisUrl), prefix);
    try {
      const key = `cleanup:${crypto.randomUUID()}`;
      await counters.hit(key, 60, new Date('2026-01-15T09:00:00Z'));
      await counters.hit(key, 60, new Date('2026-01-15T09:01:00Z'));
      const keysOf = async () => (await admin.keys(`${prefix}${key}:*`)).sort();
      assert.equal((await keysOf()).length, 3, 'two windows and the index');
      await counters.reset(key);
      assert.deepEqual(await keysOf(), []);
    } finally {
      await counters.close();
    }
  });

  it('when the default prefix is used, then keys start with absher:c:', () => {
    const counters = new RedisAttemptCounters(new Redis({ lazyConnect: true }));
    assert.equal(counters.counterKey('login:ip:::1', new Date(60_000)), 'absher:c:login:ip:::1:60000');
  });
});
