// Starts the platform as a child process against a fresh PostgreSQL database, the way it runs in
// production (`node --import tsx src/main.ts`), and removes the database afterwards.
// With WORKERS > 1 the child is a node:cluster primary; src/main.ts is used when it forks workers
// itself, otherwise bench/lib/cluster-entry.ts does the same with the platform's own composition root.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
export const defaultAdminUrl = 'postgres://postgres@127.0.0.1:5432/test';

export type BenchDatabase = { name: string; url: string; drop(): Promise<void> };

// What to undo when the benchmark is interrupted (Ctrl-C, SIGTERM): stop servers, drop databases,
// newest first.
const pendingCleanups: Array<() => Promise<void>> = [];
let interruptHandled = false;

function cleanUpOnInterrupt(cleanup: () => Promise<void>): () => void {
  pendingCleanups.push(cleanup);
  if (!interruptHandled) {
    interruptHandled = true;
    const onSignal = () => {
      void (async () => {
        for (const pending of [...pendingCleanups].reverse()) await pending().catch(() => undefined);
        process.exit(130);
      })();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return () => {
    const index = pendingCleanups.indexOf(cleanup);
    if (index >= 0) pendingCleanups.splice(index, 1);
  };
}

/** Creates an empty database `bench_<pid>_<time>` on the server of `adminUrl`. */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    const cleaner = new pg.Client({ connectionString: adminUrl });
    await cleaner.connect();
    try {
      await cleaner.query(`drop database if exists ${name} with (force)`);
    } finally {
      await cleaner.end();
    }
  };
  const forget = cleanUpOnInterrupt(drop);
  return {
    name,
    url: url.toString(),
    async drop() {
      forget();
      await drop();
    },
  };
}

/** Counters of the database since its creation (pg_stat_database) and of the WAL (pg_stat_wal). */
export type DatabaseCounters = { commits: number; rollbacks: number; inserted: number; updated: number; deleted: number; walSyncs: number; walRecords: number };

export async function readDatabaseCounters(adminUrl: string, name: string): Promise<DatabaseCounters> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    // The statistics collector of PG 15 is shared memory, refreshed at most once a second per backend.
    await client.query('select pg_stat_clear_snapshot()');
    const db = await client.query(
      'select xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted from pg_stat_database where datname = $1',
      [name],
    );
    const wal = await client.query('select wal_sync, wal_records from pg_stat_wal');
    const row = db.rows[0] ?? {};
    const walRow = wal.rows[0] ?? {};
    return {
      commits: Number(row.xact_commit ?? 0),
      rollbacks: Number(row.xact_rollback ?? 0),
      inserted: Number(row.tup_inserted ?? 0),
      updated: Number(row.tup_updated ?? 0),
      deleted: Number(row.tup_deleted ?? 0),
      walSyncs: Number(walRow.wal_sync ?? 0),
      walRecords: Number(walRow.wal_records ?? 0),
    };
  } finally {
    await client.end();
  }
}

export function subtractCounters(after: DatabaseCounters, before: DatabaseCounters): DatabaseCounters {
  return {
    commits: after.commits - before.commits,
    rollbacks: after.rollbacks - before.rollbacks,
    inserted: after.inserted - before.inserted,
    updated: after.updated - before.updated,
    deleted: after.deleted - before.deleted,
    walSyncs: after.walSyncs - before.walSyncs,
    walRecords: after.walRecords - before.walRecords,
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type ServerOptions = {
  databaseUrl: string;
  workers: number;
  population: number;
  /** Extra environment (e.g. DATABASE_POOL_SIZE, OUTBOX_POLL_MS). */
  env?: Record<string, string>;
  /** Directory for V8 CPU profiles of every app process (`--cpu-prof`), written when it stops. */
  cpuProfileDir?: string;
  /** How long to wait for /readyz, ms (population generation takes a while in every worker). */
  readyTimeoutMs?: number;
};

export type RunningServer = {
  url: string;
  pid: number;
  entry: string;
  stop(): Promise<void>;
};

/** Whether src/main.ts forks node:cluster workers itself for WORKERS > 1. */
export function mainForksWorkers(): boolean {
  const source = readFileSync(new URL('../../src/main.ts', import.meta.url), 'utf8');
  return /cluster\s*\.\s*fork\s*\(/.test(source);
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const port = await freePort();
  const entry = options.workers === 1 || mainForksWorkers() ? 'src/main.ts' : 'bench/lib/cluster-entry.ts';
  const args = [...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : []), '--import', 'tsx', entry];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: options.databaseUrl,
      WORKERS: String(options.workers),
      RATE_LIMITS: 'false',
      LOG_LEVEL: 'warn',
      REGISTRY_POPULATION: String(options.population),
      DEV_ROUTES: 'true',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', (chunk: Buffer) => {
    keep(chunk);
    process.stderr.write(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const stop = async () => {
    if (hasExited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  };
  const forget = cleanUpOnInterrupt(stop);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 180_000);
  for (;;) {
    if (hasExited) {
      forget();
      throw new Error(`the platform exited during start:\n${output}`);
    }
    if (Date.now() > deadline) {
      forget();
      child.kill('SIGKILL');
      throw new Error(`the platform did not become ready in time:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  return {
    url,
    pid: child.pid!,
    entry,
    async stop() {
      forget();
      await stop();
    },
  };
}

/**
 * Waits until the server's processes are idle (under 5% of a core for half a second): with several
 * workers the first one answers /readyz while the others are still generating the registry.
 */
export async function waitForQuiet(serverPid: number, timeoutMs = 180_000): Promise<void> {
  const { readFileSync, readdirSync } = await import('node:fs');
  const treeTicks = () => {
    const parents = new Map<number, number>();
    const ticks = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        parents.set(Number(entry), Number(fields[1]));
        ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
      } catch {
        // gone
      }
    }
    const tree = new Set([serverPid]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, parent] of parents) if (!tree.has(pid) && tree.has(parent)) (tree.add(pid), (grew = true));
    }
    let sum = 0;
    for (const pid of tree) sum += ticks.get(pid) ?? 0;
    return sum;
  };
  const deadline = Date.now() + timeoutMs;
  let previous = treeTicks();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = treeTicks();
    if (now - previous <= 2) return; // ≤ 2 ticks of 10 ms in 500 ms
    previous = now;
  }
  throw new Error('the platform did not settle after start');
}

/** Average number of the benchmark database's backends in each state, sampled while a phase runs. */
export type ActivitySummary = {
  samples: number;
  active: number;
  idleInTransaction: number;
  waitingAdvisoryLock: number;
  waitingOtherLock: number;
  waitingWal: number;
  /** Share of samples in which some transaction held the audit chain's advisory lock (0–1). */
  advisoryLockHeld: number;
};

/**
 * Samples pg_stat_activity every `intervalMs` until stopped: how many backends run a statement, sit
 * in an open transaction waiting for the app's next statement, or wait for a lock (the audit
 * chain's advisory lock is counted apart) or for the WAL.
 */
export function sampleActivity(adminUrl: string, databaseName: string, intervalMs = 200): { stop(): Promise<ActivitySummary> } {
  const client = new pg.Client({ connectionString: adminUrl });
  const totals = { samples: 0, active: 0, idleInTransaction: 0, waitingAdvisoryLock: 0, waitingOtherLock: 0, waitingWal: 0, advisoryLockHeld: 0 };
  let running = true;
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query(
        `select
           count(*) filter (where state = 'active' and wait_event_type is distinct from 'Lock') as active,
           count(*) filter (where state like 'idle in transaction%') as idle_in_tx,
           count(*) filter (where wait_event_type = 'Lock' and wait_event = 'advisory') as advisory,
           count(*) filter (where wait_event_type = 'Lock' and wait_event <> 'advisory') as other_lock,
           count(*) filter (where wait_event in ('WALWrite', 'WALSync', 'WALInsert')) as wal,
           (select count(*) from pg_locks l join pg_database d on d.oid = l.database
             where d.datname = $1 and l.locktype = 'advisory' and l.granted) as advisory_held
         from pg_stat_activity where datname = $1 and backend_type = 'client backend'`,
        [databaseName],
      );
      const row = rows[0] as Record<string, string>;
      totals.samples += 1;
      totals.active += Number(row.active);
      totals.idleInTransaction += Number(row.idle_in_tx);
      totals.waitingAdvisoryLock += Number(row.advisory);
      totals.waitingOtherLock += Number(row.other_lock);
      totals.waitingWal += Number(row.wal);
      totals.advisoryLockHeld += Number(row.advisory_held) > 0 ? 1 : 0;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
    await client.end();
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const n = Math.max(1, totals.samples);
      const avg = (value: number) => Math.round((value / n) * 100) / 100;
      return {
        samples: totals.samples,
        active: avg(totals.active),
        idleInTransaction: avg(totals.idleInTransaction),
        waitingAdvisoryLock: avg(totals.waitingAdvisoryLock),
        waitingOtherLock: avg(totals.waitingOtherLock),
        waitingWal: avg(totals.waitingWal),
        advisoryLockHeld: avg(totals.advisoryLockHeld),
      };
    },
  };
}
