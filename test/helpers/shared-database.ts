// Two application processes over one database, as in production behind a load balancer: a fresh
// schema on the PostgreSQL server opened through two separate handles (two `pg` pools, no shared
// state in memory), and a whole platform composed over each. PostgreSQL only: PGlite is one
// in-process database and cannot be opened twice.
import { loadConfig } from '../../src/config/config.ts';
import type { DatabaseHandle } from '../../src/adapters/db/database.ts';
import { composePlatform } from '../../src/main.ts';
import type { FakeClock } from '../../src/core/clock.ts';
import type { TestPlatform } from './platform.ts';
import { dropServerSchema, openServerSchema } from './server-schema.ts';

export type SharedSchema = { handles: [DatabaseHandle, DatabaseHandle]; schema: string; drop(): Promise<void> };

/** A new schema on the server, migrated once, with two independent handles on it. */
export async function openSharedSchema(url: string, poolSize = 5): Promise<SharedSchema> {
  const { schema, handles } = await openServerSchema(url, poolSize, 2);
  const [first, second] = handles as [DatabaseHandle, DatabaseHandle];
  return {
    handles: [first, second],
    schema,
    async drop() {
      await first.close();
      await second.close();
      await dropServerSchema(url, schema);
    },
  };
}

/**
 * A platform over a database handle it does not own (closing it leaves the handle open), set up
 * like `startTestPlatform`'s: the same configuration, secrets and reference registry, so two of
 * them behave as two processes of one deployment.
 */
export async function startPlatformOver(database: DatabaseHandle, clock: FakeClock, redis?: { url: string; prefix: string }): Promise<TestPlatform> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    REGISTRY_POPULATION: '400',
    RATE_LIMITS: 'false',
    DEV_ROUTES: 'true',
    // Both processes of one deployment share one Redis (and one key prefix) when it is given.
    ...(redis ? { REDIS_URL: redis.url, REDIS_KEY_PREFIX: redis.prefix } : {}),
  });
  const platform = await composePlatform(config, { clock, database, logger: false, background: false });
  const smsTo = async (mobile: string) => {
    await platform.outbox.idle();
    await platform.outbox.drain();
    return platform.referenceSms.inbox(mobile);
  };
  return {
    ...platform,
    clock,
    smsTo,
    async lastCodeTo(mobile) {
      const [latest] = await smsTo(mobile);
      const code = latest?.text.match(/\b\d{6}\b/)?.[0];
      if (!code) throw new Error(`no code was sent to ${mobile}`);
      return code;
    },
    async emailTo(address) {
      await platform.outbox.idle();
      await platform.outbox.drain();
      return platform.referenceEmail.inbox(address);
    },
    async captchaAnswer(id) {
      const response = await platform.app.inject({ method: 'GET', url: `/dev/captcha/${id}` });
      return (response.json() as { answer: string }).answer;
    },
  };
}
