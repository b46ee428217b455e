// The core's persistence port implemented with Kysely, for PostgreSQL and PGlite alike.
// Guarantees: unique-constraint losses surface as UniquenessConflict, bigints come back as numbers
// on both drivers, and every repository handed out by `transaction` runs inside that transaction.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, AccountsTable, FlowsTable, OtpChallengesTable, OutboxTable, AuditEventsTable } from './schema.ts';
import { isUniqueViolation } from './database.ts';
import {
  UniquenessConflict,
  type Account,
  type AccountRepository,
  type AuditRecord,
  type AuditRepository,
  type CaptchaRepository,
  type FlowRecord,
  type FlowRepository,
  type NoticeRepository,
  type OtpChallenge,
  type OtpRepository,
  type OutboxMessage,
  type OutboxRepository,
  type Repositories,
  type ReservationRepository,
  type Store,
} from '../../core/store.ts';
import type { IdentifierKind } from '../../core/ports.ts';
import { lockoutRepository, passwordHistoryRepository, sessionRepository } from './sign-in-repositories.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export function createStore(db: Kysely<Database>): Store {
  return {
    ...repositoriesFor(db),
    transaction: (work) => db.transaction().execute((tx) => work(repositoriesFor(tx))),
  };
}

function repositoriesFor(db: Executor): Repositories {
  return {
    accounts: accountRepository(db),
    flows: flowRepository(db),
    reservations: reservationRepository(db),
    otp: otpRepository(db),
    captchas: captchaRepository(db),
    outbox: outboxRepository(db),
    notices: noticeRepository(db),
    audit: db.isTransaction ? auditRepository(db) : selfTransactingAudit(db as Kysely<Database>),
    sessions: sessionRepository(db),
    lockouts: lockoutRepository(db),
    passwordHistory: passwordHistoryRepository(db),
  };
}

/** Outside a transaction an append still needs one, for the chain lock to hold until it commits. */
function selfTransactingAudit(db: Kysely<Database>): AuditRepository {
  const plain = auditRepository(db);
  return { ...plain, append: (build) => db.transaction().execute((tx) => auditRepository(tx).append(build)) };
}

function toAccount(row: Selectable<AccountsTable>): Account {
  return {
    id: row.id,
    idNumber: row.id_number,
    idKind: row.id_kind as IdentifierKind,
    username: row.username,
    mobile: row.mobile,
    email: row.email,
    passwordHash: row.password_hash,
    preferredLanguage: row.preferred_language === 'en' ? 'en' : 'ar',
    status: row.status as Account['status'],
    termsVersion: row.terms_version,
    mustChangePassword: Boolean(row.must_change_password),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const accountConstraintFields: Array<[string, UniquenessConflict['field']]> = [
  ['accounts_username_key_key', 'username'],
  ['accounts_id_number_key', 'idNumber'],
  ['accounts_mobile_key', 'mobile'],
];

function accountRepository(db: Executor): AccountRepository {
  const findBy = async (column: 'id' | 'id_number' | 'username_key' | 'mobile', value: string) => {
    const row = await db.selectFrom('accounts').selectAll().where(column, '=', value).executeTakeFirst();
    return row ? toAccount(row) : null;
  };
  return {
    findById: (id) => findBy('id', id),
    findByIdNumber: (idNumber) => findBy('id_number', idNumber),
    findByUsername: (username) => findBy('username_key', username.toLowerCase()),
    findByMobile: (mobile) => findBy('mobile', mobile),
    async insert(account, now) {
      try {
        const row = await db
          .insertInto('accounts')
          .values({
            id: account.id,
            id_number: account.idNumber,
            id_kind: account.idKind,
            username: account.username,
            username_key: account.username.toLowerCase(),
            mobile: account.mobile,
            email: account.email,
            password_hash: account.passwordHash,
            preferred_language: account.preferredLanguage,
            status: account.status,
            terms_version: account.termsVersion,
            must_change_password: account.mustChangePassword ?? false,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toAccount(row);
      } catch (error) {
        for (const [constraint, field] of accountConstraintFields) {
          if (isUniqueViolation(error, constraint)) throw new UniquenessConflict(field);
        }
        throw error;
      }
    },
    async update(id, change, now) {
      try {
        const row = await db
          .updateTable('accounts')
          .set({
            ...(change.passwordHash !== undefined ? { password_hash: change.passwordHash } : {}),
            ...(change.mobile !== undefined ? { mobile: change.mobile } : {}),
            ...(change.email !== undefined ? { email: change.email } : {}),
            ...(change.preferredLanguage !== undefined ? { preferred_language: change.preferredLanguage } : {}),
            ...(change.status !== undefined ? { status: change.status } : {}),
            ...(change.mustChangePassword !== undefined ? { must_change_password: change.mustChangePassword } : {}),
            updated_at: now,
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return toAccount(row);
      } catch (error) {
        if (isUniqueViolation(error, 'accounts_mobile_key')) throw new UniquenessConflict('mobile');
        throw error;
      }
    },
    async releaseMobile(mobile, now) {
      const holder = await db.selectFrom('accounts').selectAll().where('mobile', '=', mobile).forUpdate().executeTakeFirst();
      if (!holder) return null;
      await db.updateTable('accounts').set({ mobile: null, updated_at: now }).where('id', '=', holder.id).execute();
      return toAccount(holder);
    },
  };
}

function toFlow<Data>(row: Selectable<FlowsTable>): FlowRecord<Data> {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    channel: row.channel === 'api' ? 'api' : 'web',
    subjectKey: row.subject_key,
    data: row.data as Data,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
}

function flowRepository(db: Executor): FlowRepository {
  return {
    async insert(flow) {
      await db
        .insertInto('flows')
        .values({
          id: flow.id,
          kind: flow.kind,
          state: flow.state,
          channel: flow.channel,
          subject_key: flow.subjectKey,
          data: JSON.stringify(flow.data),
          expires_at: flow.expiresAt,
          created_at: flow.createdAt,
          updated_at: flow.updatedAt,
          version: flow.version,
        })
        .execute();
    },
    async find(id, kind) {
      const row = await db.selectFrom('flows').selectAll().where('id', '=', id).where('kind', '=', kind).executeTakeFirst();
      return row ? toFlow(row) : null;
    },
    async findForUpdate(id, kind) {
      const row = await db.selectFrom('flows').selectAll().where('id', '=', id).where('kind', '=', kind).forUpdate().executeTakeFirst();
      return row ? toFlow(row) : null;
    },
    async update(flow) {
      await db
        .updateTable('flows')
        .set({
          state: flow.state,
          data: JSON.stringify(flow.data),
          expires_at: flow.expiresAt,
          updated_at: flow.updatedAt,
          version: flow.version + 1,
        })
        .where('id', '=', flow.id)
        .execute();
    },
    async deleteExpired(now, limit) {
      const expired = await db.selectFrom('flows').select('id').where('expires_at', '<', now).limit(limit).execute();
      if (expired.length === 0) return 0;
      const ids = expired.map((row) => row.id);
      await db.deleteFrom('otp_challenges').where('flow_id', 'in', ids).execute();
      const result = await db.deleteFrom('flows').where('id', 'in', ids).where('expires_at', '<', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function reservationRepository(db: Executor): ReservationRepository {
  return {
    async claim(claim, now) {
      const row = await db
        .insertInto('reservations')
        .values({
          kind: claim.kind,
          value_key: claim.value,
          flow_id: claim.flowId,
          owner_key: claim.ownerKey,
          expires_at: claim.expiresAt,
        })
        .onConflict((conflict) =>
          conflict
            .columns(['kind', 'value_key'])
            .doUpdateSet({
              flow_id: (eb) => eb.ref('excluded.flow_id'),
              owner_key: (eb) => eb.ref('excluded.owner_key'),
              expires_at: (eb) => eb.ref('excluded.expires_at'),
            })
            .where((eb) =>
              eb.or([eb('reservations.expires_at', '<', now), eb('reservations.owner_key', '=', eb.ref('excluded.owner_key'))]),
            ),
        )
        .returning('flow_id')
        .executeTakeFirst();
      return row?.flow_id === claim.flowId;
    },
    async isHeldByOther(kind, value, ownerKey, now) {
      const row = await db
        .selectFrom('reservations')
        .select('owner_key')
        .where('kind', '=', kind)
        .where('value_key', '=', value)
        .where('expires_at', '>=', now)
        .executeTakeFirst();
      return row !== undefined && row.owner_key !== ownerKey;
    },
    async releaseForOwner(ownerKey) {
      await db.deleteFrom('reservations').where('owner_key', '=', ownerKey).execute();
    },
    async deleteExpired(now) {
      const result = await db.deleteFrom('reservations').where('expires_at', '<', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function toChallenge(row: Selectable<OtpChallengesTable>): OtpChallenge {
  return {
    flowId: row.flow_id,
    purpose: row.purpose,
    mobile: row.mobile,
    subjectKey: row.subject_key,
    codeHmac: row.code_hmac,
    expiresAt: row.expires_at,
    failedAttempts: Number(row.failed_attempts),
    sendCount: Number(row.send_count),
    lastSentAt: row.last_sent_at,
    consumedAt: row.consumed_at,
  };
}

function otpRepository(db: Executor): OtpRepository {
  const select = (flowId: string, purpose: string) =>
    db.selectFrom('otp_challenges').selectAll().where('flow_id', '=', flowId).where('purpose', '=', purpose);
  return {
    async find(flowId, purpose) {
      const row = await select(flowId, purpose).executeTakeFirst();
      return row ? toChallenge(row) : null;
    },
    async findForUpdate(flowId, purpose) {
      const row = await select(flowId, purpose).forUpdate().executeTakeFirst();
      return row ? toChallenge(row) : null;
    },
    async save(challenge) {
      const values = {
        flow_id: challenge.flowId,
        purpose: challenge.purpose,
        mobile: challenge.mobile,
        subject_key: challenge.subjectKey,
        code_hmac: challenge.codeHmac,
        expires_at: challenge.expiresAt,
        failed_attempts: challenge.failedAttempts,
        send_count: challenge.sendCount,
        last_sent_at: challenge.lastSentAt,
        consumed_at: challenge.consumedAt,
      };
      await db
        .insertInto('otp_challenges')
        .values(values)
        .onConflict((conflict) => conflict.columns(['flow_id', 'purpose']).doUpdateSet(values))
        .execute();
    },
    async recordFailedAttempt(flowId, purpose) {
      const row = await db
        .updateTable('otp_challenges')
        .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
        .where('flow_id', '=', flowId)
        .where('purpose', '=', purpose)
        .returning('failed_attempts')
        .executeTakeFirstOrThrow();
      return Number(row.failed_attempts);
    },
    async markConsumed(flowId, purpose, now) {
      await db.updateTable('otp_challenges').set({ consumed_at: now }).where('flow_id', '=', flowId).where('purpose', '=', purpose).execute();
    },
    async recordSend(send) {
      await db
        .insertInto('otp_sends')
        .values({ id: crypto.randomUUID(), mobile: send.mobile, subject_key: send.subjectKey, sent_at: send.sentAt })
        .execute();
    },
    async sendTimesToMobileSince(mobile, since) {
      const rows = await db
        .selectFrom('otp_sends')
        .select('sent_at')
        .where('mobile', '=', mobile)
        .where('sent_at', '>', since)
        .orderBy('sent_at', 'asc')
        .execute();
      return rows.map((row) => row.sent_at);
    },
    async recordPersonFailure(subjectKey, at) {
      await db.insertInto('otp_failures').values({ id: crypto.randomUUID(), subject_key: subjectKey, failed_at: at }).execute();
    },
    async deleteHistoryBefore(before) {
      await db.deleteFrom('otp_sends').where('sent_at', '<', before).execute();
      await db.deleteFrom('otp_failures').where('failed_at', '<', before).execute();
    },
    async personFailuresSince(subjectKey, since) {
      const rows = await db
        .selectFrom('otp_failures')
        .select('failed_at')
        .where('subject_key', '=', subjectKey)
        .where('failed_at', '>', since)
        .orderBy('failed_at', 'asc')
        .execute();
      return rows.map((row) => row.failed_at);
    },
  };
}

function captchaRepository(db: Executor): CaptchaRepository {
  return {
    async spendOnce(token, expiresAt) {
      const row = await db
        .insertInto('spent_proofs')
        .values({ signature: token, expires_at: expiresAt })
        .onConflict((conflict) => conflict.column('signature').doNothing())
        .returning('signature')
        .executeTakeFirst();
      return row !== undefined;
    },
    async deleteExpired(now) {
      const spent = await db.deleteFrom('spent_proofs').where('expires_at', '<', now).executeTakeFirst();
      return Number(spent.numDeletedRows);
    },
  };
}

function toOutboxMessage(row: Selectable<OutboxTable>): OutboxMessage {
  return {
    id: row.id,
    channel: row.channel === 'email' ? 'email' : 'sms',
    recipient: row.recipient,
    purpose: row.purpose,
    payload: row.payload as unknown as OutboxMessage['payload'],
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
  };
}

function outboxRepository(db: Executor): OutboxRepository {
  return {
    async enqueue(message) {
      await db
        .insertInto('outbox')
        .values({
          id: message.id,
          channel: message.channel,
          recipient: message.recipient,
          purpose: message.purpose,
          payload: JSON.stringify(message.payload),
          status: 'pending',
          attempts: 0,
          next_attempt_at: message.nextAttemptAt,
          created_at: message.createdAt,
          sent_at: null,
          last_error: null,
        })
        .execute();
    },
    async claimDue(now, limit) {
      // Claiming pushes the next attempt a minute ahead, so a worker that dies mid-send only delays
      // the message; SKIP LOCKED keeps two workers from claiming the same rows.
      const due = db
        .selectFrom('outbox')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(limit)
        .forUpdate()
        .skipLocked();
      const rows = await db
        .updateTable('outbox')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: new Date(now.getTime() + 60_000) }))
        .where('id', 'in', due)
        .returningAll()
        .execute();
      return rows.map(toOutboxMessage);
    },
    async markSent(id, now) {
      // The rendered text may hold a code: once delivered, the payload is no longer kept.
      await db.updateTable('outbox').set({ status: 'sent', sent_at: now, payload: '{}', last_error: null }).where('id', '=', id).execute();
    },
    async markRetry(id, nextAttemptAt, error) {
      await db.updateTable('outbox').set({ next_attempt_at: nextAttemptAt, last_error: error }).where('id', '=', id).execute();
    },
    async markFailed(id, error) {
      await db.updateTable('outbox').set({ status: 'failed', payload: '{}', last_error: error }).where('id', '=', id).execute();
    },
    async countPending() {
      const row = await db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll().as('count'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}

function noticeRepository(db: Executor): NoticeRepository {
  return {
    async add(notice) {
      await db
        .insertInto('notices')
        .values({
          id: notice.id,
          account_id: notice.accountId,
          kind: notice.kind,
          params: JSON.stringify(notice.params),
          created_at: notice.createdAt,
          read_at: null,
        })
        .execute();
    },
    async listForAccount(accountId, limit) {
      const rows = await db
        .selectFrom('notices')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        id: row.id,
        accountId: row.account_id,
        kind: row.kind,
        params: row.params as Record<string, string | number>,
        createdAt: row.created_at,
        readAt: row.read_at,
      }));
    },
  };
}

function toAuditRecord(row: Selectable<AuditEventsTable>): AuditRecord {
  return {
    seq: Number(row.seq),
    id: row.id,
    occurredAt: row.occurred_at,
    type: row.type,
    accountId: row.account_id,
    actor: row.actor,
    subject: row.subject,
    data: row.data as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export const AUDIT_GENESIS_HASH = '0'.repeat(64);

function auditRepository(db: Executor): AuditRepository {
  return {
    async append(build) {
      // One chain: a transaction-scoped advisory lock orders appends, so each record links to the
      // one committed before it even when many transactions append at once.
      await sql`select pg_advisory_xact_lock(7215001)`.execute(db);
      const last = await db.selectFrom('audit_events').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
      const record = build(last?.hash ?? AUDIT_GENESIS_HASH);
      await db
        .insertInto('audit_events')
        .values({
          id: record.id,
          occurred_at: record.occurredAt,
          type: record.type,
          account_id: record.accountId,
          actor: record.actor,
          subject: record.subject,
          data: JSON.stringify(record.data),
          prev_hash: record.prevHash,
          hash: record.hash,
        })
        .execute();
    },
    async read(afterSeq, limit) {
      const rows = await db.selectFrom('audit_events').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
      return rows.map(toAuditRecord);
    },
    async listForAccount(accountId, limit) {
      const rows = await db
        .selectFrom('audit_events')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('seq', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toAuditRecord);
    },
  };
}
