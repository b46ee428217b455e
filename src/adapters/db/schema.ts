// The database schema as Kysely sees it: one interface per table, matching the migrations.
// Guarantees: every column the code reads or writes is declared here; timestamps are Date objects
// and JSON columns are parsed values (the dialects differ only in bigint, which repositories map).
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;
type Json<T> = ColumnType<T, string, string>;

export interface AccountsTable {
  id: string;
  id_number: string;
  id_kind: string;
  username: string;
  username_key: string;
  mobile: string | null;
  email: string;
  password_hash: string;
  preferred_language: string;
  status: string;
  terms_version: string;
  must_change_password: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  account_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string;
  user_agent: string;
  channel: string;
  ended_at: Timestamp | null;
  end_reason: string | null;
}

export interface LockoutsTable {
  subject_key: string;
  failures: number;
  lockouts: number;
  locked_until: Timestamp | null;
  updated_at: Timestamp;
}

export interface PasswordHistoryTable {
  id: string;
  account_id: string;
  password_hash: string;
  created_at: Timestamp;
}

export interface FlowsTable {
  id: string;
  kind: string;
  state: string;
  channel: string;
  subject_key: string | null;
  data: Json<Record<string, unknown>>;
  expires_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}

export interface ReservationsTable {
  kind: string;
  value_key: string;
  flow_id: string;
  owner_key: string;
  expires_at: Timestamp;
}

export interface OtpChallengesTable {
  flow_id: string;
  purpose: string;
  mobile: string;
  subject_key: string;
  code_hmac: string;
  expires_at: Timestamp;
  failed_attempts: number;
  send_count: number;
  last_sent_at: Timestamp;
  consumed_at: Timestamp | null;
}

export interface OtpSendsTable {
  id: string;
  mobile: string;
  subject_key: string;
  sent_at: Timestamp;
}

export interface OtpFailuresTable {
  id: string;
  subject_key: string;
  failed_at: Timestamp;
}

export interface SpentProofsTable {
  signature: string;
  expires_at: Timestamp;
}

export interface OutboxTable {
  id: string;
  channel: string;
  recipient: string;
  purpose: string;
  payload: Json<Record<string, string>>;
  status: string;
  attempts: number;
  next_attempt_at: Timestamp;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  last_error: string | null;
}

export interface ReferenceSmsTable {
  id: string;
  /** Delivery order, for ties in sent_at. */
  seq: ColumnType<number | string, never, never>;
  recipient: string;
  text: string;
  purpose: string;
  sent_at: Timestamp;
}

export interface ReferenceEmailTable {
  id: string;
  /** Delivery order, for ties in sent_at. */
  seq: ColumnType<number | string, never, never>;
  recipient: string;
  subject: string;
  text: string;
  purpose: string;
  sent_at: Timestamp;
}

export interface NoticesTable {
  id: string;
  account_id: string;
  kind: string;
  params: Json<Record<string, string | number>>;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface AuditEventsTable {
  seq: ColumnType<number | string | bigint, never, never>;
  id: string;
  occurred_at: Timestamp;
  type: string;
  account_id: string | null;
  actor: string;
  subject: string | null;
  data: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

/** Fixed-window attempt counters (DbAttemptCounters); `count` is an integer on both drivers. */
export interface AttemptCountersTable {
  key: string;
  window_start: Timestamp;
  count: number;
  expires_at: Timestamp;
}

/** One per account (migration 0006): how, by whom and when it was activated. */
export interface ActivationsTable {
  id: string;
  account_id: string;
  channel: string;
  sub_channel: string | null;
  partner: string;
  reference: string;
  checks: Json<Record<string, string | boolean>>;
  actor_kind: string;
  actor_id: string;
  activated_at: Timestamp;
}

/** The reference Nafath service's requests (migration 0006). */
export interface ReferenceNafathRequestsTable {
  transaction_id: string;
  national_id: string;
  service: string;
  random: string;
  status: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  decided_at: Timestamp | null;
}

/** Signed callbacks the reference Nafath service owes the platform (migration 0006). */
export interface ReferenceNafathCallbacksTable {
  id: string;
  transaction_id: string;
  token: string;
  attempts: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
  last_error: string | null;
}

export interface PartnerIdempotencyTable {
  client_id: string;
  idempotency_key: string;
  request_hash: string;
  state: string;
  response_status: number | null;
  response_body: ColumnType<unknown, string | null, string | null>;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface Database {
  accounts: AccountsTable;
  flows: FlowsTable;
  reservations: ReservationsTable;
  otp_challenges: OtpChallengesTable;
  otp_sends: OtpSendsTable;
  otp_failures: OtpFailuresTable;
  spent_proofs: SpentProofsTable;
  outbox: OutboxTable;
  reference_sms: ReferenceSmsTable;
  reference_email: ReferenceEmailTable;
  notices: NoticesTable;
  audit_events: AuditEventsTable;
  attempt_counters: AttemptCountersTable;
  sessions: SessionsTable;
  lockouts: LockoutsTable;
  password_history: PasswordHistoryTable;
  activations: ActivationsTable;
  reference_nafath_requests: ReferenceNafathRequestsTable;
  reference_nafath_callbacks: ReferenceNafathCallbacksTable;
  partner_idempotency: PartnerIdempotencyTable;
}

