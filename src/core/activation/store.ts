// The activation service's persistence port: activation records beside the platform's own
// repositories in one unit of work. Guarantees: at most one activation record per account (a second
// insert reports the one that won); everything done through the `tx` handed to `transaction`
// commits together or not at all; core code never sees SQL.
import type { AccountStatus, Repositories, Store } from '../store.ts';

export type ActivationChannel = 'bank' | 'kiosk' | 'nafath' | 'office' | 'office_form';

export interface ActivationRecord {
  id: string;
  accountId: string;
  channel: ActivationChannel;
  subChannel: string | null;
  partner: string;
  reference: string;
  checks: Record<string, string | boolean>;
  actorKind: 'partner' | 'holder' | 'officer';
  actorId: string;
  activatedAt: Date;
}

export interface ActivationRepository {
  /** The account's status, its row locked until the transaction ends (null when there is no such account). */
  lockAccountStatus(accountId: string): Promise<AccountStatus | null>;
  findByAccount(accountId: string): Promise<ActivationRecord | null>;
  /** Inserts the record unless the account has one already; returns whether this one was stored. */
  insertIfAbsent(record: ActivationRecord): Promise<boolean>;
}

export type ActivationUnit = Repositories & { activations: ActivationRepository };

export interface ActivationStore {
  platform: Store;
  activations: ActivationRepository;
  transaction<T>(work: (tx: ActivationUnit) => Promise<T>): Promise<T>;
}
