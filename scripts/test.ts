// `npm test`: installs what the suite needs when it is missing (Debian's Chromium for the browser
// tests, poppler-utils for the PDF tests), typechecks, then runs every test file with node's test runner in parallel shards (one per
// core; each shard is one process, so the in-memory PostgreSQL is booted once per shard, not per
// file). With DATABASE_URL or TEST_DATABASE_URL set, the database tests run on that server.
// Exits non-zero when anything fails; prints a closing "N passed, N failed" line.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, globSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const chromium = '/usr/bin/chromium';

/** Debian packages the suite needs, each with a file that shows it is installed. */
const debianPackages: Array<{ name: string; file: string; why: string }> = [
  { name: 'chromium', file: chromium, why: 'the browser tests' },
  { name: 'poppler-utils', file: '/usr/bin/pdftoppm', why: 'rendering the activation-form PDF to PNG and reading its text' },
];

function ensureDebianPackages(): void {
  const missing = debianPackages.filter((candidate) => !existsSync(candidate.file));
  if (missing.length === 0) return;
  process.stdout.write(`Installing Debian's ${missing.map((candidate) => `${candidate.name} (${candidate.why})`).join(', ')}…\n`);
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo'];
  const run = (args: string[]) => {
    const [command = '', ...rest] = [...asRoot, ...args];
    const result = spawnSync(command, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) throw new Error(`could not run: ${args.join(' ')}`);
  };
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', ...missing.map((candidate) => candidate.name)]);
}

function typecheck(): void {
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('typecheck failed');
}

type ShardResult = { pass: number; fail: number; code: number };

function runShard(files: string[], index: number): Promise<ShardResult> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-isolation=none', '--test-reporter=spec', ...files],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TEST_SHARD: String(index) } },
    );
    let tail = '';
    const forward = (chunk: Buffer, stream: NodeJS.WriteStream) => {
      stream.write(chunk);
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', (chunk: Buffer) => forward(chunk, process.stdout));
    child.stderr.on('data', (chunk: Buffer) => forward(chunk, process.stderr));
    child.on('close', (code) => {
      const count = (label: string) => Number(tail.match(new RegExp(`ℹ ${label} (\\d+)`))?.[1] ?? 0);
      resolve({ pass: count('pass'), fail: count('fail') + count('cancelled'), code: code ?? 1 });
    });
  });
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  ensureDebianPackages();
  typecheck();
  const files =
    only.length > 0
      ? only
      : [
          ...globSync('src/**/*.test.{ts,tsx}'),
          ...globSync('portal/**/*.test.{ts,tsx}'),
          ...globSync('test/contracts/**/*.test.ts'),
          ...globSync('test/integration/**/*.test.ts'),
          ...globSync('test/oidc/**/*.test.ts'),
          ...globSync('test/e2e/**/*.test.ts'),
        ].sort();
  const shardCount = Math.max(1, Math.min(availableParallelism(), files.length));
  const shards: string[][] = Array.from({ length: shardCount }, () => []);
  files.forEach((file, index) => shards[index % shardCount]!.push(file));
  const database = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PGlite';
  process.stdout.write(`Running ${files.length} test files in ${shardCount} shards on ${database}\n`);
  const results = await Promise.all(shards.map((shard, index) => runShard(shard, index)));
  const pass = results.reduce((sum, result) => sum + result.pass, 0);
  const fail = results.reduce((sum, result) => sum + result.fail, 0);
  const failedShard = results.some((result) => result.code !== 0);
  process.stdout.write(`\n${pass} passed, ${fail} failed\n`);
  if (fail > 0 || failedShard || pass === 0) process.exit(1);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
