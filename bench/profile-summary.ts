// Summarises V8 CPU profiles (`--cpu-prof`, e.g. from `bench/registration.ts --cpu-prof DIR`): the
// functions and the packages/files where the main thread spent its time, by self time.
//
//   node --import tsx bench/profile-summary.ts DIR_OR_FILE... [--top 30] [--skip-seconds S]
//
// --skip-seconds leaves out the first S seconds of each profile (start-up: module loading, tsx
// compilation, registry generation), so the summary shows the steady state under load.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { table } from './lib/stats.ts';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '30' }, 'skip-seconds': { type: 'string', default: '0' } } });
const top = Number(values.top);
const skipMicros = Number(values['skip-seconds']) * 1e6;

const files = positionals.flatMap((path) =>
  statSync(path).isDirectory() ? readdirSync(path).filter((name) => name.endsWith('.cpuprofile')).map((name) => join(path, name)) : [path],
);

function bucket(url: string, name: string): string {
  if (name === '(garbage collector)') return '(garbage collector)';
  if (name === '(idle)' || name === '(program)' || name === '(root)') return name;
  if (url === '') return '(native/builtin)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  if (url.startsWith('node:')) return url;
  const source = /\/((?:src|bench|test)\/.*)$/.exec(url);
  return source ? source[1]! : url;
}

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfTime = new Map<number, number>();
  let elapsed = 0;
  for (let index = 0; index < profile.samples.length; index += 1) {
    const id = profile.samples[index]!;
    const delta = profile.timeDeltas[index] ?? 0;
    elapsed += delta;
    if (elapsed < skipMicros) continue;
    selfTime.set(id, (selfTime.get(id) ?? 0) + delta);
  }
  const total = [...selfTime.values()].reduce((sum, value) => sum + value, 0);
  const byFunction = new Map<string, number>();
  const byBucket = new Map<string, number>();
  for (const [id, micros] of selfTime) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const place = bucket(url, functionName);
    const key = `${functionName || '(anonymous)'} ${place}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
    byBucket.set(place, (byBucket.get(place) ?? 0) + micros);
  }
  const idle = (byBucket.get('(idle)') ?? 0) / 1000;
  const busy = total / 1000 - idle;
  const rows = (map: Map<string, number>) =>
    [...map.entries()]
      .filter(([key]) => !key.startsWith('(idle)'))
      .sort(([, a], [, b]) => b - a)
      .slice(0, top)
      .map(([key, micros]) => [key.slice(0, 110), (micros / 1000).toFixed(0), `${((micros / 1000 / busy) * 100).toFixed(1)}%`]);
  process.stdout.write(`\n${file}: ${(total / 1e6).toFixed(1)} s profiled, ${(busy / 1000).toFixed(1)} s busy on the main thread\n`);
  process.stdout.write(`${table(['package / file', 'self ms', 'of busy'], rows(byBucket))}\n\n`);
  process.stdout.write(`${table(['function', 'self ms', 'of busy'], rows(byFunction))}\n`);
}
