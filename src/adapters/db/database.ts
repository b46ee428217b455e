// Opens the platform's database: a PostgreSQL server through `pg` when a URL is given, otherwise
// embedded PGlite (in a data directory, or in memory for tests). Both speak the same dialect and run
// the same migrations. Guarantees: migrations are applied before the handle is returned.
import { mkdirSync } from 'node:fs';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database } from './schema.ts';
import * as initial from './migrations/0001-initial.ts';
import * as sessions from './migrations/0002-sessions.ts';
import * as counters from './migrations/0003-counters.ts';
import * as auditNoTruncate from './migrations/0004-audit-no-truncate.ts';
import * as oidc from './migrations/0005-oidc.ts';
import * as activation from './migrations/0006-activation.ts';
import * as partnerIdempotency from './migrations/0007-partner-idempotency.ts';
import * as backoffice from './migrations/0008-backoffice.ts';
import * as eservices from './migrations/0009-eservices.ts';
import * as eservicesSectors from './migrations/0010-eservices-sectors.ts';
import * as statelessCaptchas from './migrations/0011-stateless-captchas.ts';

export type DatabaseHandle = {
  db: Kysely<Database>;
  kind: 'postgres' | 'pglite';
  /** Checks the database answers (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
};

export type DatabaseOptions =
  | { kind: 'postgres'; url: string; poolSize: number; schema?: string }
  | { kind: 'pglite'; dataDir: string | null; pglite?: PGlite };

const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-sessions': sessions,
  '0003-counters': counters,
  '0004-audit-no-truncate': auditNoTruncate,
  '0005-oidc': oidc,
  '0006-activation': activation,
  '0007-partner-idempotency': partnerIdempotency,
  '0008-backoffice': backoffice,
  '0009-eservices': eservices,
  '0010-eservices-sectors': eservicesSectors,
  '0011-stateless-captchas': statelessCaptchas,
};

class InCodeMigrations implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const handle = options.kind === 'postgres' ? openPostgres(options) : await openPGlite(options);
  await migrate(handle.db, options.kind === 'postgres' ? options.schema : undefined);
  return handle;
}

function openPostgres(options: { url: string; poolSize: number; schema?: string }): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    ping: async () => {
      await pool.query('select 1');
    },
    close: () => db.destroy(),
  };
}

async function openPGlite(options: { dataDir: string | null; pglite?: PGlite }): Promise<DatabaseHandle> {
  let pglite = options.pglite;
  if (!pglite) {
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    pglite = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
  }
  await pglite.waitReady;
  const instance = pglite;
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite: instance }) });
  return {
    db,
    kind: 'pglite',
    ping: async () => {
      await instance.query('select 1');
    },
    close: async () => {
      await db.destroy();
      if (!instance.closed) await instance.close();
    },
  };
}

export async function migrate(db: Kysely<Database>, schema?: string): Promise<void> {
  // Migration numbers are reserved per feature, so one may land after a later number already ran.
  const migrator = new Migrator({ db, provider: new InCodeMigrations(), allowUnorderedMigrations: true, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}`, { cause: error });
  }
}

/** True when a database error is a unique-constraint violation (SQLSTATE 23505) on the named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { code?: string; constraint?: string; message?: string };
  if (candidate.code !== '23505') return false;
  if (!constraint) return true;
  return candidate.constraint === constraint || (candidate.message ?? '').includes(constraint);
}
