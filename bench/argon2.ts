// The floor under registration throughput: how many argon2id hashes (registration) and verifies
// (sign-in) per second this machine does with the platform's own hasher and settings
// (src/adapters/passwords/argon2-hasher.ts: m = 19456 KiB, t = 2, p = 1), with 1, 2 and 4
// operations in flight. @node-rs/argon2 runs each operation on libuv's thread pool (4 threads by
// default), so "in flight" is the number of threads busy hashing. "CPU ms each" is measured from
// /proc and does not depend on how busy the machine is; per-second figures do.
//
//   node --import tsx bench/argon2.ts [--seconds 5] [--concurrency 1,2,4] [--owasp] [--json]
//
// --owasp also times one hash at a time with OWASP's other equivalent argon2id settings
// (m = 46 MiB t = 1, 12 MiB t = 3, 9 MiB t = 4, 7 MiB t = 5), through @node-rs/argon2 directly.
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { hash as argon2Hash, type Algorithm } from '@node-rs/argon2';
import { Argon2PasswordHasher } from '../src/adapters/passwords/argon2-hasher.ts';
import { Samples, round, table } from './lib/stats.ts';
import { CpuMeter, waitForQuietMachine } from './lib/cpu.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '1,2,4' },
    owasp: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'no-wait-quiet': { type: 'boolean', default: false },
    'max-wait-quiet': { type: 'string', default: '300' },
  },
});
const seconds = Number(values.seconds);
const levels = values.concurrency.split(',').map(Number);

const hasher = new Argon2PasswordHasher();
const password = 'Wq7nTr5p';
const stored = await hasher.hash(password);

async function measure(label: string, inFlight: number, operation: () => Promise<unknown>) {
  const latencies = new Samples();
  const meter = new CpuMeter({ serverPid: () => undefined, databaseName: '-' });
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  meter.start();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await operation();
        latencies.add(performance.now() - t0);
        done += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = meter.stop();
  const cpuMs = (cpu.loadGenerator * elapsed * 1000) / done;
  return {
    operation: label,
    inFlight,
    perSecond: round(done / elapsed),
    ...latencies.summary(),
    cpuMsPerOperation: round(cpuMs, 1),
    /** Operations per second if every core did nothing else. */
    ceilingPerSecond: round((availableParallelism() * 1000) / cpuMs, 0),
    cpuCores: round(cpu.loadGenerator, 2),
    otherCores: round(Math.max(0, cpu.machine - cpu.loadGenerator), 2),
    stolenCores: round(cpu.steal, 2),
  };
}

if (!values['no-wait-quiet']) {
  const quiet = await waitForQuietMachine({ maxWaitSeconds: Number(values['max-wait-quiet']) });
  if (!quiet.quiet) process.stderr.write(`warning: the machine is busy with other work (${quiet.lastBusy.toFixed(2)} cores)\n`);
}

// Warm up (the first call allocates the memory blocks and loads the native module).
for (let index = 0; index < 5; index += 1) await hasher.hash(password);

const results = [];
for (const inFlight of levels) results.push(await measure('hash', inFlight, () => hasher.hash(password)));
for (const inFlight of levels) {
  results.push(
    await measure('verify', inFlight, async () => {
      if (!(await hasher.verify(stored, password))) throw new Error('verify failed');
    }),
  );
}
if (values.owasp) {
  const argon2id = 2 as Algorithm;
  for (const [memoryCost, timeCost] of [[47104, 1], [12288, 3], [9216, 4], [7168, 5]] as const) {
    results.push(
      await measure(`hash m=${memoryCost} t=${timeCost}`, 1, () => argon2Hash(password, { algorithm: argon2id, memoryCost, timeCost, parallelism: 1 })),
    );
  }
}

if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else {
  process.stdout.write(
    `argon2id (@node-rs/argon2), platform settings m=19456 KiB t=2 p=1, ${seconds} s each, UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}, ${availableParallelism()} cores\n`,
  );
  process.stdout.write(
    `${table(
      ['operation', 'in flight', 'per s', 'p50 ms', 'p99 ms', 'CPU ms each', `ceiling /s (${availableParallelism()} cores)`, 'other load (cores)', 'stolen (cores)'],
      results.map((r) => [r.operation, r.inFlight, r.perSecond, r.p50, r.p99, r.cpuMsPerOperation, r.ceilingPerSecond, r.otherCores, r.stolenCores]),
    )}\n`,
  );
}
