// SQL statements per request: the platform built in this process by its composition root against a
// fresh PostgreSQL database, with a Kysely query log that counts every statement each request runs
// (its transaction, and the outbox delivery it sets off). Requests go through Fastify's inject (no
// sockets), so "JS CPU" is the request's own JavaScript and driver work, without HTTP parsing.
//
//   node --import tsx bench/statements.ts [--count 200] [--concurrency 8] [--fake-hash] [--sql]
//
// --fake-hash swaps argon2 for an instant hasher (to see the rest of a registration's cost);
// --sql lists the statements with how many times each request runs them.
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config/config.ts';
import { migrate, type DatabaseHandle } from '../src/adapters/db/database.ts';
import type { Database } from '../src/adapters/db/schema.ts';
import { composePlatform } from '../src/main.ts';
import { createBenchDatabase, defaultAdminUrl } from './lib/platform.ts';
import { Identities, codeIn, referenceRegistry, smsQuery } from './lib/identities.ts';
import { round, table } from './lib/stats.ts';

const { values: options } = parseArgs({
  options: {
    count: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '8' },
    population: { type: 'string', default: '20000' },
    'fake-hash': { type: 'boolean', default: false },
    sql: { type: 'boolean', default: false },
    'admin-url': { type: 'string', default: process.env.BENCH_ADMIN_URL ?? defaultAdminUrl },
  },
});
const count = Number(options.count);
const concurrency = Number(options.concurrency);
const population = Number(options.population);

const database = await createBenchDatabase(options['admin-url']);
const statements = new Map<string, number>();
let statementCount = 0;
const pool = new pg.Pool({ connectionString: database.url, max: 20 });
pool.on('error', () => undefined); // idle connections are cut when the database is dropped
const db = new Kysely<Database>({
  dialect: new PostgresDialect({ pool }),
  log: (event) => {
    statementCount += 1;
    const key = event.query.sql.replace(/\s+/g, ' ').slice(0, 100);
    statements.set(key, (statements.get(key) ?? 0) + 1);
  },
});
const rows: Array<Array<string | number>> = [];

try {
  await migrate(db);
  const handle: DatabaseHandle = { db, kind: 'postgres', ping: async () => undefined, close: async () => undefined };
  const config = loadConfig({
    NODE_ENV: 'development',
    DATABASE_URL: database.url,
    LOG_LEVEL: 'warn',
    RATE_LIMITS: 'false',
    DEV_ROUTES: 'true',
    REGISTRY_POPULATION: String(population),
  });
  const platform = await composePlatform(config, {
    database: handle,
    logger: false,
    background: false,
    ...(options['fake-hash'] ? { hasher: { hash: async () => '$argon2id$v=19$m=19456,t=2,p=1$fake$fake', verify: async () => true } } : {}),
  });
  const identities = new Identities(referenceRegistry(config.registry.seed, population));
  const send = async (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) => {
    const response = await platform.app.inject({ method, url, headers: { 'accept-language': 'en' }, ...(payload ? { payload } : {}) });
    return { status: response.statusCode, body: response.body };
  };
  const solvedCaptcha = async () => {
    const { id } = JSON.parse((await send('POST', '/api/v1/captcha')).body) as { id: string };
    return { id, answer: (JSON.parse((await send('GET', `/dev/captcha/${id}`)).body) as { answer: string }).answer };
  };

  /** Runs `work` `total` times, `concurrency` at a time, and counts statements and CPU per call. */
  const measure = async (label: string, total: number, work: (index: number) => Promise<void>) => {
    await platform.outbox.idle();
    statements.clear();
    statementCount = 0;
    const cpu = process.cpuUsage();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) await work(next++);
      }),
    );
    await platform.outbox.idle();
    const used = process.cpuUsage(cpu);
    rows.push([label, round(statementCount / total, 1), round((used.user + used.system) / 1000 / total, 2)]);
    if (options.sql) {
      process.stdout.write(`\n${label}\n`);
      for (const [sql, times] of [...statements.entries()].sort(([, a], [, b]) => b - a)) process.stdout.write(`  ${(times / total).toFixed(2)}  ${sql}\n`);
    }
  };

  // Warm-up, and inputs for the measured steps.
  const captchas: Array<{ id: string; answer: string }> = [];
  for (let index = 0; index < count + 60; index += 1) captchas.push(await solvedCaptcha());
  const started: Array<{ registrationId: string; mobile: string; username: string; password: string }> = [];
  const register = async () => {
    const form = identities.form();
    const response = await send('POST', '/api/v1/registrations', { ...form.body, captcha: captchas.pop() });
    if (response.status !== 201) throw new Error(`registration: ${response.status} ${response.body}`);
    started.push({
      registrationId: (JSON.parse(response.body) as { registrationId: string }).registrationId,
      mobile: form.mobile,
      username: String(form.body.username),
      password: String(form.body.password),
    });
  };
  for (let index = 0; index < 50; index += 1) await register();
  started.length = 0;

  await measure('GET /healthz', count, async () => {
    await send('GET', '/healthz');
  });
  await measure('POST /api/v1/captcha', count, async () => {
    await send('POST', '/api/v1/captcha');
  });
  const fresh: string[] = [];
  for (let index = 0; index < count; index += 1) fresh.push((JSON.parse((await send('POST', '/api/v1/captcha')).body) as { id: string }).id);
  await measure('GET /dev/captcha/{id}', count, async (index) => {
    await send('GET', `/dev/captcha/${fresh[index]}`);
  });
  await measure('POST /api/v1/registrations', count, register);
  const codes: Array<{ registrationId: string; code: string; username: string; password: string; mobile: string }> = [];
  await measure('GET /dev/sms?to=', started.length, async (index) => {
    const registration = started[index]!;
    const inbox = JSON.parse((await send('GET', `/dev/sms?to=${smsQuery(registration.mobile)}`)).body) as Array<{ text: string; purpose: string }>;
    const message = inbox.find((candidate) => candidate.purpose === 'registration');
    if (message) codes.push({ ...registration, code: codeIn(message.text)! });
  });
  await measure('POST /api/v1/registrations/{id}/otp', codes.length, async (index) => {
    const { registrationId, code } = codes[index]!;
    const response = await send('POST', `/api/v1/registrations/${registrationId}/otp`, { code });
    if (response.status !== 201) throw new Error(`otp: ${response.status} ${response.body}`);
  });
  // Sign-in: the password step, then the code step, for the accounts just registered.
  const logins: Array<{ loginId: string; mobile: string }> = [];
  await measure('POST /api/v1/login', codes.length, async (index) => {
    const holder = codes[index]!;
    const response = await send('POST', '/api/v1/login', { login: holder.username, password: holder.password });
    if (response.status !== 200) throw new Error(`login: ${response.status} ${response.body}`);
    logins.push({ loginId: (JSON.parse(response.body) as { loginId: string }).loginId, mobile: holder.mobile });
  });
  const loginCodes: Array<{ loginId: string; code: string }> = [];
  for (const login of logins) {
    const inbox = JSON.parse((await send('GET', `/dev/sms?to=${smsQuery(login.mobile)}`)).body) as Array<{ text: string; purpose: string }>;
    const message = inbox.find((candidate) => candidate.purpose === 'login');
    if (message) loginCodes.push({ loginId: login.loginId, code: codeIn(message.text)! });
  }
  await measure('POST /api/v1/login/{id}/otp', loginCodes.length, async (index) => {
    const { loginId, code } = loginCodes[index]!;
    const response = await send('POST', `/api/v1/login/${loginId}/otp`, { code });
    if (response.status !== 200) throw new Error(`login otp: ${response.status} ${response.body}`);
  });
  await measure('GET /register', count, async () => {
    await send('GET', '/register');
  });
  await platform.close();
} finally {
  await db.destroy();
  await database.drop();
}

process.stdout.write(
  `\n${count} requests each, ${concurrency} at a time, in process${options['fake-hash'] ? ', argon2 replaced by an instant hasher' : ''}; outbox deliveries included\n`,
);
process.stdout.write(`${table(['request', 'SQL statements', 'JS CPU ms (all threads)'], rows)}\n`);
