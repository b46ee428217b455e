// The partner idempotency store in Kysely (migration 0007). Guarantees: `claim` is one
// INSERT … ON CONFLICT on the (client, key) primary key that updates only an expired row, so of any
// number of concurrent claims exactly one succeeds, on PostgreSQL and PGlite alike, and an expired
// key is claimed anew.
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { IdempotencyStore } from '../../core/partners/idempotency.ts';

export function createIdempotencyStore(db: Kysely<Database>): IdempotencyStore {
  return {
    async claim({ clientId, key, requestHash, now, expiresAt }) {
      const inserted = await db
        .insertInto('partner_idempotency')
        .values({
          client_id: clientId,
          idempotency_key: key,
          request_hash: requestHash,
          state: 'pending',
          response_status: null,
          response_body: null,
          created_at: now,
          expires_at: expiresAt,
        })
        // A live key is never taken over; an expired one is claimed afresh in the same statement.
        .onConflict((conflict) =>
          conflict
            .columns(['client_id', 'idempotency_key'])
            .doUpdateSet((eb) => ({
              request_hash: eb.ref('excluded.request_hash'),
              state: 'pending',
              response_status: null,
              response_body: null,
              created_at: eb.ref('excluded.created_at'),
              expires_at: eb.ref('excluded.expires_at'),
            }))
            .where('partner_idempotency.expires_at', '<=', now),
        )
        .returning('client_id')
        .executeTakeFirst();
      return inserted !== undefined;
    },
    async find(clientId, key) {
      const row = await db
        .selectFrom('partner_idempotency')
        .select(['request_hash', 'state', 'response_status', 'response_body'])
        .where('client_id', '=', clientId)
        .where('idempotency_key', '=', key)
        .executeTakeFirst();
      if (!row) return null;
      return {
        requestHash: row.request_hash,
        state: row.state === 'done' ? 'done' : 'pending',
        answer: row.state === 'done' && row.response_status !== null ? { status: Number(row.response_status), body: row.response_body } : null,
      };
    },
    async complete(clientId, key, answer) {
      await db
        .updateTable('partner_idempotency')
        .set({ state: 'done', response_status: answer.status, response_body: JSON.stringify(answer.body) })
        .where('client_id', '=', clientId)
        .where('idempotency_key', '=', key)
        .execute();
    },
    async release(clientId, key) {
      await db.deleteFrom('partner_idempotency').where('client_id', '=', clientId).where('idempotency_key', '=', key).where('state', '=', 'pending').execute();
    },
    async deleteExpired(now) {
      const result = await db.deleteFrom('partner_idempotency').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
