// The back office's repositories with Kysely (tables of migration 0008), and its unit of work that
// also hands out the platform's repositories on the same transaction. Guarantees: a TOTP step is
// claimed by one conditional UPDATE (two sign-ins with one code: one wins); an activation form is
// inserted once per account and replaced only when it is still the one the caller saw; bigints and
// timestamps come back the same on PostgreSQL and PGlite; TOTP secrets are stored sealed (AES-GCM).
import type { ColumnType, Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from './schema.ts';
import { isUniqueViolation } from './database.ts';
import { createStore } from './store.ts';
import {
  OfficerUsernameTaken,
  type ActivationFormRecord,
  type ActivationFormRepository,
  type BackofficeRepositories,
  type BackofficeStore,
  type Officer,
  type OfficerRepository,
  type OfficerSession,
  type OfficerSessionRepository,
} from '../../core/backoffice/store.ts';
import type { Role } from '../../core/backoffice/roles.ts';
import type { Sealer } from '../../core/sealer.ts';

type Timestamp = ColumnType<Date, Date, Date>;

interface BackofficeOfficersTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  password_hash: string;
  totp_secret: string;
  totp_last_step: ColumnType<number | string, number | undefined, number>;
  status: string;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

interface BackofficeSessionsTable {
  id: string;
  officer_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string;
  user_agent: string;
  ended_at: Timestamp | null;
  end_reason: string | null;
}

interface ActivationFormsTable {
  account_id: string;
  reference: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  used_by: string | null;
}

type BackofficeDatabase = Database & {
  backoffice_officers: BackofficeOfficersTable;
  backoffice_sessions: BackofficeSessionsTable;
  activation_forms: ActivationFormsTable;
};

type Executor = Kysely<BackofficeDatabase> | Transaction<BackofficeDatabase>;

/** `totpSealer` seals officers' TOTP secrets at rest: a copy of the table does not give the second factor away. */
export function createBackofficeStore(db: Kysely<Database>, totpSealer: Sealer): BackofficeStore {
  const own = db as unknown as Kysely<BackofficeDatabase>;
  return {
    platform: createStore(db),
    ...backofficeRepositories(own, totpSealer),
    transaction: (work) =>
      own.transaction().execute((tx) => {
        const { transaction: _unused, ...platform } = createStore(tx as unknown as Kysely<Database>);
        return work({ ...platform, ...backofficeRepositories(tx, totpSealer) });
      }),
  };
}

function backofficeRepositories(db: Executor, totpSealer: Sealer): BackofficeRepositories {
  return { officers: officerRepository(db, totpSealer), officerSessions: officerSessionRepository(db), activationForms: activationFormRepository(db) };
}

function officerFrom(row: Selectable<BackofficeOfficersTable>, totpSealer: Sealer): Officer {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    passwordHash: row.password_hash,
    totpSecret: totpSealer.unseal(row.totp_secret),
    totpLastStep: Number(row.totp_last_step),
    status: row.status === 'active' ? 'active' : 'disabled',
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function officerRepository(db: Executor, totpSealer: Sealer): OfficerRepository {
  const toOfficer = (row: Selectable<BackofficeOfficersTable>) => officerFrom(row, totpSealer);
  return {
    async findById(id) {
      const row = await db.selectFrom('backoffice_officers').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toOfficer(row) : null;
    },
    async findByUsername(username) {
      const row = await db.selectFrom('backoffice_officers').selectAll().where('username', '=', username).executeTakeFirst();
      return row ? toOfficer(row) : null;
    },
    async list() {
      const rows = await db.selectFrom('backoffice_officers').selectAll().orderBy('created_at', 'asc').limit(500).execute();
      return rows.map(toOfficer);
    },
    async count() {
      const row = await db.selectFrom('backoffice_officers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async insert(officer, now) {
      try {
        const row = await db
          .insertInto('backoffice_officers')
          .values({
            id: officer.id,
            username: officer.username,
            display_name: officer.displayName,
            role: officer.role,
            password_hash: officer.passwordHash,
            totp_secret: totpSealer.seal(officer.totpSecret),
            totp_last_step: 0,
            status: officer.status,
            created_by: officer.createdBy,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toOfficer(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw new OfficerUsernameTaken();
        throw error;
      }
    },
    async claimTotpStep(id, step, now) {
      const result = await db
        .updateTable('backoffice_officers')
        .set({ totp_last_step: step, updated_at: now })
        .where('id', '=', id)
        .where('totp_last_step', '<', step)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async setStatus(id, status, now) {
      await db.updateTable('backoffice_officers').set({ status, updated_at: now }).where('id', '=', id).execute();
    },
  };
}

function toSession(row: Selectable<BackofficeSessionsTable>): OfficerSession {
  return {
    id: row.id,
    officerId: row.officer_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    ip: row.ip,
    userAgent: row.user_agent,
    endedAt: row.ended_at,
    endReason: row.end_reason,
  };
}

function officerSessionRepository(db: Executor): OfficerSessionRepository {
  return {
    async insert(session) {
      await db
        .insertInto('backoffice_sessions')
        .values({
          id: session.id,
          officer_id: session.officerId,
          created_at: session.createdAt,
          last_seen_at: session.lastSeenAt,
          expires_at: session.expiresAt,
          ip: session.ip,
          user_agent: session.userAgent,
          ended_at: null,
          end_reason: null,
        })
        .execute();
    },
    async find(id) {
      const row = await db.selectFrom('backoffice_sessions').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toSession(row) : null;
    },
    async touch(id, now) {
      await db.updateTable('backoffice_sessions').set({ last_seen_at: now }).where('id', '=', id).where('ended_at', 'is', null).execute();
    },
    async end(id, reason, now) {
      const result = await db
        .updateTable('backoffice_sessions')
        .set({ ended_at: now, end_reason: reason })
        .where('id', '=', id)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async endAllForOfficer(officerId, reason, now) {
      const result = await db
        .updateTable('backoffice_sessions')
        .set({ ended_at: now, end_reason: reason })
        .where('officer_id', '=', officerId)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}

function toForm(row: Selectable<ActivationFormsTable>): ActivationFormRecord {
  return {
    accountId: row.account_id,
    reference: row.reference,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    usedBy: row.used_by,
  };
}

function activationFormRepository(db: Executor): ActivationFormRepository {
  return {
    async findByAccount(accountId) {
      const row = await db.selectFrom('activation_forms').selectAll().where('account_id', '=', accountId).executeTakeFirst();
      return row ? toForm(row) : null;
    },
    async findByReference(reference) {
      const row = await db.selectFrom('activation_forms').selectAll().where('reference', '=', reference).executeTakeFirst();
      return row ? toForm(row) : null;
    },
    async findByReferenceForUpdate(reference) {
      const row = await db.selectFrom('activation_forms').selectAll().where('reference', '=', reference).forUpdate().executeTakeFirst();
      return row ? toForm(row) : null;
    },
    async save(record, replacing) {
      const values = {
        reference: record.reference,
        created_at: record.createdAt,
        expires_at: record.expiresAt,
        used_at: null,
        used_by: null,
      };
      if (replacing === null) {
        await db
          .insertInto('activation_forms')
          .values({ account_id: record.accountId, ...values })
          .onConflict((conflict) => conflict.column('account_id').doNothing())
          .execute();
      } else {
        await db.updateTable('activation_forms').set(values).where('account_id', '=', record.accountId).where('reference', '=', replacing).execute();
      }
      const stored = await db.selectFrom('activation_forms').selectAll().where('account_id', '=', record.accountId).executeTakeFirstOrThrow();
      return toForm(stored);
    },
    async markUsed(reference, officerId, now) {
      const result = await db
        .updateTable('activation_forms')
        .set({ used_at: now, used_by: officerId })
        .where('reference', '=', reference)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
