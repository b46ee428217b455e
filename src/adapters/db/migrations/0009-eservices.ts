// E-service requests and the traffic, payments (SADAD) and post reference systems' state.
// Guarantees: one request per (account, service, idempotency key) and one open request per
// (service, subject) — unique indexes, so concurrent duplicates leave exactly one; a request's status
// history is append-only rows; a bill per biller reference and a bill number used once; one dispute
// per violation; one shipment per sender reference; each person's sector records are seeded once
// (marker rows with a primary key). Runs on PostgreSQL 15 and PGlite alike.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('service_requests')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('accounts.id'))
    .addColumn('holder_id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('open', 'boolean', (c) => c.notNull())
    .addColumn('input', 'jsonb', (c) => c.notNull())
    .addColumn('input_hash', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('subject_key', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('fee_halalas', 'integer', (c) => c.notNull())
    .addColumn('bill_number', 'text')
    .addColumn('tracking_number', 'text')
    .addColumn('result', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('service_requests_idempotency', ['account_id', 'service_id', 'idempotency_key'])
    .execute();
  await sql`create unique index service_requests_one_open_per_subject on service_requests (service_id, subject_key) where open`.execute(db);
  await db.schema.createIndex('service_requests_account').on('service_requests').columns(['account_id', 'created_at']).execute();
  await db.schema.createIndex('service_requests_bill').on('service_requests').column('bill_number').execute();
  await sql`create index service_requests_open_updated on service_requests (updated_at) where open`.execute(db);

  await db.schema
    .createTable('service_request_history')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('seq', 'bigserial', (c) => c.notNull().unique())
    .addColumn('request_id', 'uuid', (c) => c.notNull().references('service_requests.id'))
    .addColumn('account_id', 'uuid', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('note', 'jsonb')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('service_request_history_request').on('service_request_history').columns(['request_id', 'at']).execute();
  await db.schema.createIndex('service_request_history_account').on('service_request_history').columns(['account_id', 'at']).execute();

  // Traffic: vehicles, licences, medical checks, violations, disputes.
  await db.schema
    .createTable('traffic_seeds')
    .addColumn('holder_id', 'text', (c) => c.primaryKey())
    .addColumn('seeded_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('traffic_vehicles')
    .addColumn('serial', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('plate_ar', 'text', (c) => c.notNull())
    .addColumn('plate_en', 'text', (c) => c.notNull())
    .addColumn('make', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('registration_expires_on', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('traffic_vehicles_owner').on('traffic_vehicles').column('owner_id').execute();
  await db.schema
    .createTable('traffic_licences')
    .addColumn('number', 'text', (c) => c.primaryKey())
    .addColumn('holder_id', 'text', (c) => c.notNull().unique())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('traffic_medical_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('holder_id', 'text', (c) => c.notNull())
    .addColumn('clinic', 'text', (c) => c.notNull())
    .addColumn('checked_on', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('traffic_medical_checks_holder').on('traffic_medical_checks').column('holder_id').execute();
  await db.schema
    .createTable('traffic_violations')
    .addColumn('number', 'text', (c) => c.primaryKey())
    .addColumn('offender_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('plate_en', 'text', (c) => c.notNull())
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('amount_halalas', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('paid_reference', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('traffic_violations_offender').on('traffic_violations').column('offender_id').execute();
  await db.schema
    .createTable('traffic_disputes')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('violation_number', 'text', (c) => c.notNull().unique())
    .addColumn('holder_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('filed_on', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz')
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('traffic_disputes_holder').on('traffic_disputes').column('holder_id').execute();
  await db.schema
    .createTable('traffic_theft_reports')
    .addColumn('number', 'text', (c) => c.primaryKey())
    .addColumn('serial', 'text', (c) => c.notNull().unique())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('stolen_on', 'text', (c) => c.notNull())
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('reported_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('traffic_operations')
    .addColumn('reference', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('holder_id', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // Payments (SADAD): bills, and the paid notices owed to the biller.
  await sql`create sequence payments_bill_numbers`.execute(db);
  await db.schema
    .createTable('payments_bills')
    .addColumn('number', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('payer_id', 'text', (c) => c.notNull())
    .addColumn('amount_halalas', 'integer', (c) => c.notNull())
    .addColumn('description_ar', 'text', (c) => c.notNull())
    .addColumn('description_en', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('paid_at', 'timestamptz')
    .addColumn('payment_id', 'text')
    .addColumn('channel', 'text')
    .execute();
  await db.schema
    .createTable('payments_notices')
    .addColumn('notice_id', 'uuid', (c) => c.primaryKey())
    .addColumn('bill_number', 'text', (c) => c.notNull().unique().references('payments_bills.number'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deliveries', 'integer', (c) => c.notNull())
    .addColumn('delivered_at', 'timestamptz')
    .execute();
  await sql`create index payments_notices_pending on payments_notices (created_at) where delivered_at is null`.execute(db);

  // Post: national addresses and shipments with their tracking events.
  await db.schema
    .createTable('post_seeds')
    .addColumn('holder_id', 'text', (c) => c.primaryKey())
    .addColumn('seeded_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('post_addresses')
    .addColumn('holder_id', 'text', (c) => c.primaryKey())
    .addColumn('address', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create sequence post_tracking_numbers`.execute(db);
  await db.schema
    .createTable('post_shipments')
    .addColumn('tracking_number', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('recipient_id', 'text', (c) => c.notNull())
    .addColumn('contents', 'text', (c) => c.notNull())
    .addColumn('address', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('post_shipment_events')
    .addColumn('tracking_number', 'text', (c) => c.notNull().references('post_shipments.tracking_number'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_shipment_events_pk', ['tracking_number', 'status'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'post_shipment_events',
    'post_shipments',
    'post_addresses',
    'post_seeds',
    'payments_notices',
    'payments_bills',
    'traffic_operations',
    'traffic_theft_reports',
    'traffic_disputes',
    'traffic_violations',
    'traffic_medical_checks',
    'traffic_licences',
    'traffic_vehicles',
    'traffic_seeds',
    'service_request_history',
    'service_requests',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`drop sequence if exists post_tracking_numbers`.execute(db);
  await sql`drop sequence if exists payments_bill_numbers`.execute(db);
}
