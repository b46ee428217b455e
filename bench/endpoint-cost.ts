// Where a registration's CPU goes: each request of the journey measured alone against one app
// process and a fresh PostgreSQL database, as CPU milliseconds per request in the server (JavaScript
// main thread, libuv thread pool = argon2, V8 helper threads = GC) and in the PostgreSQL backends,
// with commits and WAL flushes per request. Inputs each step needs (visual codes and their answers,
// started registrations and their codes) are prepared outside the measured window.
//
//   node --import tsx bench/endpoint-cost.ts [--seconds 8] [--concurrency 8] [--population 60000] [--cpu-prof DIR]
import { parseArgs } from 'node:util';
import { HttpClient, type HttpResponse } from './lib/http-client.ts';
import { Samples, round, table } from './lib/stats.ts';
import { CpuMeter, waitForQuietMachine } from './lib/cpu.ts';
import { createBenchDatabase, defaultAdminUrl, readDatabaseCounters, startServer, subtractCounters, waitForQuiet } from './lib/platform.ts';
import { Identities, codeIn, referenceRegistry, smsQuery } from './lib/identities.ts';

const { values: options } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '8' },
    population: { type: 'string', default: '60000' },
    'admin-url': { type: 'string', default: process.env.BENCH_ADMIN_URL ?? defaultAdminUrl },
    'cpu-prof': { type: 'string' },
    'no-wait-quiet': { type: 'boolean', default: false },
    'max-wait-quiet': { type: 'string', default: '300' },
    'stats-settle-seconds': { type: 'string', default: '11' },
  },
});
const seconds = Number(options.seconds);
const concurrency = Number(options.concurrency);
const population = Number(options.population);
const adminUrl = options['admin-url'];
const settleMs = Number(options['stats-settle-seconds']) * 1000;

type Request = { method: string; path: string; json?: unknown; headers?: Record<string, string>; expect: number };

const registry = referenceRegistry(20240101, population);
const identities = new Identities(registry);

if (!options['no-wait-quiet']) await waitForQuietMachine({ maxWaitSeconds: Number(options['max-wait-quiet']) });
const database = await createBenchDatabase(adminUrl);
const rows: Array<Array<string | number>> = [];
let server: Awaited<ReturnType<typeof startServer>> | undefined;
try {
  server = await startServer({
    databaseUrl: database.url,
    workers: 1,
    population,
    ...(options['cpu-prof'] ? { cpuProfileDir: options['cpu-prof'] } : {}),
  });
  const serverPid = server.pid;
  await waitForQuiet(serverPid);
  const client = new HttpClient(server.url, concurrency + 8);
  const meter = new CpuMeter({ serverPid: () => serverPid, databaseName: database.name });

  /** Runs `next()` requests with `concurrency` in flight for `seconds` (or until next() gives null). */
  async function measure(label: string, next: () => Request | null, keep?: (response: HttpResponse, request: Request) => void) {
    const latency = new Samples();
    let done = 0;
    let errors = 0;
    // Backends publish their statistics at most every second, and an idle one only after 10 s: the
    // counters are read after a pause (preparing inputs between steps also runs statements).
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const before = await readDatabaseCounters(adminUrl, database.name);
    meter.start();
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          const request = next();
          if (!request) return;
          const response = await client.request(request.method, request.path, request.json, request.headers);
          if (response.status !== request.expect) {
            errors += 1;
            if (errors <= 3) process.stderr.write(`${label}: ${response.status} ${response.body.slice(0, 200)}\n`);
          } else keep?.(response, request);
          latency.add(response.ms);
          done += 1;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const cpu = meter.stop();
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const counters = subtractCounters(await readDatabaseCounters(adminUrl, database.name), before);
    const per = (cores: number) => round((cores * elapsed * 1000) / Math.max(1, done), 2);
    rows.push([
      label,
      round(done / elapsed),
      latency.summary().p50,
      per(cpu.serverThreads.main),
      per(cpu.serverThreads.threadpool),
      per(cpu.serverThreads.v8Helpers),
      per(cpu.postgresBench),
      per(cpu.loadGenerator),
      round(counters.commits / Math.max(1, done), 1),
      round(counters.walSyncs / Math.max(1, done), 2),
      errors,
    ]);
    process.stdout.write(
      `${label}: ${round(done / elapsed)}/s, ${errors} errors, machine ${cpu.machine.toFixed(2)} cores (other ${cpu.other.toFixed(2)}, stolen ${cpu.steal.toFixed(2)})\n`,
    );
  }

  // Warm-up of every route (JIT, connection pool).
  for (let index = 0; index < 200; index += 1) {
    await client.request('GET', '/healthz');
    await client.request('GET', '/register');
  }

  await measure('GET /healthz (no database)', () => ({ method: 'GET', path: '/healthz', expect: 200 }));
  await measure('GET /readyz (select 1)', () => ({ method: 'GET', path: '/readyz', expect: 200 }));

  const captchaIds: string[] = [];
  await measure('POST /api/v1/captcha', () => ({ method: 'POST', path: '/api/v1/captcha', expect: 201 }), (response) => {
    captchaIds.push((JSON.parse(response.body) as { id: string }).id);
  });

  const answered: Array<{ id: string; answer: string }> = [];
  let nextCaptcha = 0;
  await measure(
    'GET /dev/captcha/{id}',
    () => {
      const id = captchaIds[nextCaptcha++];
      return id ? { method: 'GET', path: `/dev/captcha/${id}`, expect: 200 } : null;
    },
    (response, request) => answered.push({ id: request.path.slice('/dev/captcha/'.length), answer: (JSON.parse(response.body) as { answer: string }).answer }),
  );

  await measure('GET /dev/sms?to= (empty inbox)', () => ({ method: 'GET', path: `/dev/sms?to=${smsQuery(identities.mobile())}`, expect: 200 }));

  // Enough solved visual codes for the registration step (prepared, not measured).
  while (answered.length < 3000) {
    const created = await client.request('POST', '/api/v1/captcha');
    const { id } = JSON.parse(created.body) as { id: string };
    const answer = await client.request('GET', `/dev/captcha/${id}`);
    answered.push({ id, answer: (JSON.parse(answer.body) as { answer: string }).answer });
  }
  const started: Array<{ registrationId: string; mobile: string }> = [];
  let nextAnswer = 0;
  await measure(
    'POST /api/v1/registrations (+ its SMS delivery)',
    () => {
      const captcha = answered[nextAnswer++];
      if (!captcha) return null;
      const form = identities.form();
      return { method: 'POST', path: '/api/v1/registrations', json: { ...form.body, captcha }, headers: { 'x-mobile': form.mobile }, expect: 201 };
    },
    (response, request) =>
      started.push({ registrationId: (JSON.parse(response.body) as { registrationId: string }).registrationId, mobile: request.headers!['x-mobile']! }),
  );

  // Their codes (prepared, not measured).
  const withCodes: Array<{ registrationId: string; code: string }> = [];
  for (const registration of started) {
    const inbox = await client.request('GET', `/dev/sms?to=${smsQuery(registration.mobile)}`);
    const message = (JSON.parse(inbox.body) as Array<{ text: string; purpose: string }>).find((candidate) => candidate.purpose === 'registration');
    const code = message ? codeIn(message.text) : undefined;
    if (code) withCodes.push({ registrationId: registration.registrationId, code });
  }
  let nextCode = 0;
  await measure('POST /api/v1/registrations/{id}/otp (+ its SMS)', () => {
    const registration = withCodes[nextCode++];
    return registration ? { method: 'POST', path: `/api/v1/registrations/${registration.registrationId}/otp`, json: { code: registration.code }, expect: 201 } : null;
  });

  await measure('GET /dev/sms?to= (1-2 messages)', () => {
    const registration = started[Math.floor(Math.random() * started.length)]!;
    return { method: 'GET', path: `/dev/sms?to=${smsQuery(registration.mobile)}`, expect: 200 };
  });

  await measure('GET /register (page + visual code)', () => ({ method: 'GET', path: '/register', expect: 200 }));
  client.close();
} finally {
  await server?.stop();
  await database.drop();
}

process.stdout.write(`\n1 app process, ${concurrency} requests in flight, ${seconds} s each; CPU in ms per request\n`);
process.stdout.write(
  `${table(['request', 'per s', 'p50 ms', 'JS main', 'thread pool', 'V8 helpers', 'postgres', 'load gen', 'commits', 'WAL syncs', 'errors'], rows)}\n`,
);
