// Activation and the reference Nafath service. `activations`: at most one record per account (the
// unique constraint on account_id is what makes 50 concurrent activations produce exactly one).
// `reference_nafath_requests`: the reference national authenticator's requests, at most one
// waiting request per person (a partial unique index); `reference_nafath_callbacks`: the signed
// callbacks it owes the platform, kept until delivered.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('activations')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('accounts.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('sub_channel', 'text')
    .addColumn('partner', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('checks', 'jsonb', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('activated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('activations_one_per_account', ['account_id'])
    .execute();

  await db.schema
    .createTable('reference_nafath_requests')
    .addColumn('transaction_id', 'uuid', (c) => c.primaryKey())
    .addColumn('national_id', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('random', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('reference_nafath_one_waiting')
    .on('reference_nafath_requests')
    .column('national_id')
    .unique()
    .where(sql.ref('status'), '=', 'waiting')
    .execute();

  await db.schema
    .createTable('reference_nafath_callbacks')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('transaction_id', 'uuid', (c) => c.notNull().references('reference_nafath_requests.transaction_id'))
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('reference_nafath_callbacks_pending').on('reference_nafath_callbacks').columns(['delivered_at', 'created_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('not reversible');
}
