// Completed registrations per second (form + SMS code) over HTTP against a PostgreSQL server.
//
//   node --import tsx bench/registration.ts [--workers 1,2] [--concurrency 4,8,16,32,64]
//        [--step-seconds 20] [--open-seconds 30] [--open-rate N] [--population 60000]
//        [--admin-url postgres://postgres@127.0.0.1:5432/test] [--cpu-prof DIR] [--out FILE]
//
// For each worker count: a fresh database `bench_<pid>_<time>` is created, the platform starts as a
// child process (`node --import tsx src/main.ts`, RATE_LIMITS=false, LOG_LEVEL=warn, WORKERS=n),
// and virtual users each run the whole journey with keep-alive connections:
//   POST /api/v1/captcha → GET /dev/captcha/{id} → POST /api/v1/registrations
//   → GET /dev/sms?to=… (polled until the code arrives) → POST /api/v1/registrations/{id}/otp
// 1. closed loop: N users back to back, N rising through --concurrency, each step --step-seconds,
//    until throughput stops rising (a step under +5% of the best so far, twice, or the list ends);
// 2. open loop: journeys started at half the best rate (Poisson arrivals) for --open-seconds;
//    latency is measured from each journey's scheduled start, so queueing counts.
// Every non-2xx answer (and any journey that cannot finish) is an error, reported by step and code.
// The database is dropped at the end. People come from the same generated registry as the server's
// (same seed, size and date); mobiles are unique and held by no registry person.
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { Identities, codeIn, referenceRegistry, smsQuery } from './lib/identities.ts';
import { HttpClient, type HttpResponse } from './lib/http-client.ts';
import { Counter, Samples, round, table } from './lib/stats.ts';
import { CpuMeter, formatCpu, waitForQuietMachine, type CpuSplit } from './lib/cpu.ts';
import {
  createBenchDatabase,
  defaultAdminUrl,
  readDatabaseCounters,
  startServer,
  sampleActivity,
  subtractCounters,
  waitForQuiet,
  type ActivitySummary,
  type DatabaseCounters,
} from './lib/platform.ts';
import { closedLoop, openLoop } from './lib/load-loops.ts';

const { values: options } = parseArgs({
  options: {
    workers: { type: 'string', default: '1,2' },
    concurrency: { type: 'string', default: '4,8,16,32,64' },
    'step-seconds': { type: 'string', default: '20' },
    'warmup-seconds': { type: 'string', default: '5' },
    'open-seconds': { type: 'string', default: '30' },
    'open-rate': { type: 'string' },
    population: { type: 'string', default: '60000' },
    seed: { type: 'string', default: '20240101' },
    'pool-size': { type: 'string' },
    'outbox-poll-ms': { type: 'string' },
    'admin-url': { type: 'string', default: process.env.BENCH_ADMIN_URL ?? defaultAdminUrl },
    'cpu-prof': { type: 'string' },
    'no-wait-quiet': { type: 'boolean', default: false },
    'max-wait-quiet': { type: 'string', default: '300' },
    'stats-settle-seconds': { type: 'string', default: '11' },
    out: { type: 'string' },
  },
});

const workerCounts = options.workers.split(',').map(Number);
const concurrencyLevels = options.concurrency.split(',').map(Number);
const stepSeconds = Number(options['step-seconds']);
const warmupSeconds = Number(options['warmup-seconds']);
const openSeconds = Number(options['open-seconds']);
const population = Number(options.population);
const seed = Number(options.seed);
const adminUrl = options['admin-url'];

// ---------------------------------------------------------------------------------------------
// Test data: eligible people, unique mobiles and usernames

const registry = referenceRegistry(seed, population);
const eligible = registry.eligible;

// ---------------------------------------------------------------------------------------------
// One journey

class JourneyError extends Error {
  readonly label: string;
  constructor(step: string, response: HttpResponse | null, detail = '') {
    let code = detail;
    if (response) {
      try {
        const parsed = JSON.parse(response.body) as { error?: { code?: string; fields?: Record<string, Array<{ code: string }>> } };
        const fields = parsed.error?.fields ? Object.values(parsed.error.fields).flat().map((field) => field.code).join('+') : '';
        code = [parsed.error?.code, fields].filter(Boolean).join(' ') || detail;
      } catch {
        code = detail || response.body.slice(0, 60);
      }
    }
    const label = `${step} ${response ? response.status : 'failed'}${code ? ` ${code}` : ''}`;
    super(label);
    this.label = label;
  }
}

type JourneyTiming = { captcha: number; devCaptcha: number; register: number; smsWait: number; smsPolls: number; otp: number };

async function journey(client: HttpClient, identities: Identities): Promise<JourneyTiming> {
  const captcha = await client.request('POST', '/api/v1/captcha');
  if (captcha.status !== 201) throw new JourneyError('captcha', captcha);
  const { id } = JSON.parse(captcha.body) as { id: string };
  const answer = await client.request('GET', `/dev/captcha/${id}`);
  if (answer.status !== 200) throw new JourneyError('dev-captcha', answer);

  const form = identities.form();
  const mobile = form.mobile;
  const register = await client.request(
    'POST',
    '/api/v1/registrations',
    { ...form.body, captcha: { id, answer: (JSON.parse(answer.body) as { answer: string }).answer } },
    { 'accept-language': 'en' },
  );
  if (register.status !== 201) throw new JourneyError('register', register);
  const { registrationId } = JSON.parse(register.body) as { registrationId: string };

  // The outbox delivers right after the commit: poll at once, then every 1–4 ms.
  const smsStarted = performance.now();
  const to = smsQuery(mobile);
  let code: string | undefined;
  let polls = 0;
  while (code === undefined) {
    polls += 1;
    const inbox = await client.request('GET', `/dev/sms?to=${to}`);
    if (inbox.status !== 200) throw new JourneyError('sms', inbox);
    const messages = JSON.parse(inbox.body) as Array<{ text: string; purpose: string }>;
    const message = messages.find((candidate) => candidate.purpose === 'registration');
    code = message ? codeIn(message.text) : undefined;
    if (code === undefined) {
      if (performance.now() - smsStarted > 30_000) throw new JourneyError('sms', null, 'no code within 30 s');
      await new Promise((resolve) => setTimeout(resolve, Math.min(4, polls)));
    }
  }
  const smsWait = performance.now() - smsStarted;

  const otp = await client.request('POST', `/api/v1/registrations/${registrationId}/otp`, { code }, { 'accept-language': 'en' });
  if (otp.status !== 201) throw new JourneyError('otp', otp);
  const state = (JSON.parse(otp.body) as { state?: string }).state;
  if (state !== 'completed') throw new JourneyError('otp', otp, `state ${state}`);
  return { captcha: captcha.ms, devCaptcha: answer.ms, register: register.ms, smsWait, smsPolls: polls, otp: otp.ms };
}

// ---------------------------------------------------------------------------------------------
// Phases

type PhaseResult = {
  phase: string;
  concurrency?: number;
  targetRate?: number;
  seconds: number;
  completed: number;
  completedLate: number;
  perSecond: number;
  errors: Record<string, number>;
  errorCount: number;
  journeyMs: ReturnType<Samples['summary']>;
  registerMs: ReturnType<Samples['summary']>;
  otpMs: ReturnType<Samples['summary']>;
  captchaMs: ReturnType<Samples['summary']>;
  smsWaitMs: ReturnType<Samples['summary']>;
  smsPollsPerJourney: number;
  cpu: CpuSplit;
  cpuMsPerRegistration?: ReturnType<typeof cpuPerRegistration>;
  /** Average backends of the benchmark database by state during the phase. */
  postgresActivity: ActivitySummary;
  database: DatabaseCounters & { commitsPerRegistration: number; walSyncsPerRegistration: number };
};

class PhaseRecorder {
  readonly journeyMs = new Samples();
  readonly registerMs = new Samples();
  readonly otpMs = new Samples();
  readonly captchaMs = new Samples();
  readonly smsWaitMs = new Samples();
  readonly errors = new Counter();
  polls = 0;
  completed = 0;
  /** Journeys that ended after the window closed: not counted, but their CPU was measured. */
  late = 0;

  record(total: number, timing: JourneyTiming): void {
    this.completed += 1;
    this.journeyMs.add(total);
    this.registerMs.add(timing.register);
    this.otpMs.add(timing.otp);
    this.captchaMs.add(timing.captcha);
    this.smsWaitMs.add(timing.smsWait);
    this.polls += timing.smsPolls;
  }

  fail(error: unknown): void {
    this.errors.add(error instanceof JourneyError ? error.label : `exception ${error instanceof Error ? error.message : String(error)}`);
  }
}

const settleMs = Number(options['stats-settle-seconds']) * 1000;

type Context = { client: HttpClient; identities: Identities; meter: CpuMeter; databaseName: string; counters?: DatabaseCounters };

async function measured(
  context: Context,
  phase: Pick<PhaseResult, 'phase' | 'concurrency' | 'targetRate'>,
  run: (recorder: PhaseRecorder) => Promise<number>,
): Promise<PhaseResult> {
  const recorder = new PhaseRecorder();
  // Backends publish their statistics at most every second, and an idle one only after 10 s: the
  // counters are read after a pause; the previous phase's closing read serves as this one's start.
  if (!context.counters) {
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    context.counters = await readDatabaseCounters(adminUrl, context.databaseName);
  }
  const countersBefore = context.counters;
  const activity = sampleActivity(adminUrl, context.databaseName);
  context.meter.start();
  const seconds = await run(recorder);
  const cpu = context.meter.stop();
  const postgresActivity = await activity.stop();
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  context.counters = await readDatabaseCounters(adminUrl, context.databaseName);
  const counters = subtractCounters(context.counters, countersBefore);
  const registrations = Math.max(1, recorder.completed);
  const result: PhaseResult = {
    ...phase,
    seconds: round(seconds),
    completed: recorder.completed,
    completedLate: recorder.late,
    perSecond: round(recorder.completed / seconds),
    errors: recorder.errors.toJSON(),
    errorCount: recorder.errors.total(),
    journeyMs: recorder.journeyMs.summary(),
    registerMs: recorder.registerMs.summary(),
    otpMs: recorder.otpMs.summary(),
    captchaMs: recorder.captchaMs.summary(),
    smsWaitMs: recorder.smsWaitMs.summary(),
    smsPollsPerJourney: round(recorder.polls / registrations, 2),
    cpu,
    postgresActivity,
    database: {
      ...counters,
      commitsPerRegistration: round(counters.commits / registrations, 1),
      walSyncsPerRegistration: round(counters.walSyncs / registrations, 2),
    },
  };
  result.cpuMsPerRegistration = cpuPerRegistration(result);
  return result;
}

// ---------------------------------------------------------------------------------------------

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function describe(result: PhaseResult): string {
  const head = result.concurrency !== undefined ? `closed loop, ${result.concurrency} users` : `open loop, ${result.targetRate}/s offered`;
  const errors = result.errorCount === 0 ? 'no errors' : `${result.errorCount} errors ${JSON.stringify(result.errors)}`;
  return [
    `  ${head}: ${result.perSecond} registrations/s (${result.completed} in ${result.seconds} s), ${errors}`,
    `    journey p50 ${result.journeyMs.p50} ms p99 ${result.journeyMs.p99} ms · POST registrations p50 ${result.registerMs.p50} p99 ${result.registerMs.p99} · POST otp p50 ${result.otpMs.p50} p99 ${result.otpMs.p99} · SMS wait p50 ${result.smsWaitMs.p50} p99 ${result.smsWaitMs.p99} (${result.smsPollsPerJourney} polls)`,
    `    ${formatCpu(result.cpu)}`,
    `    CPU per registration: ${perRegistration(result)}`,
    `    PostgreSQL: ${result.database.commitsPerRegistration} commits and ${result.database.walSyncsPerRegistration} WAL syncs (whole server) per registration; backends on average: ${result.postgresActivity.active} running, ${result.postgresActivity.idleInTransaction} idle in transaction, ${result.postgresActivity.waitingAdvisoryLock} waiting for the audit lock (held ${Math.round(result.postgresActivity.advisoryLockHeld * 100)}% of the time, ≈ ${round((result.postgresActivity.advisoryLockHeld * 1000) / Math.max(0.001, 2 * result.perSecond), 1)} ms per append), ${result.postgresActivity.waitingOtherLock} for other locks`,
  ].join('\n');
}

/** CPU milliseconds per completed registration, by party (over every journey the meter saw end). */
function cpuPerRegistration(result: PhaseResult) {
  const per = (cores: number) => round((cores * result.cpu.seconds * 1000) / Math.max(1, result.completed + result.completedLate), 1);
  return {
    server: per(result.cpu.server),
    serverMain: per(result.cpu.serverThreads.main),
    serverThreadPool: per(result.cpu.serverThreads.threadpool),
    serverV8Helpers: per(result.cpu.serverThreads.v8Helpers),
    postgres: per(result.cpu.postgresBench),
    loadGenerator: per(result.cpu.loadGenerator),
  };
}

function perRegistration(result: PhaseResult): string {
  const c = cpuPerRegistration(result);
  const cores = availableParallelism();
  const ceiling = round((cores * 1000) / (c.server + c.postgres + c.loadGenerator), 0);
  const platformCeiling = round((cores * 1000) / (c.server + c.postgres), 0);
  return `server ${c.server} ms (JS main ${c.serverMain}, thread pool ${c.serverThreadPool}, V8 helpers ${c.serverV8Helpers}), postgres ${c.postgres} ms, load generator ${c.loadGenerator} ms → CPU-bound ceiling on ${cores} dedicated cores ${ceiling}/s (${platformCeiling}/s with the load generator elsewhere)`;
}

type WorkerRun = { workers: number; entry: string; closed: PhaseResult[]; open: PhaseResult; saturation: PhaseResult };

async function runFor(workers: number): Promise<WorkerRun> {
  if (!options['no-wait-quiet']) {
    const quiet = await waitForQuietMachine({ maxWaitSeconds: Number(options['max-wait-quiet']) });
    if (!quiet.quiet) log(`  warning: the machine is busy with other work (${quiet.lastBusy.toFixed(2)} cores); results will be lower`);
  }
  const database = await createBenchDatabase(adminUrl);
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    server = await startServer({
      databaseUrl: database.url,
      workers,
      population,
      env: {
        REGISTRY_SEED: String(seed),
        ...(options['pool-size'] ? { DATABASE_POOL_SIZE: options['pool-size'] } : {}),
        ...(options['outbox-poll-ms'] ? { OUTBOX_POLL_MS: options['outbox-poll-ms'] } : {}),
      },
      ...(options['cpu-prof'] ? { cpuProfileDir: options['cpu-prof'] } : {}),
    });
    const serverPid = server.pid;
    await waitForQuiet(serverPid);
    log(`\n${workers} worker(s) (${server.entry}), database ${database.name}, registry ${population} people (${eligible.length} eligible)`);
    const context: Context = {
      client: new HttpClient(server.url, Math.max(...concurrencyLevels) * 2 + 64),
      identities: new Identities(registry),
      meter: new CpuMeter({ serverPid: () => serverPid, databaseName: database.name }),
      databaseName: database.name,
    };

    if (warmupSeconds > 0) {
      const warm = await measured(context, { phase: 'warmup', concurrency: 4 }, closedLoop(() => journey(context.client, context.identities), 4, warmupSeconds));
      log(`  warm-up: ${warm.perSecond}/s, ${warm.errorCount} errors`);
    }

    const closed: PhaseResult[] = [];
    let best: PhaseResult | undefined;
    let flat = 0;
    for (const users of concurrencyLevels) {
      const result = await measured(context, { phase: 'closed', concurrency: users }, closedLoop(() => journey(context.client, context.identities), users, stepSeconds));
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
    const open = await measured(context, { phase: 'open', targetRate: rate }, openLoop(() => journey(context.client, context.identities), rate, openSeconds));
    log(describe(open));
    context.client.close();
    log(`  ${context.identities.used} people registered in this run`);
    return { workers, entry: server.entry, closed, open, saturation };
  } finally {
    await server?.stop();
    await database.drop();
  }
}

log(`registration benchmark — ${new Date().toISOString()}, ${availableParallelism()} cores, Node ${process.version}`);
log(`the load generator runs on the same cores as the server and PostgreSQL`);
const runs: WorkerRun[] = [];
for (const workers of workerCounts) runs.push(await runFor(workers));

log('\nsummary');
log(
  table(
    ['workers', 'saturation /s', 'at users', 'half-rate /s', 'journey p50', 'journey p99', 'register p50', 'register p99', 'otp p50', 'otp p99', 'errors'],
    runs.map((run) => [
      run.workers,
      run.saturation.perSecond,
      run.saturation.concurrency ?? '',
      run.open.perSecond,
      run.open.journeyMs.p50,
      run.open.journeyMs.p99,
      run.open.registerMs.p50,
      run.open.registerMs.p99,
      run.open.otpMs.p50,
      run.open.otpMs.p99,
      [...run.closed, run.open].reduce((sum, phase) => sum + phase.errorCount, 0),
    ]),
  ),
);
if (options.out) {
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify({ date: new Date().toISOString(), cores: availableParallelism(), node: process.version, population, runs }, null, 2)}\n`);
  log(`results written to ${options.out}`);
}
