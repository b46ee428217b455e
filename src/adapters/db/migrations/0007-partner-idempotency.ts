// Partner requests with an Idempotency-Key. `partner_idempotency`: one row per (client, key), so two
// requests carrying the same key from the same client can never both be processed (the insert of
// the claim is the arbiter); the stored answer is replayed to every later request with that key.
// A key is remembered for 24 hours (`expires_at`, indexed for housekeeping).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('partner_idempotency')
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('partner_idempotency_pk', ['client_id', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('partner_idempotency_expires_at').on('partner_idempotency').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('partner_idempotency').execute();
}
