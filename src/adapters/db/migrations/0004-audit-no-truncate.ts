// The audit log cannot be emptied in one statement either: TRUNCATE skips row triggers, so a
// statement-level BEFORE TRUNCATE trigger refuses it with the same "append-only" error as UPDATE and
// DELETE. Guarantees: runs on PostgreSQL 15 and PGlite; only a database owner who drops or disables
// the trigger can cut records, and the anchored head (src/cli/audit-verify.ts) reveals that.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function audit_events_append_only()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('not reversible');
}
