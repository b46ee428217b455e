// The e-services' persistence port in Kysely (PostgreSQL and PGlite): service requests and their
// status history, beside the platform's repositories in one transaction.
// Guarantees: `insertOrReplay` relies on the unique indexes (ON CONFLICT DO NOTHING), so concurrent
// submissions with one idempotency key store one request and concurrent requests for one subject
// store one open request, on both databases; `findForUpdate` holds the row until the transaction
// ends; the `open` flag follows the status (false once final), which frees the subject.
import type { ColumnType, Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from './schema.ts';
import { createStore } from './store.ts';
import { finalStatuses, type Message, type RequestStatus } from '../../core/services/definition.ts';
import { SubjectBusy, type ServiceRequest, type ServiceRequestRepository, type ServiceStore, type StatusChange } from '../../core/services/store.ts';

type Json<T> = ColumnType<T, string, string>;

export type ServiceTables = {
  service_requests: {
    id: string;
    reference: string;
    account_id: string;
    holder_id: string;
    service_id: string;
    status: string;
    open: boolean;
    input: Json<unknown>;
    input_hash: string;
    idempotency_key: string;
    subject_key: string;
    channel: string;
    fee_halalas: number;
    bill_number: string | null;
    tracking_number: string | null;
    result: Json<Record<string, string | number>>;
    created_at: Date;
    updated_at: Date;
  };
  service_request_history: {
    id: string;
    seq: ColumnType<string | number, never, never>;
    request_id: string;
    account_id: string;
    service_id: string;
    reference: string;
    from_status: string | null;
    to_status: string;
    actor: string;
    note: Json<Message | null>;
    at: Date;
  };
};

type Db = Kysely<Database & ServiceTables>;
type Executor = Db | Transaction<Database & ServiceTables>;

export function createServiceStore(db: Kysely<Database>): ServiceStore {
  const typed: Db = db.withTables<ServiceTables>();
  return {
    requests: requestRepository(typed),
    transaction: (work) =>
      typed.transaction().execute((tx) => {
        const { transaction: _nested, ...repositories } = createStore(tx as unknown as Kysely<Database>);
        return work({ ...repositories, requests: requestRepository(tx) });
      }),
  };
}

function toRequest(row: Selectable<ServiceTables['service_requests']>): ServiceRequest {
  return {
    id: row.id,
    reference: row.reference,
    accountId: row.account_id,
    holderId: row.holder_id,
    serviceId: row.service_id,
    status: row.status as RequestStatus,
    input: row.input,
    inputHash: row.input_hash,
    idempotencyKey: row.idempotency_key,
    subjectKey: row.subject_key,
    channel: row.channel === 'api' ? 'api' : 'web',
    feeHalalas: Number(row.fee_halalas),
    billNumber: row.bill_number,
    trackingNumber: row.tracking_number,
    result: row.result ?? {},
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toChange(row: Selectable<ServiceTables['service_request_history']>): StatusChange {
  return {
    id: row.id,
    requestId: row.request_id,
    accountId: row.account_id,
    serviceId: row.service_id,
    reference: row.reference,
    from: row.from_status as RequestStatus | null,
    to: row.to_status as RequestStatus,
    actor: row.actor as StatusChange['actor'],
    note: row.note ?? null,
    at: row.at,
  };
}

function requestRepository(db: Executor): ServiceRequestRepository {
  const findByKey = async (accountId: string, serviceId: string, idempotencyKey: string) => {
    const row = await db
      .selectFrom('service_requests')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('service_id', '=', serviceId)
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    return row ? toRequest(row) : null;
  };
  return {
    findByKey,
    async insertOrReplay(request) {
      const inserted = await db
        .insertInto('service_requests')
        .values({
          id: request.id,
          reference: request.reference,
          account_id: request.accountId,
          holder_id: request.holderId,
          service_id: request.serviceId,
          status: request.status,
          open: !finalStatuses.includes(request.status),
          input: JSON.stringify(request.input),
          input_hash: request.inputHash,
          idempotency_key: request.idempotencyKey,
          subject_key: request.subjectKey,
          channel: request.channel,
          fee_halalas: request.feeHalalas,
          bill_number: request.billNumber,
          tracking_number: request.trackingNumber,
          result: JSON.stringify(request.result),
          created_at: request.createdAt,
          updated_at: request.updatedAt,
        })
        .onConflict((conflict) => conflict.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { inserted: true, request: toRequest(inserted) };
      const earlier = await findByKey(request.accountId, request.serviceId, request.idempotencyKey);
      if (earlier) return { inserted: false, request: earlier };
      const open = await db
        .selectFrom('service_requests')
        .select('reference')
        .where('service_id', '=', request.serviceId)
        .where('subject_key', '=', request.subjectKey)
        .where('open', '=', true)
        .executeTakeFirst();
      if (open) throw new SubjectBusy(open.reference);
      throw new Error('service request reference clash');
    },
    async find(id) {
      const row = await db.selectFrom('service_requests').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRequest(row) : null;
    },
    async findForUpdate(id) {
      const row = await db.selectFrom('service_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      return row ? toRequest(row) : null;
    },
    async findByBill(billNumber) {
      const row = await db.selectFrom('service_requests').selectAll().where('bill_number', '=', billNumber).executeTakeFirst();
      return row ? toRequest(row) : null;
    },
    async save(request) {
      await db
        .updateTable('service_requests')
        .set({
          status: request.status,
          open: !finalStatuses.includes(request.status),
          bill_number: request.billNumber,
          tracking_number: request.trackingNumber,
          result: JSON.stringify(request.result),
          updated_at: request.updatedAt,
        })
        .where('id', '=', request.id)
        .execute();
    },
    async listForAccount(accountId, limit) {
      const rows = await db
        .selectFrom('service_requests')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toRequest);
    },
    async listStale(before, limit) {
      const rows = await db
        .selectFrom('service_requests')
        .selectAll()
        .where('open', '=', true)
        .where('updated_at', '<', before)
        .orderBy('updated_at', 'asc')
        .limit(limit)
        .execute();
      return rows.map(toRequest);
    },
    async addChange(change) {
      await db
        .insertInto('service_request_history')
        .values({
          id: change.id,
          request_id: change.requestId,
          account_id: change.accountId,
          service_id: change.serviceId,
          reference: change.reference,
          from_status: change.from,
          to_status: change.to,
          actor: change.actor,
          note: JSON.stringify(change.note),
          at: change.at,
        })
        .execute();
    },
    async history(requestId) {
      const rows = await db.selectFrom('service_request_history').selectAll().where('request_id', '=', requestId).orderBy('seq', 'asc').execute();
      return rows.map(toChange);
    },
    async recentChanges(accountId, limit) {
      const rows = await db
        .selectFrom('service_request_history')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('seq', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toChange);
    },
  };
}
