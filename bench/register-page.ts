// GET /register throughput: the registration page with its fresh visual code, over keep-alive
// connections from autocannon (in this process, on the same cores as the server and PostgreSQL).
//
//   node --import tsx bench/register-page.ts [--workers 1,2] [--connections 10,50,100] [--seconds 15]
//        [--path /register] [--baseline /healthz] [--cpu-prof DIR] [--out FILE]
//
// For each worker count: a fresh database, the platform as a child process (RATE_LIMITS=false,
// LOG_LEVEL=warn), a short warm-up, then one autocannon run per connection count. Reports requests/s,
// latency p50/p99, non-2xx answers, errors and timeouts, and where the CPU went. The baseline path
// (no database, no rendering) shows the framework's ceiling on the same machine.
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { availableParallelism } from 'node:os';
import autocannon, { type Result } from 'autocannon';
import { CpuMeter, formatCpu, waitForQuietMachine, type CpuSplit } from './lib/cpu.ts';
import { createBenchDatabase, defaultAdminUrl, readDatabaseCounters, startServer, subtractCounters, waitForQuiet } from './lib/platform.ts';
import { round, table } from './lib/stats.ts';

const { values: options } = parseArgs({
  options: {
    workers: { type: 'string', default: '1,2' },
    connections: { type: 'string', default: '10,50,100' },
    seconds: { type: 'string', default: '15' },
    path: { type: 'string', default: '/register' },
    baseline: { type: 'string', default: '/healthz' },
    population: { type: 'string', default: '2000' },
    'admin-url': { type: 'string', default: process.env.BENCH_ADMIN_URL ?? defaultAdminUrl },
    'cpu-prof': { type: 'string' },
    'no-wait-quiet': { type: 'boolean', default: false },
    'max-wait-quiet': { type: 'string', default: '300' },
    'stats-settle-seconds': { type: 'string', default: '11' },
    out: { type: 'string' },
  },
});
const workerCounts = options.workers.split(',').map(Number);
const connectionCounts = options.connections.split(',').map(Number);
const seconds = Number(options.seconds);
const adminUrl = options['admin-url'];
const settleMs = Number(options['stats-settle-seconds']) * 1000;

type Row = {
  workers: number;
  path: string;
  connections: number;
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  cpu: CpuSplit;
  serverCpuMsPerRequest: number;
  postgresCpuMsPerRequest: number;
  commitsPerRequest: number;
};

const rows: Row[] = [];

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function runFor(workers: number): Promise<void> {
  if (!options['no-wait-quiet']) {
    const quiet = await waitForQuietMachine({ maxWaitSeconds: Number(options['max-wait-quiet']) });
    if (!quiet.quiet) log(`warning: the machine is busy with other work (${quiet.lastBusy.toFixed(2)} cores); results will be lower`);
  }
  const database = await createBenchDatabase(adminUrl);
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    server = await startServer({
      databaseUrl: database.url,
      workers,
      population: Number(options.population),
      ...(options['cpu-prof'] ? { cpuProfileDir: options['cpu-prof'] } : {}),
    });
    const serverPid = server.pid;
    await waitForQuiet(serverPid);
    log(`\n${workers} worker(s) (${server.entry}), database ${database.name}`);
    const meter = new CpuMeter({ serverPid: () => serverPid, databaseName: database.name });
    await autocannon({ url: `${server.url}${options.path}`, connections: 10, duration: 3 }); // warm-up

    const plan = [
      ...connectionCounts.map((connections) => ({ path: options.path, connections })),
      ...(options.baseline ? [{ path: options.baseline, connections: Math.max(...connectionCounts) }] : []),
    ];
    // Backends publish their statistics at most every second, and an idle one only after 10 s: the
    // counters are read after a pause; each run's closing read serves as the next one's start.
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    let counters = await readDatabaseCounters(adminUrl, database.name);
    for (const { path, connections } of plan) {
      const before = counters;
      meter.start();
      const result: Result = await autocannon({ url: `${server.url}${path}`, connections, duration: seconds, timeout: 30 });
      const cpu = meter.stop();
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      counters = await readDatabaseCounters(adminUrl, database.name);
      const used = subtractCounters(counters, before);
      const completed = result.requests.total;
      const perSecond = completed / result.duration;
      const row: Row = {
        workers,
        path,
        connections,
        perSecond: round(perSecond),
        p50: result.latency.p50,
        p99: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        cpu,
        serverCpuMsPerRequest: round((cpu.server * 1000) / perSecond, 2),
        postgresCpuMsPerRequest: round((cpu.postgresBench * 1000) / perSecond, 2),
        commitsPerRequest: round(used.commits / Math.max(1, completed), 2),
      };
      rows.push(row);
      log(
        `  GET ${path}, ${connections} connections: ${row.perSecond} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, non-2xx ${row.non2xx}, errors ${row.errors}, timeouts ${row.timeouts}`,
      );
      log(`    ${formatCpu(cpu)}`);
      const loadGeneratorMs = (cpu.loadGenerator * 1000) / perSecond;
      const cores = availableParallelism();
      log(
        `    per request: server ${row.serverCpuMsPerRequest} ms CPU, postgres ${row.postgresCpuMsPerRequest} ms CPU, load generator ${round(loadGeneratorMs, 2)} ms, ${row.commitsPerRequest} commits → CPU-bound ceiling on ${cores} dedicated cores ${round((cores * 1000) / (row.serverCpuMsPerRequest + row.postgresCpuMsPerRequest + loadGeneratorMs), 0)}/s (${round((cores * 1000) / (row.serverCpuMsPerRequest + row.postgresCpuMsPerRequest), 0)}/s with the load generator elsewhere)`,
      );
    }
  } finally {
    await server?.stop();
    await database.drop();
  }
}

log(`GET ${options.path} benchmark — ${new Date().toISOString()}, ${availableParallelism()} cores, Node ${process.version}`);
log('autocannon runs in this process, on the same cores as the server and PostgreSQL');
for (const workers of workerCounts) await runFor(workers);

log('\nsummary');
log(
  table(
    ['workers', 'path', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'server ms/req', 'pg ms/req', 'load gen cores', 'other cores', 'stolen cores'],
    rows.map((row) => [
      row.workers,
      row.path,
      row.connections,
      row.perSecond,
      row.p50,
      row.p99,
      row.non2xx,
      row.errors + row.timeouts,
      row.serverCpuMsPerRequest,
      row.postgresCpuMsPerRequest,
      row.cpu.loadGenerator.toFixed(2),
      row.cpu.other.toFixed(2),
      row.cpu.steal.toFixed(2),
    ]),
  ),
);
if (options.out) {
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify({ date: new Date().toISOString(), cores: availableParallelism(), node: process.version, rows }, null, 2)}\n`);
  log(`results written to ${options.out}`);
}
