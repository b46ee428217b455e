// The activation service's persistence port in Kysely, beside the platform's repositories in one
// transaction. Guarantees: `insertIfAbsent` relies on the unique constraint on account_id (ON
// CONFLICT DO NOTHING), so concurrent inserts for one account store exactly one record on
// PostgreSQL and PGlite alike; `lockAccountStatus` holds the account row until the transaction ends.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ActivationsTable, Database } from './schema.ts';
import { createStore } from './store.ts';
import type { AccountStatus } from '../../core/store.ts';
import type { ActivationChannel, ActivationRecord, ActivationRepository, ActivationStore } from '../../core/activation/store.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export function createActivationStore(db: Kysely<Database>): ActivationStore {
  return {
    platform: createStore(db),
    activations: activationRepository(db),
    transaction: (work) =>
      db.transaction().execute((tx) => {
        const { transaction: _nested, ...repositories } = createStore(tx);
        return work({ ...repositories, activations: activationRepository(tx) });
      }),
  };
}

function toRecord(row: Selectable<ActivationsTable>): ActivationRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    channel: row.channel as ActivationChannel,
    subChannel: row.sub_channel,
    partner: row.partner,
    reference: row.reference,
    checks: row.checks,
    actorKind: row.actor_kind as ActivationRecord['actorKind'],
    actorId: row.actor_id,
    activatedAt: row.activated_at,
  };
}

function activationRepository(db: Executor): ActivationRepository {
  return {
    async lockAccountStatus(accountId) {
      const row = await db.selectFrom('accounts').select('status').where('id', '=', accountId).forUpdate().executeTakeFirst();
      return row ? (row.status as AccountStatus) : null;
    },
    async findByAccount(accountId) {
      const row = await db.selectFrom('activations').selectAll().where('account_id', '=', accountId).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async insertIfAbsent(record) {
      const inserted = await db
        .insertInto('activations')
        .values({
          id: record.id,
          account_id: record.accountId,
          channel: record.channel,
          sub_channel: record.subChannel,
          partner: record.partner,
          reference: record.reference,
          checks: JSON.stringify(record.checks),
          actor_kind: record.actorKind,
          actor_id: record.actorId,
          activated_at: record.activatedAt,
        })
        .onConflict((conflict) => conflict.column('account_id').doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    },
  };
}
