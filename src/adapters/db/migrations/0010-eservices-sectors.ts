// The passports and civil affairs reference systems' state, and the platform's digital ID signing keys.
// Guarantees: a person's sector records are seeded once (marker rows with a primary key, so two
// processes seeding at once leave one copy); a change request's reference is unique (retries are
// idempotent); at most one live exit/re-entry visa per holder and one registration per birth
// notification (unique indexes); at most one active signing key (partial unique index).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Passports: passports, Iqamas, visas.
  await db.schema
    .createTable('passports_seeds')
    .addColumn('holder_id', 'text', (c) => c.primaryKey())
    .addColumn('seeded_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('passports_passports')
    .addColumn('number', 'text', (c) => c.primaryKey())
    .addColumn('holder_id', 'text', (c) => c.notNull().unique())
    .addColumn('issuing_country', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('passports_iqamas')
    .addColumn('number', 'text', (c) => c.primaryKey())
    .addColumn('sponsor_id', 'text')
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('fees_paid_through', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('passports_operations')
    .addColumn('reference', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('holder_id', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('passports_visas')
    .addColumn('number', 'text', (c) => c.primaryKey())
    .addColumn('holder_id', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('leave_by', 'text', (c) => c.notNull())
    .addColumn('duration_days', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('passports_visas_holder').on('passports_visas').columns(['holder_id', 'created_at']).execute();
  await sql`create unique index passports_visas_one_live_exit_reentry on passports_visas (holder_id) where status = 'issued'`.execute(db);

  // Civil affairs: ID cards, photos, family records, newborn registrations.
  await db.schema
    .createTable('civil_seeds')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('seeded_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('civil_photos')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('civil_id_cards')
    .addColumn('id_number', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('photo_id', 'uuid')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('civil_operations')
    .addColumn('reference', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('civil_family_members')
    .addColumn('head_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('civil_family_members_pk', ['head_id', 'member_id'])
    .execute();
  await db.schema
    .createTable('civil_newborns')
    .addColumn('reference', 'text', (c) => c.primaryKey())
    .addColumn('head_id', 'text', (c) => c.notNull())
    .addColumn('notification_number', 'text', (c) => c.notNull().unique())
    .addColumn('name_ar', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('submitted_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('civil_newborns_head').on('civil_newborns').columns(['head_id', 'created_at']).execute();

  // The platform's digital ID signing keys (the private key sealed with a key derived from the root secret).
  await db.schema
    .createTable('digital_id_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('sealed_private_jwk', 'text', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('retired_at', 'timestamptz')
    .execute();
  await sql`create unique index digital_id_keys_one_active on digital_id_keys (active) where active`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'digital_id_keys',
    'civil_newborns',
    'civil_family_members',
    'civil_operations',
    'civil_id_cards',
    'civil_photos',
    'civil_seeds',
    'passports_visas',
    'passports_operations',
    'passports_iqamas',
    'passports_passports',
    'passports_seeds',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
