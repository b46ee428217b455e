// Fixed-window attempt counters shared by every app process (see DbAttemptCounters).
// Guarantees: one row per (key, window start), so a hit is a single atomic upsert; expires_at is
// indexed so housekeeping can drop ended windows cheaply.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('attempt_counters')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('attempt_counters_pk', ['key', 'window_start'])
    .execute();
  await db.schema.createIndex('attempt_counters_expires_at').on('attempt_counters').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('attempt_counters').execute();
}
