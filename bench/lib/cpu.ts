// CPU accounting from /proc (Linux only) while a benchmark phase runs: how much of the machine the
// platform's processes, the PostgreSQL backends serving the benchmark database, the load generator
// itself and everything else used. On a 2-core machine the load generator competes with the server
// for the same cores, so every result reports this split.
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

type ProcessTicks = { ppid: number; comm: string; ticks: number; cmdline: string };

function readProcess(pid: number): ProcessTicks | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may hold spaces and parentheses: the fields after it start after the last ')'.
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(open + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // fields[0] is state (field 3); utime is field 14, stime field 15 → indexes 11 and 12.
    const ppid = Number(fields[1]);
    const ticks = Number(fields[11]) + Number(fields[12]);
    let cmdline = '';
    if (comm === 'postgres') cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    return { ppid, comm, ticks, cmdline };
  } catch {
    return null; // the process ended between readdir and read
  }
}

function readAll(): Map<number, ProcessTicks> {
  const result = new Map<number, ProcessTicks>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = readProcess(Number(entry));
    if (info) result.set(Number(entry), info);
  }
  return result;
}

/** Machine-wide ticks: busy (user, nice, system, irq, softirq), stolen by the hypervisor, total. */
function readMachine(): { busy: number; steal: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  // user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user)
  const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = values;
  return { busy: user + nice + system + irq + softirq, steal, total: user + nice + system + idle + iowait + irq + softirq + steal };
}

function descendantsOf(root: number, processes: Map<number, ProcessTicks>): Set<number> {
  const tree = new Set<number>([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, info] of processes) {
      if (!tree.has(pid) && tree.has(info.ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return tree;
}

/** CPU ticks of the threads of some processes, grouped by thread name. */
function readThreads(pids: Iterable<number>): Map<string, number> {
  const result = new Map<string, number>();
  for (const pid of pids) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const group = comm === 'MainThread' || comm === 'node' ? 'main' : comm === 'libuv-worker' ? 'threadpool' : comm === 'V8Worker' ? 'v8-helpers' : 'other';
        result.set(`${pid}/${tid}/${group}`, Number(fields[11]) + Number(fields[12]));
      } catch {
        // gone
      }
    }
  }
  return result;
}

/** Cores used (1.0 = one core fully busy) by each party over a measured interval. */
export type CpuSplit = {
  seconds: number;
  /** Busy cores of the whole machine (at most the number of cores). */
  machine: number;
  /** Cores' worth of time the hypervisor gave to other guests while this one wanted to run (steal). */
  steal: number;
  /** The platform: the server process and its cluster workers. */
  server: number;
  /** PostgreSQL backends connected to the benchmark database. */
  postgresBench: number;
  /** Other PostgreSQL processes (WAL writer, checkpointer, other databases' backends). */
  postgresOther: number;
  /** The server's threads: JavaScript main threads, libuv thread pool (argon2), V8 helpers (GC, compiler). */
  serverThreads: { main: number; threadpool: number; v8Helpers: number; other: number };
  /** This load generator. */
  loadGenerator: number;
  /** Everything else on the machine (other users, system). */
  other: number;
};

export class CpuMeter {
  readonly #serverPid: () => number | undefined;
  readonly #databaseName: string;
  #startProcesses = new Map<number, ProcessTicks>();
  #startMachine = { busy: 0, steal: 0, total: 0 };
  #startedAt = 0;
  #startThreads = new Map<string, number>();

  constructor(options: { serverPid: () => number | undefined; databaseName: string }) {
    this.#serverPid = options.serverPid;
    this.#databaseName = options.databaseName;
  }

  start(): void {
    this.#startProcesses = readAll();
    const serverPid = this.#serverPid();
    this.#startThreads = serverPid === undefined ? new Map() : readThreads(descendantsOf(serverPid, this.#startProcesses));
    this.#startMachine = readMachine();
    this.#startedAt = performance.now();
  }

  stop(): CpuSplit {
    const processes = readAll();
    const machine = readMachine();
    const seconds = (performance.now() - this.#startedAt) / 1000;
    const serverPid = this.#serverPid();
    const serverTree = serverPid === undefined ? new Set<number>() : descendantsOf(serverPid, processes);
    const benchTree = descendantsOf(process.pid, processes);
    const split = { server: 0, postgresBench: 0, postgresOther: 0, loadGenerator: 0 };
    for (const [pid, info] of processes) {
      const before = this.#startProcesses.get(pid);
      const used = info.ticks - (before && before.comm === info.comm ? before.ticks : 0);
      if (used <= 0) continue;
      if (serverTree.has(pid)) split.server += used;
      else if (benchTree.has(pid)) split.loadGenerator += used;
      else if (info.comm === 'postgres' && info.cmdline.includes(` ${this.#databaseName} `)) split.postgresBench += used;
      else if (info.comm === 'postgres') split.postgresOther += used;
    }
    const cores = (ticks: number) => ticks / TICKS_PER_SECOND / seconds;
    const threads = { main: 0, threadpool: 0, v8Helpers: 0, other: 0 };
    for (const [key, ticks] of readThreads(serverTree)) {
      const used = ticks - (this.#startThreads.get(key) ?? 0);
      const group = key.slice(key.lastIndexOf('/') + 1);
      if (group === 'main') threads.main += used;
      else if (group === 'threadpool') threads.threadpool += used;
      else if (group === 'v8-helpers') threads.v8Helpers += used;
      else threads.other += used;
    }
    const machineTicks = machine.busy - this.#startMachine.busy;
    const accounted = split.server + split.postgresBench + split.postgresOther + split.loadGenerator;
    return {
      seconds,
      machine: cores(machineTicks),
      steal: cores(machine.steal - this.#startMachine.steal),
      server: cores(split.server),
      serverThreads: { main: cores(threads.main), threadpool: cores(threads.threadpool), v8Helpers: cores(threads.v8Helpers), other: cores(threads.other) },
      postgresBench: cores(split.postgresBench),
      postgresOther: cores(split.postgresOther),
      loadGenerator: cores(split.loadGenerator),
      other: Math.max(0, cores(machineTicks - accounted)),
    };
  }
}

/** One line: "machine 1.95 cores: server 1.10, postgres 0.55 (+0.02), load generator 0.25, other 0.03". */
export function formatCpu(split: CpuSplit): string {
  const f = (value: number) => value.toFixed(2);
  return `CPU (cores of ${availableParallelism()}): machine ${f(split.machine)} = server ${f(split.server)} (JS main ${f(split.serverThreads.main)}, thread pool ${f(split.serverThreads.threadpool)}, V8 helpers ${f(split.serverThreads.v8Helpers)}), postgres ${f(split.postgresBench)} (+${f(split.postgresOther)} background/other dbs), load generator ${f(split.loadGenerator)}, other ${f(split.other)}; stolen by the hypervisor ${f(split.steal)}`;
}

/**
 * Waits until the machine is quiet (other work below `threshold` cores for `quietSeconds` in a row),
 * at most `maxWaitSeconds`; returns how long it waited and the busy cores seen last. Other sessions
 * may share this machine: a benchmark started while they run measures them too.
 */
export async function waitForQuietMachine(options: { threshold?: number; quietSeconds?: number; maxWaitSeconds?: number } = {}): Promise<{ waitedSeconds: number; lastBusy: number; quiet: boolean }> {
  const threshold = options.threshold ?? 0.25;
  const quietSeconds = options.quietSeconds ?? 3;
  const maxWait = (options.maxWaitSeconds ?? 120) * 1000;
  const started = Date.now();
  let quietFor = 0;
  let lastBusy = 0;
  while (Date.now() - started < maxWait) {
    const before = readMachine();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = readMachine();
    // Other guests' time (steal) counts as busy here: it is capacity this machine does not have.
    lastBusy = ((after.busy + after.steal - before.busy - before.steal) / (after.total - before.total)) * availableParallelism();
    quietFor = lastBusy < threshold ? quietFor + 1 : 0;
    if (quietFor >= quietSeconds) return { waitedSeconds: (Date.now() - started) / 1000, lastBusy, quiet: true };
  }
  return { waitedSeconds: (Date.now() - started) / 1000, lastBusy, quiet: false };
}
