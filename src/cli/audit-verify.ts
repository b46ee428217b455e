// `npm run audit:verify`: walks the whole audit chain and says whether it holds; when a record was
// changed, removed or reordered it names the first one that does not verify, and exits 1.
// Uses the same configuration as the server (DATABASE_URL or the PGlite data directory).
import { loadConfig } from '../config/config.ts';
import { openDatabase, type DatabaseHandle } from '../adapters/db/database.ts';
import { AUDIT_GENESIS_HASH, createStore } from '../adapters/db/store.ts';
import { AuditLog } from '../core/audit/audit-log.ts';
import { Secrets } from '../core/secrets.ts';
import { systemClock } from '../core/clock.ts';

export type ChainReport = { ok: true; count: number } | { ok: false; count: number; brokenSeq: number; brokenId: string; type: string };

/** Verifies the chain of an open database with the given root secret. */
export async function verifyAuditChain(database: DatabaseHandle, secretKey: string): Promise<ChainReport> {
  const audit = new AuditLog(new Secrets(secretKey), systemClock);
  const result = await audit.verify(createStore(database.db).audit, AUDIT_GENESIS_HASH);
  if (result.ok) return result;
  return { ok: false, count: result.count, brokenSeq: result.brokenAt.seq, brokenId: result.brokenAt.id, type: result.brokenAt.type };
}

export function describeReport(report: ChainReport): string {
  return report.ok
    ? `audit chain intact: ${report.count} records verified`
    : `audit chain BROKEN at record #${report.brokenSeq} (id ${report.brokenId}, type ${report.type}); ${report.count - 1} records before it verified`;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(
    config.database.url ? { kind: 'postgres', url: config.database.url, poolSize: 2 } : { kind: 'pglite', dataDir: config.database.dataDir },
  );
  try {
    const report = await verifyAuditChain(database, config.secretKey);
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
