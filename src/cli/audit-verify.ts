// `npm run audit:verify`: walks the whole audit chain and says whether it holds; when a record was
// changed, removed or reordered it names the first one that does not verify, and exits 1.
// A hash chain alone cannot see records cut from its end (or the whole table emptied by a database
// owner), so the head is anchored outside the table: every run prints the head it verified (count,
// last seq, last hash); `--expect-count N --expect-hash H` checks the chain still reaches a head
// recorded earlier, and `--anchor FILE` does both with a file of heads kept apart from the database
// (checks against the last head in it, then appends the new one when the chain holds).
// Uses the same configuration as the server (DATABASE_URL or the PGlite data directory).
import { appendFile, readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.ts';
import { openDatabase, type DatabaseHandle } from '../adapters/db/database.ts';
import { AUDIT_GENESIS_HASH, createStore } from '../adapters/db/store.ts';
import { AuditLog, type AuditHead } from '../core/audit/audit-log.ts';
import { Secrets } from '../core/secrets.ts';
import { systemClock } from '../core/clock.ts';

export type { AuditHead };

export type ChainReport =
  | { ok: true; count: number; head: AuditHead | null }
  | {
      ok: false;
      count: number;
      /** broken_record: a record does not verify; head_missing: records were cut from the end; head_mismatch: another record sits where the anchored head was. */
      reason: 'broken_record' | 'head_missing' | 'head_mismatch';
      brokenSeq: number;
      brokenId: string | null;
      type: string | null;
      expected?: AuditHead;
      found?: AuditHead | null;
    };

/** Verifies the chain of an open database with the given root secret, against an anchored head if given. */
export async function verifyAuditChain(database: DatabaseHandle, secretKey: string, expected?: AuditHead): Promise<ChainReport> {
  const audit = new AuditLog(new Secrets(secretKey), systemClock);
  const result = await audit.verify(createStore(database.db).audit, AUDIT_GENESIS_HASH, expected);
  if (result.ok) return result;
  if ('brokenAt' in result) {
    return { ok: false, reason: 'broken_record', count: result.count, brokenSeq: result.brokenAt.seq, brokenId: result.brokenAt.id, type: result.brokenAt.type };
  }
  if ('headMismatch' in result) {
    const { expected: head, found } = result.headMismatch;
    return { ok: false, reason: 'head_mismatch', count: result.count, brokenSeq: found.seq, brokenId: null, type: null, expected: head, found };
  }
  const { expected: head, found } = result.headMissing;
  // The first missing record: the one after the last that is left (seqs never go backwards).
  const firstMissing = (found?.seq ?? 0) + 1;
  return { ok: false, reason: 'head_missing', count: result.count, brokenSeq: firstMissing, brokenId: null, type: null, expected: head, found };
}

export function describeReport(report: ChainReport): string {
  if (report.ok) {
    const head = report.head ? `; head #${report.head.seq} hash ${report.head.hash}` : '; empty';
    return `audit chain intact: ${report.count} records verified${head}`;
  }
  switch (report.reason) {
    case 'broken_record':
      return `audit chain BROKEN at record #${report.brokenSeq} (id ${report.brokenId}, type ${report.type}); ${report.count - 1} records before it verified`;
    case 'head_missing':
      return (
        `audit chain CUT: the anchored head had ${report.expected!.count} records, the chain now holds ${report.count} ` +
        `(${report.found ? `ending at record #${report.found.seq}` : 'empty'}): the newest ${report.expected!.count - report.count} are missing, from #${report.brokenSeq}`
      );
    case 'head_mismatch':
      return `audit chain REWRITTEN: record #${report.brokenSeq}, the ${report.count}th, is not the anchored head (hash ${report.expected!.hash})`;
  }
}

/** The last head recorded in an anchor file (one JSON head per line), or undefined when it has none. */
export async function readAnchor(file: string): Promise<AuditHead | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const last = text.trim().split('\n').filter(Boolean).at(-1);
  if (!last) return undefined;
  const head = JSON.parse(last) as Partial<AuditHead>;
  if (!Number.isSafeInteger(head.count) || !Number.isSafeInteger(head.seq) || typeof head.hash !== 'string') {
    throw new Error(`the last line of ${file} is not an audit head`);
  }
  return { count: head.count!, seq: head.seq!, hash: head.hash };
}

/** Appends a verified head to an anchor file. */
export async function recordAnchor(file: string, head: AuditHead, at: Date): Promise<void> {
  await appendFile(file, `${JSON.stringify({ ...head, verifiedAt: at.toISOString() })}\n`, { mode: 0o600 });
}

/** Verifies against the anchor file's last head and, when the chain holds, records the new head in it. */
export async function verifyWithAnchor(database: DatabaseHandle, secretKey: string, file: string, now: Date): Promise<ChainReport> {
  const report = await verifyAuditChain(database, secretKey, await readAnchor(file));
  if (report.ok && report.head) await recordAnchor(file, report.head, now);
  return report;
}

function expectedFromArguments(values: { 'expect-count'?: string | undefined; 'expect-hash'?: string | undefined }): AuditHead | undefined {
  if (values['expect-count'] === undefined && values['expect-hash'] === undefined) return undefined;
  const count = Number(values['expect-count']);
  const hash = values['expect-hash'];
  if (!Number.isSafeInteger(count) || count < 1 || !hash || !/^[0-9a-f]{64}$/.test(hash)) {
    throw new Error('--expect-count needs a whole number ≥ 1 and --expect-hash the 64 hex digits of that record');
  }
  return { count, seq: 0, hash };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'expect-count': { type: 'string' }, 'expect-hash': { type: 'string' }, anchor: { type: 'string' } },
  });
  const expected = expectedFromArguments(values);
  const config = loadConfig();
  const database = await openDatabase(
    config.database.url ? { kind: 'postgres', url: config.database.url, poolSize: 2 } : { kind: 'pglite', dataDir: config.database.dataDir },
  );
  try {
    const report = values.anchor
      ? await verifyWithAnchor(database, config.secretKey, values.anchor, new Date())
      : await verifyAuditChain(database, config.secretKey, expected);
    process.stdout.write(`${describeReport(report)}\n`);
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    process.stderr.write(`audit verification failed to run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  });
}
