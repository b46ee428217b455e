// Full sign-ins per second (password, then the SMS code) over HTTP against a PostgreSQL server with
// the counters in Redis, and the argon2id verify floor measured in the same run.
//
//   node --import tsx bench/sign-in.ts [--workers 2] [--concurrency 8,16,32,64,128] [--step-seconds 20]
//        [--open-seconds 30] [--open-rate N] [--verify-seconds 10] [--accounts 6000]
//        [--redis-url redis://127.0.0.1:6379 | --no-redis] [--admin-url postgres://…/test]
//        [--cpu-prof DIR] [--out FILE]
//
// A fresh database `bench_<pid>_<time>` is created; the platform starts as a child process
// (`src/main.ts`, WORKERS=n, RATE_LIMITS=false, LOG_LEVEL=warn, REDIS_URL with a key prefix of its
// own); `--accounts` active accounts are written through the platform's own account repository,
// all with one argon2id hash of the same password (hashing is registration's cost, not sign-in's).
// Each sign-in:
//   POST /api/v1/login {login, password} → 200 otp_sent
//   → GET /dev/sms?to=… (polled until a new sign-in code is there; only its HMAC is in the database)
//   → POST /api/v1/login/{id}/otp {code} → 200 with a session token
// Accounts are used in turn, each at most --uses-per-account times (a mobile gets at most 10 codes
// an hour). Phases:
// 0. argon2id verifies per second with the platform's hasher, as many in flight as there are cores,
//    for --verify-seconds, in this process while the server idles: the floor a sign-in cannot beat;
// 1. closed loop: N users back to back, N rising through --concurrency, until throughput stops rising;
// 2. open loop at half the best rate (Poisson arrivals), latency from each scheduled start.
// It prints sign-ins/s at saturation, p50/p99 at half rate, the verify rate, and their ratio (the
// goal is at least 75%), with CPU, SQL commits and WAL flushes per sign-in. The database is dropped
// and the run's Redis keys deleted at the end.
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { Redis } from 'ioredis';
import { Argon2PasswordHasher } from '../src/adapters/passwords/argon2-hasher.ts';
import { openDatabase } from '../src/adapters/db/database.ts';
import { createStore } from '../src/adapters/db/store.ts';
import { codeIn, smsQuery } from './lib/identities.ts';
import { HttpClient, type HttpResponse } from './lib/http-client.ts';
import { Counter, Samples, round, table } from './lib/stats.ts';
import { CpuMeter, formatCpu, waitForQuietMachine, type CpuSplit } from './lib/cpu.ts';
import {
  createBenchDatabase,
  defaultAdminUrl,
  readDatabaseCounters,
  startServer,
  subtractCounters,
  waitForQuiet,
  type DatabaseCounters,
} from './lib/platform.ts';
import { closedLoop, openLoop } from './lib/load-loops.ts';

const { values: options } = parseArgs({
  options: {
    workers: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '8,16,32,64,128' },
    'step-seconds': { type: 'string', default: '20' },
    'warmup-seconds': { type: 'string', default: '5' },
    'open-seconds': { type: 'string', default: '30' },
    'open-rate': { type: 'string' },
    'verify-seconds': { type: 'string', default: '10' },
    accounts: { type: 'string', default: '6000' },
    'uses-per-account': { type: 'string', default: '8' },
    population: { type: 'string', default: '2000' },
    'redis-url': { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
    'no-redis': { type: 'boolean', default: false },
    'admin-url': { type: 'string', default: process.env.BENCH_ADMIN_URL ?? defaultAdminUrl },
    'pool-size': { type: 'string' },
    'cpu-prof': { type: 'string' },
    'no-wait-quiet': { type: 'boolean', default: false },
    'max-wait-quiet': { type: 'string', default: '300' },
    'stats-settle-seconds': { type: 'string', default: '11' },
    out: { type: 'string' },
  },
});

const workers = Number(options.workers);
const concurrencyLevels = options.concurrency.split(',').map(Number);
const stepSeconds = Number(options['step-seconds']);
const warmupSeconds = Number(options['warmup-seconds']);
const openSeconds = Number(options['open-seconds']);
const verifySeconds = Number(options['verify-seconds']);
const accountCount = Number(options.accounts);
const usesPerAccount = Number(options['uses-per-account']);
const adminUrl = options['admin-url'];
const redisUrl = options['no-redis'] ? undefined : options['redis-url'];
const settleMs = Number(options['stats-settle-seconds']) * 1000;
const password = 'Wq7nTr5p';

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

// ---------------------------------------------------------------------------------------------
// Accounts

type BenchAccount = { username: string; mobile: string; uses: number; codesSeen: number };

class Accounts {
  readonly #all: BenchAccount[];
  #next = 0;

  constructor(all: BenchAccount[]) {
    this.#all = all;
  }

  /** The next account in turn that still has sign-ins left this hour. */
  take(): BenchAccount {
    for (let tried = 0; tried < this.#all.length; tried += 1) {
      const account = this.#all[this.#next]!;
      this.#next = (this.#next + 1) % this.#all.length;
      if (account.uses < usesPerAccount) {
        account.uses += 1;
        return account;
      }
    }
    throw new Error(`every account was used ${usesPerAccount} times: raise --accounts`);
  }

  get used(): number {
    return this.#all.reduce((sum, account) => sum + account.uses, 0);
  }
}

async function seedAccounts(databaseUrl: string, count: number): Promise<BenchAccount[]> {
  const hash = await new Argon2PasswordHasher().hash(password);
  const database = await openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 8 });
  const store = createStore(database.db);
  const tag = Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 4).padEnd(4, 'x');
  const accounts: BenchAccount[] = [];
  try {
    const now = new Date();
    for (let start = 0; start < count; start += 64) {
      const batch = Array.from({ length: Math.min(64, count - start) }, (_, offset) => start + offset);
      await Promise.all(
        batch.map(async (index) => {
          const username = `s${tag}u${String(index).padStart(6, '0')}`;
          const mobile = `+9665${String(80_000_000 + index).padStart(8, '0')}`;
          await store.accounts.insert(
            {
              id: crypto.randomUUID(),
              idNumber: `2${String(900_000_000 + index).padStart(9, '0')}`,
              idKind: 'iqama',
              username,
              mobile,
              email: `${username}@example.sa`,
              passwordHash: hash,
              preferredLanguage: 'ar',
              status: 'active',
              termsVersion: '2024-01',
            },
            now,
          );
          accounts.push({ username, mobile, uses: 0, codesSeen: 0 });
        }),
      );
    }
  } finally {
    await database.close();
  }
  return accounts;
}

// ---------------------------------------------------------------------------------------------
// One sign-in

class JourneyError extends Error {
  readonly label: string;
  constructor(step: string, response: HttpResponse | null, detail = '') {
    let code = detail;
    if (response) {
      try {
        code = (JSON.parse(response.body) as { error?: { code?: string } }).error?.code ?? detail;
      } catch {
        code = detail || response.body.slice(0, 60);
      }
    }
    const label = `${step} ${response ? response.status : 'failed'}${code ? ` ${code}` : ''}`;
    super(label);
    this.label = label;
  }
}

type Timing = { password: number; smsWait: number; smsPolls: number; code: number };

async function signIn(client: HttpClient, accounts: Accounts): Promise<Timing> {
  const account = accounts.take();
  const started = await client.request('POST', '/api/v1/login', { login: account.username, password }, { 'accept-language': 'en' });
  if (started.status !== 200) throw new JourneyError('password', started);
  const { loginId } = JSON.parse(started.body) as { loginId: string };

  // The outbox delivers right after the commit: poll at once, then every 1–4 ms, for a new code.
  const smsStarted = performance.now();
  const to = smsQuery(`0${account.mobile.slice(4)}`);
  let code: string | undefined;
  let polls = 0;
  while (code === undefined) {
    polls += 1;
    const inbox = await client.request('GET', `/dev/sms?to=${to}`);
    if (inbox.status !== 200) throw new JourneyError('sms', inbox);
    const messages = (JSON.parse(inbox.body) as Array<{ text: string; purpose: string }>).filter((message) => message.purpose === 'login');
    if (messages.length > account.codesSeen) {
      account.codesSeen = messages.length;
      code = codeIn(messages[0]!.text);
    } else {
      if (performance.now() - smsStarted > 30_000) throw new JourneyError('sms', null, 'no code within 30 s');
      await new Promise((resolve) => setTimeout(resolve, Math.min(4, polls)));
    }
  }
  const smsWait = performance.now() - smsStarted;

  const verified = await client.request('POST', `/api/v1/login/${loginId}/otp`, { code }, { 'accept-language': 'en' });
  if (verified.status !== 200) throw new JourneyError('code', verified);
  if (typeof (JSON.parse(verified.body) as { token?: unknown }).token !== 'string') throw new JourneyError('code', verified, 'no token');
  return { password: started.ms, smsWait, smsPolls: polls, code: verified.ms };
}

// ---------------------------------------------------------------------------------------------
// Phases

class Recorder {
  readonly journeyMs = new Samples();
  readonly passwordMs = new Samples();
  readonly codeMs = new Samples();
  readonly smsWaitMs = new Samples();
  readonly errors = new Counter();
  completed = 0;
  late = 0;
  polls = 0;

  record(total: number, timing: Timing): void {
    this.completed += 1;
    this.journeyMs.add(total);
    this.passwordMs.add(timing.password);
    this.codeMs.add(timing.code);
    this.smsWaitMs.add(timing.smsWait);
    this.polls += timing.smsPolls;
  }

  fail(error: unknown): void {
    this.errors.add(error instanceof JourneyError ? error.label : `exception ${error instanceof Error ? error.message : String(error)}`);
  }
}

type PhaseResult = {
  phase: string;
  concurrency?: number;
  targetRate?: number;
  seconds: number;
  completed: number;
  perSecond: number;
  errorCount: number;
  errors: Record<string, number>;
  journeyMs: ReturnType<Samples['summary']>;
  passwordMs: ReturnType<Samples['summary']>;
  codeMs: ReturnType<Samples['summary']>;
  smsWaitMs: ReturnType<Samples['summary']>;
  smsPollsPerSignIn: number;
  cpu: CpuSplit;
  cpuMsPerSignIn: { server: number; serverMain: number; serverThreadPool: number; postgres: number; loadGenerator: number };
  database: DatabaseCounters & { commitsPerSignIn: number; walSyncsPerSignIn: number };
};

type Context = { client: HttpClient; accounts: Accounts; meter: CpuMeter; databaseName: string; counters?: DatabaseCounters };

async function measured(context: Context, phase: Pick<PhaseResult, 'phase' | 'concurrency' | 'targetRate'>, run: (recorder: Recorder) => Promise<number>): Promise<PhaseResult> {
  const recorder = new Recorder();
  if (!context.counters) {
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    context.counters = await readDatabaseCounters(adminUrl, context.databaseName);
  }
  const before = context.counters;
  context.meter.start();
  const seconds = await run(recorder);
  const cpu = context.meter.stop();
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  context.counters = await readDatabaseCounters(adminUrl, context.databaseName);
  const counters = subtractCounters(context.counters, before);
  const done = Math.max(1, recorder.completed + recorder.late);
  const per = (cores: number) => round((cores * cpu.seconds * 1000) / done, 1);
  return {
    ...phase,
    seconds: round(seconds),
    completed: recorder.completed,
    perSecond: round(recorder.completed / seconds),
    errorCount: recorder.errors.total(),
    errors: recorder.errors.toJSON(),
    journeyMs: recorder.journeyMs.summary(),
    passwordMs: recorder.passwordMs.summary(),
    codeMs: recorder.codeMs.summary(),
    smsWaitMs: recorder.smsWaitMs.summary(),
    smsPollsPerSignIn: round(recorder.polls / Math.max(1, recorder.completed), 2),
    cpu,
    cpuMsPerSignIn: {
      server: per(cpu.server),
      serverMain: per(cpu.serverThreads.main),
      serverThreadPool: per(cpu.serverThreads.threadpool),
      postgres: per(cpu.postgresBench),
      loadGenerator: per(cpu.loadGenerator),
    },
    database: { ...counters, commitsPerSignIn: round(counters.commits / done, 1), walSyncsPerSignIn: round(counters.walSyncs / done, 2) },
  };
}

function describe(result: PhaseResult): string {
  const head = result.concurrency !== undefined ? `closed loop, ${result.concurrency} users` : `open loop, ${result.targetRate}/s offered`;
  const errors = result.errorCount === 0 ? 'no errors' : `${result.errorCount} errors ${JSON.stringify(result.errors)}`;
  const c = result.cpuMsPerSignIn;
  const ceiling = round((availableParallelism() * 1000) / Math.max(0.001, c.server + c.postgres + c.loadGenerator), 0);
  return [
    `  ${head}: ${result.perSecond} sign-ins/s (${result.completed} in ${result.seconds} s), ${errors}`,
    `    sign-in p50 ${result.journeyMs.p50} ms p99 ${result.journeyMs.p99} ms · POST login p50 ${result.passwordMs.p50} p99 ${result.passwordMs.p99} · POST otp p50 ${result.codeMs.p50} p99 ${result.codeMs.p99} · SMS wait p50 ${result.smsWaitMs.p50} p99 ${result.smsWaitMs.p99} (${result.smsPollsPerSignIn} polls)`,
    `    ${formatCpu(result.cpu)}`,
    `    CPU per sign-in: server ${c.server} ms (JS main ${c.serverMain}, thread pool ${c.serverThreadPool}), postgres ${c.postgres} ms, load generator ${c.loadGenerator} ms → CPU-bound ceiling ${ceiling}/s on ${availableParallelism()} dedicated cores`,
    `    PostgreSQL: ${result.database.commitsPerSignIn} commits and ${result.database.walSyncsPerSignIn} WAL syncs (whole server) per sign-in`,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// The argon2id floor, in this process, while the server idles

async function measureVerifies(seconds: number): Promise<{ perSecond: number; inFlight: number; cpuMsEach: number }> {
  const hasher = new Argon2PasswordHasher();
  const stored = await hasher.hash(password);
  for (let index = 0; index < 3; index += 1) await hasher.verify(stored, password);
  const inFlight = availableParallelism();
  const meter = new CpuMeter({ serverPid: () => undefined, databaseName: '-' });
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  meter.start();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < deadline) {
        if (!(await hasher.verify(stored, password))) throw new Error('verify failed');
        done += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = meter.stop();
  return { perSecond: round(done / elapsed), inFlight, cpuMsEach: round((cpu.loadGenerator * elapsed * 1000) / Math.max(1, done), 1) };
}

async function deleteRedisKeys(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

// ---------------------------------------------------------------------------------------------

log(`sign-in benchmark — ${new Date().toISOString()}, ${availableParallelism()} cores, Node ${process.version}`);
log(`the load generator runs on the same cores as the server and PostgreSQL; counters in ${redisUrl ? `Redis (${redisUrl})` : 'the database'}`);
if (!options['no-wait-quiet']) {
  const quiet = await waitForQuietMachine({ maxWaitSeconds: Number(options['max-wait-quiet']) });
  if (!quiet.quiet) log(`  warning: the machine is busy with other work (${quiet.lastBusy.toFixed(2)} cores); results will be lower`);
}

const database = await createBenchDatabase(adminUrl);
const redisPrefix = `absher:bench:${process.pid}:${Date.now().toString(36)}:`;
let server: Awaited<ReturnType<typeof startServer>> | undefined;
let summary: Record<string, unknown> = {};
try {
  server = await startServer({
    databaseUrl: database.url,
    workers,
    population: Number(options.population),
    env: {
      ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: redisPrefix } : {}),
      ...(options['pool-size'] ? { DATABASE_POOL_SIZE: options['pool-size'] } : {}),
    },
    ...(options['cpu-prof'] ? { cpuProfileDir: options['cpu-prof'] } : {}),
  });
  const serverPid = server.pid;
  await waitForQuiet(serverPid);
  const seeded = await seedAccounts(database.url, accountCount);
  log(`\n${workers} worker(s) (${server.entry}), database ${database.name}, ${seeded.length} active accounts`);

  const verifies = await measureVerifies(verifySeconds);
  log(`  argon2id verifies (platform settings, ${verifies.inFlight} in flight, server idle): ${verifies.perSecond}/s, ${verifies.cpuMsEach} ms CPU each`);

  const context: Context = {
    client: new HttpClient(server.url, Math.max(...concurrencyLevels) * 2 + 64),
    accounts: new Accounts(seeded),
    meter: new CpuMeter({ serverPid: () => serverPid, databaseName: database.name }),
    databaseName: database.name,
  };
  if (warmupSeconds > 0) {
    const warm = await measured(context, { phase: 'warmup', concurrency: 4 }, closedLoop(() => signIn(context.client, context.accounts), 4, warmupSeconds));
    log(`  warm-up: ${warm.perSecond}/s, ${warm.errorCount} errors`);
  }
  const closed: PhaseResult[] = [];
  let best: PhaseResult | undefined;
  let flat = 0;
  for (const users of concurrencyLevels) {
    const result = await measured(context, { phase: 'closed', concurrency: users }, closedLoop(() => signIn(context.client, context.accounts), users, stepSeconds));
    closed.push(result);
    log(describe(result));
    if (!best || result.perSecond > best.perSecond * 1.05) {
      if (!best || result.perSecond > best.perSecond) best = result;
      flat = 0;
    } else {
      if (result.perSecond > best.perSecond) best = result;
      flat += 1;
      if (flat >= 2) break;
    }
  }
  const saturation = best!;
  const rate = options['open-rate'] ? Number(options['open-rate']) : round(saturation.perSecond / 2);
  const open = await measured(context, { phase: 'open', targetRate: rate }, openLoop(() => signIn(context.client, context.accounts), rate, openSeconds));
  log(describe(open));
  context.client.close();
  log(`  ${context.accounts.used} sign-ins started in this run`);

  const ratio = round((saturation.perSecond / verifies.perSecond) * 100, 0);
  log('\nsummary');
  log(
    table(
      ['workers', 'sign-ins/s (saturation)', 'at users', 'argon2id verifies/s', 'ratio', 'half rate /s', 'p50 ms', 'p99 ms', 'errors'],
      [
        [
          workers,
          saturation.perSecond,
          saturation.concurrency ?? '',
          verifies.perSecond,
          `${ratio}% (goal ≥ 75%)`,
          open.perSecond,
          open.journeyMs.p50,
          open.journeyMs.p99,
          [...closed, open].reduce((sum, phase) => sum + phase.errorCount, 0),
        ],
      ],
    ),
  );
  summary = { workers, entry: server.entry, verifies, closed, open, saturation: saturation.perSecond, ratioPercent: ratio };
} finally {
  await server?.stop();
  await database.drop();
  if (redisUrl) await deleteRedisKeys(redisUrl, redisPrefix).catch(() => 0);
}
if (options.out) {
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify({ date: new Date().toISOString(), cores: availableParallelism(), node: process.version, redis: Boolean(redisUrl), ...summary }, null, 2)}\n`);
  log(`results written to ${options.out}`);
}
