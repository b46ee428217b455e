// The e-services' persistence port: service requests and their status history beside the
// platform's repositories in one unit of work. Guarantees: one request per (account, service,
// idempotency key) and at most one open request per (service, subject) — both held by unique
// indexes, so concurrent duplicates resolve to one winner; everything done through the `tx` handed
// to `transaction` commits together or not at all; core code never sees SQL.
import type { Repositories } from '../store.ts';
import type { Message, RequestStatus } from './definition.ts';

export type ServiceRequest = {
  id: string;
  /** What the holder quotes (12 characters, e.g. SR2611220001ABCD → shown grouped). */
  reference: string;
  accountId: string;
  /** The holder's identifier (the registry person the request is about). */
  holderId: string;
  serviceId: string;
  status: RequestStatus;
  input: unknown;
  /** SHA-256 of the canonical input: a replayed idempotency key with other input is refused. */
  inputHash: string;
  idempotencyKey: string;
  subjectKey: string;
  channel: 'web' | 'api';
  feeHalalas: number;
  billNumber: string | null;
  trackingNumber: string | null;
  result: Record<string, string | number>;
  createdAt: Date;
  updatedAt: Date;
};

export type StatusChange = {
  id: string;
  requestId: string;
  accountId: string;
  serviceId: string;
  reference: string;
  from: RequestStatus | null;
  to: RequestStatus;
  actor: 'holder' | 'system' | 'payments' | 'sector' | 'post';
  note: Message | null;
  at: Date;
};

/** Raised when the subject already has an open request of that service. */
export class SubjectBusy extends Error {
  readonly reference: string;
  constructor(reference: string) {
    super('the subject already has an open request');
    this.name = 'SubjectBusy';
    this.reference = reference;
  }
}

export interface ServiceRequestRepository {
  /**
   * Inserts the request unless the account already used the idempotency key for the service
   * (then returns that one, inserted=false); throws SubjectBusy when the subject has an open one.
   */
  insertOrReplay(request: ServiceRequest): Promise<{ inserted: boolean; request: ServiceRequest }>;
  findByKey(accountId: string, serviceId: string, idempotencyKey: string): Promise<ServiceRequest | null>;
  find(id: string): Promise<ServiceRequest | null>;
  /** Reads the request and locks it until the transaction ends. */
  findForUpdate(id: string): Promise<ServiceRequest | null>;
  findByBill(billNumber: string): Promise<ServiceRequest | null>;
  /** Saves status, bill, tracking and result (and closes the subject when the status is final). */
  save(request: ServiceRequest): Promise<void>;
  listForAccount(accountId: string, limit: number): Promise<ServiceRequest[]>;
  /** Open requests not touched since `before`, oldest first (for the background sweep). */
  listStale(before: Date, limit: number): Promise<ServiceRequest[]>;
  addChange(change: StatusChange): Promise<void>;
  history(requestId: string): Promise<StatusChange[]>;
  /** The account's latest status changes, newest first (for the dashboard's notices). */
  recentChanges(accountId: string, limit: number): Promise<StatusChange[]>;
}

export type ServiceUnit = Repositories & { requests: ServiceRequestRepository };

export interface ServiceStore {
  requests: ServiceRequestRepository;
  transaction<T>(work: (tx: ServiceUnit) => Promise<T>): Promise<T>;
}
