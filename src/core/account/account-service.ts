// What a signed-in holder can see of their own account: its state, the notices addressed to them
// (a mobile moved away, activations) and their recent security events. Guarantees: a holder only
// ever reads their own records; events are shown as recorded (masked identifiers only).
import type { Account, AuditRecord, Notice, Store } from '../store.ts';

export type AccountOverview = { account: Account; notices: Notice[] };

export class AccountService {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async overview(accountId: string): Promise<AccountOverview | null> {
    const account = await this.#store.accounts.findById(accountId);
    if (!account) return null;
    return { account, notices: await this.#store.notices.listForAccount(accountId, 10) };
  }

  securityEvents(accountId: string, limit = 50): Promise<AuditRecord[]> {
    return this.#store.audit.listForAccount(accountId, limit);
  }
}
