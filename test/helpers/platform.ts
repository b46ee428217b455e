// Builds a whole platform for a test, through the real composition root, with a fake clock and a
// fresh database: a clone of a migrated in-memory PGlite by default, or a new schema on the
// PostgreSQL server when TEST_DATABASE_URL is set (so .ci/run exercises both). Background timers
// are off: a test waits for queued messages with `platform.outbox.idle()` (done by `smsTo`).
import { after } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { loadConfig } from '../../src/config/config.ts';
import { openDatabase, type DatabaseHandle } from '../../src/adapters/db/database.ts';
import { composePlatform, type Platform, type PlatformOverrides } from '../../src/main.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { dropServerSchema, openServerSchema } from './server-schema.ts';

export type TestPlatform = Platform & {
  clock: FakeClock;
  /** The SMS texts delivered to a mobile (E.164), newest first, after the outbox has run. */
  smsTo(mobile: string): Promise<Array<{ text: string; purpose: string; sentAt: string }>>;
  /** The last 6-digit code sent to a mobile. */
  lastCodeTo(mobile: string): Promise<string>;
  emailTo(address: string): Promise<Array<{ subject: string; text: string; purpose: string }>>;
  /** The answer of a visual code (development sink). */
  captchaAnswer(id: string): Promise<string>;
};

export type TestPlatformOptions = {
  /** Extra environment for loadConfig (e.g. PASSWORD_POLICY). */
  env?: Record<string, string>;
  clock?: FakeClock;
  overrides?: Omit<PlatformOverrides, 'clock' | 'database' | 'logger' | 'background'>;
};

let template: Promise<PGlite> | null = null;

async function migratedTemplate(): Promise<PGlite> {
  template ??= (async () => {
    const instance = new PGlite();
    const handle = await openDatabase({ kind: 'pglite', dataDir: null, pglite: instance });
    void handle;
    return instance;
  })();
  return template;
}

// The template holds the process open until closed: close it when the test file is done.
after(async () => {
  if (template) await (await template).close();
});

export const serverDatabaseUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
export const serverRedisUrl = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL;

export async function openTestDatabase(): Promise<DatabaseHandle & { drop(): Promise<void> }> {
  if (serverDatabaseUrl) {
    const url = serverDatabaseUrl;
    const { schema, handles } = await openServerSchema(url, 10);
    const handle = handles[0]!;
    return {
      ...handle,
      drop: async () => {
        await handle.close();
        await dropServerSchema(url, schema);
      },
    };
  }
  const clone = (await (await migratedTemplate()).clone()) as PGlite;
  const handle = await openDatabase({ kind: 'pglite', dataDir: null, pglite: clone });
  return { ...handle, drop: () => handle.close() };
}

export async function startTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const clock = options.clock ?? new FakeClock(new Date());
  const database = await openTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    REGISTRY_POPULATION: '400',
    RATE_LIMITS: 'false',
    DEV_ROUTES: 'true',
    // With REDIS_URL set the counters live in Redis, under a prefix of this platform's own.
    ...(serverRedisUrl ? { REDIS_URL: serverRedisUrl, REDIS_KEY_PREFIX: `absher:test:${crypto.randomUUID()}:` } : {}),
    ...options.env,
  });
  const platform = await composePlatform(config, { ...options.overrides, clock, database, logger: false, background: false });
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
    async close() {
      await platform.close();
      await database.drop();
    },
  };
}
