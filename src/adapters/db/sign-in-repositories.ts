// Repositories of sign-in state: sessions, lockouts and password history, with Kysely.
// Guarantees: a failure count is incremented in one statement (concurrent wrong passwords from
// several processes are all counted); ended sessions are kept (for the holder's history) but never
// returned as live.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, SessionsTable } from './schema.ts';
import type { Lockout, LockoutRepository, PasswordHistoryRepository, Session, SessionRepository } from '../../core/store.ts';

type Executor = Kysely<Database> | Transaction<Database>;

function toSession(row: Selectable<SessionsTable>): Session {
  return {
    id: row.id,
    accountId: row.account_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    ip: row.ip,
    userAgent: row.user_agent,
    channel: row.channel === 'api' ? 'api' : 'web',
    endedAt: row.ended_at,
    endReason: row.end_reason,
  };
}

export function sessionRepository(db: Executor): SessionRepository {
  return {
    async insert(session) {
      await db
        .insertInto('sessions')
        .values({
          id: session.id,
          account_id: session.accountId,
          created_at: session.createdAt,
          last_seen_at: session.lastSeenAt,
          expires_at: session.expiresAt,
          ip: session.ip,
          user_agent: session.userAgent,
          channel: session.channel,
          ended_at: null,
          end_reason: null,
        })
        .execute();
    },
    async find(id) {
      const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toSession(row) : null;
    },
    async touch(id, now) {
      await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).where('ended_at', 'is', null).execute();
    },
    async end(id, reason, now) {
      const result = await db
        .updateTable('sessions')
        .set({ ended_at: now, end_reason: reason })
        .where('id', '=', id)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async endAllForAccount(accountId, reason, now, exceptId) {
      let query = db
        .updateTable('sessions')
        .set({ ended_at: now, end_reason: reason })
        .where('account_id', '=', accountId)
        .where('ended_at', 'is', null);
      if (exceptId) query = query.where('id', '!=', exceptId);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async listLive(accountId, now, idleSeconds) {
      const rows = await db
        .selectFrom('sessions')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('ended_at', 'is', null)
        .where('expires_at', '>', now)
        .where('last_seen_at', '>', new Date(now.getTime() - idleSeconds * 1000))
        .orderBy('created_at', 'desc')
        .limit(50)
        .execute();
      return rows.map(toSession);
    },
  };
}

export function lockoutRepository(db: Executor): LockoutRepository {
  const toLockout = (row: { subject_key: string; failures: number; lockouts: number; locked_until: Date | null }): Lockout => ({
    subjectKey: row.subject_key,
    failures: Number(row.failures),
    lockouts: Number(row.lockouts),
    lockedUntil: row.locked_until,
  });
  return {
    async find(subjectKey) {
      const row = await db.selectFrom('lockouts').selectAll().where('subject_key', '=', subjectKey).executeTakeFirst();
      return row ? toLockout(row) : null;
    },
    async recordFailure(subjectKey, now) {
      const row = await db
        .insertInto('lockouts')
        .values({ subject_key: subjectKey, failures: 1, lockouts: 0, locked_until: null, updated_at: now })
        .onConflict((conflict) =>
          conflict.column('subject_key').doUpdateSet((eb) => ({ failures: eb('lockouts.failures', '+', 1), updated_at: now })),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return toLockout(row);
    },
    async lock(subjectKey, until, now) {
      await db
        .updateTable('lockouts')
        .set((eb) => ({ failures: 0, lockouts: eb('lockouts', '+', 1), locked_until: until, updated_at: now }))
        .where('subject_key', '=', subjectKey)
        .execute();
    },
    async clear(subjectKey) {
      await db.deleteFrom('lockouts').where('subject_key', '=', subjectKey).execute();
    },
  };
}

export function passwordHistoryRepository(db: Executor): PasswordHistoryRepository {
  return {
    async add(accountId, passwordHash, now) {
      await db
        .insertInto('password_history')
        .values({ id: crypto.randomUUID(), account_id: accountId, password_hash: passwordHash, created_at: now })
        .execute();
    },
    async recent(accountId, limit) {
      const rows = await db
        .selectFrom('password_history')
        .select('password_hash')
        .where('account_id', '=', accountId)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((row) => row.password_hash);
    },
  };
}
