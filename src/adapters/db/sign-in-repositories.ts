// Repositories of sign-in state: sessions, lockouts and password history, with Kysely.
// Guarantees: a wrong password is counted, or refused while a lock holds, in one statement (wrong
// passwords racing from several processes are counted one after the other, and none after the
// lock); ended sessions are kept (for the holder's history) but never returned as live.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
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

type LockoutRow = { subject_key: string; failures: number; lockouts: number; locked_until: Date | null; updated_at: Date };

function toLockout(row: LockoutRow): Lockout {
  return {
    subjectKey: row.subject_key,
    failures: Number(row.failures),
    lockouts: Number(row.lockouts),
    lockedUntil: row.locked_until,
    updatedAt: row.updated_at,
  };
}

export function lockoutRepository(db: Executor): LockoutRepository {
  const repository: LockoutRepository = {
    async find(subjectKey) {
      const row = await db.selectFrom('lockouts').selectAll().where('subject_key', '=', subjectKey).executeTakeFirst();
      return row ? toLockout(row) : null;
    },
    async recordFailure(subjectKey, now, rules) {
      // One statement: the upsert takes the row lock, so concurrent failures queue on it and each
      // sees the one before; the WHERE refuses to count while a lock holds (the row then comes back
      // empty). A record quiet for `forgetAfterQuietSeconds` starts again from nothing.
      const quiet = sql`(greatest(l.updated_at, coalesce(l.locked_until, l.updated_at)) + ${rules.forgetAfterQuietSeconds}::float8 * interval '1 second' <= ${now}::timestamptz)`;
      const next = sql`(case when ${quiet} then 1 else l.failures + 1 end)`;
      const level = sql`(case when ${quiet} then 0 else l.lockouts end)`;
      const reaches = sql`(${next} >= ${rules.failuresBeforeLock}::int)`;
      const result = await sql<LockoutRow>`
        insert into lockouts as l (subject_key, failures, lockouts, locked_until, updated_at)
        values (${subjectKey}, 1, 0, null, ${now}::timestamptz)
        on conflict (subject_key) do update set
          failures = case when ${reaches} then 0 else ${next} end,
          lockouts = ${level} + case when ${reaches} then 1 else 0 end,
          locked_until = case when ${reaches}
            then ${now}::timestamptz + least(${rules.firstLockSeconds}::float8 * power(2::float8, ${level}), ${rules.longestLockSeconds}::float8) * interval '1 second'
            else null end,
          updated_at = ${now}::timestamptz
        where l.locked_until is null or l.locked_until <= ${now}::timestamptz
        returning l.subject_key, l.failures, l.lockouts, l.locked_until, l.updated_at`.execute(db);
      const row = result.rows[0];
      if (row) {
        const lockout = toLockout(row);
        // A lock just set reports the failure that set it.
        return { counted: true, lockout: lockout.lockedUntil ? { ...lockout, failures: rules.failuresBeforeLock } : lockout };
      }
      const holding = await repository.find(subjectKey);
      if (holding?.lockedUntil && holding.lockedUntil > now) return { counted: false, lockedUntil: holding.lockedUntil };
      // The lock ended (or was lifted) between the two statements: count this failure after all.
      return repository.recordFailure(subjectKey, now, rules);
    },
    async acceptPassword(subjectKey, now) {
      const row = await db.selectFrom('lockouts').selectAll().where('subject_key', '=', subjectKey).forUpdate().executeTakeFirst();
      if (!row) return null;
      const lockout = toLockout(row);
      const lockHolds = lockout.lockedUntil !== null && lockout.lockedUntil > now;
      if (!lockHolds && lockout.failures > 0) {
        await db.updateTable('lockouts').set({ failures: 0 }).where('subject_key', '=', subjectKey).execute();
      }
      return lockout;
    },
    async clear(subjectKey) {
      await db.deleteFrom('lockouts').where('subject_key', '=', subjectKey).execute();
    },
  };
  return repository;
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
