// The holder's dashboard: "welcome, <name>" (the registry name in both languages), the account's
// status, the notices addressed to them (a mobile moved away, activations, …) and their requests'
// latest status changes, newest first, and the catalogue. Guarantees: a holder only ever reads their
// own records; activations are read from the audit log; the registry being down costs the name
// (the username is shown), never the page.
import type { Account, Notice, Store } from '../store.ts';
import type { CivilRegistry } from '../ports.ts';
import type { ServiceStore, ServiceRequest, StatusChange } from './store.ts';

export type DashboardNotice =
  | { kind: 'notice'; at: Date; notice: Notice }
  | { kind: 'activation'; at: Date; channel: string }
  | { kind: 'request'; at: Date; change: StatusChange };

export type Dashboard = {
  account: Account;
  name: { ar: string; en: string } | null;
  notices: DashboardNotice[];
  /** The holder's requests that are not finished, newest first. */
  openRequests: ServiceRequest[];
};

export class DashboardService {
  readonly #store: Store;
  readonly #services: ServiceStore;
  readonly #registry: CivilRegistry;

  constructor(dependencies: { store: Store; services: ServiceStore; registry: CivilRegistry }) {
    this.#store = dependencies.store;
    this.#services = dependencies.services;
    this.#registry = dependencies.registry;
  }

  async overview(accountId: string, limit = 10): Promise<Dashboard | null> {
    const account = await this.#store.accounts.findById(accountId);
    if (!account) return null;
    const [notices, events, changes, requests, person] = await Promise.all([
      this.#store.notices.listForAccount(accountId, limit),
      this.#store.audit.listForAccount(accountId, 50),
      this.#services.requests.recentChanges(accountId, limit),
      this.#services.requests.listForAccount(accountId, 20),
      this.#registry.findPerson(account.idNumber).catch(() => null),
    ]);
    const merged: DashboardNotice[] = [
      ...notices.map((notice) => ({ kind: 'notice' as const, at: notice.createdAt, notice })),
      ...events
        .filter((event) => event.type === 'activation.completed')
        .map((event) => ({ kind: 'activation' as const, at: event.occurredAt, channel: String(event.data.channel ?? '') })),
      ...changes.map((change) => ({ kind: 'request' as const, at: change.at, change })),
    ]
      .sort((a, b) => b.at.getTime() - a.at.getTime())
      .slice(0, limit);
    return {
      account,
      name: person ? { ar: person.nameAr, en: person.nameEn } : null,
      notices: merged,
      openRequests: requests.filter((request) => !['completed', 'delivered', 'rejected', 'cancelled'].includes(request.status)),
    };
  }
}
