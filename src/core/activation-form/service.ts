// The printed activation form (DESIGN §2 "Account life", office): a registered holder gets a
// reference to bring to an activation centre, where an officer activates the account with it.
// Guarantees: one live reference per account at a time (asking again gives the same one until it
// expires or is used, and concurrent asks agree on one), valid 30 days, single use; only a
// `registered` account gets one; issuing is audited.
import { AppError } from '../errors.ts';
import { addSeconds } from '../clock.ts';
import type { CivilRegistry, Clock } from '../ports.ts';
import type { Account } from '../store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { maskIdNumber } from '../identity/national-id.ts';
import type { ActivationFormRecord, BackofficeStore } from '../backoffice/store.ts';
import { newFormReference } from './reference.ts';

export const activationFormRules = { lifetimeSeconds: 30 * 24 * 60 * 60 } as const;

export type ActivationForm = {
  reference: string;
  createdAt: Date;
  expiresAt: Date;
  account: Account;
  /** As the civil registry knows the holder (null when the registry cannot say now). */
  person: { nameAr: string; nameEn: string; birthDate: string; nationality: string } | null;
};

export function isLive(record: ActivationFormRecord, now: Date): boolean {
  return record.usedAt === null && now < record.expiresAt;
}

export class ActivationFormService {
  readonly #store: BackofficeStore;
  readonly #clock: Clock;
  readonly #audit: AuditLog;
  readonly #registry: CivilRegistry;

  constructor(dependencies: { store: BackofficeStore; clock: Clock; audit: AuditLog; registry: CivilRegistry }) {
    this.#store = dependencies.store;
    this.#clock = dependencies.clock;
    this.#audit = dependencies.audit;
    this.#registry = dependencies.registry;
  }

  /** The holder's live form, issued now when there is none. */
  async formFor(accountId: string): Promise<ActivationForm> {
    const now = this.#clock.now();
    const { account, record } = await this.#store.transaction(async (tx) => {
      const account = await tx.accounts.findById(accountId);
      if (!account) throw new AppError('not_found');
      if (account.status !== 'registered') throw new AppError('activation_form.not_registered', { params: { status: account.status } });
      const existing = await tx.activationForms.findByAccount(accountId);
      if (existing && isLive(existing, now)) return { account, record: existing };
      const fresh: ActivationFormRecord = {
        accountId,
        reference: newFormReference(),
        createdAt: now,
        expiresAt: addSeconds(now, activationFormRules.lifetimeSeconds),
        usedAt: null,
        usedBy: null,
      };
      const stored = await tx.activationForms.save(fresh, existing?.reference ?? null);
      if (stored.reference === fresh.reference) {
        await this.#audit.append(tx.audit, {
          type: 'activation_form.issued',
          accountId,
          subject: maskIdNumber(account.idNumber),
          data: { expiresAt: fresh.expiresAt.toISOString() },
        });
      }
      return { account, record: stored };
    });
    const person = await this.#registry.findPerson(account.idNumber).catch(() => null);
    return {
      reference: record.reference,
      createdAt: record.createdAt,
      expiresAt: record.expiresAt,
      account,
      person: person ? { nameAr: person.nameAr, nameEn: person.nameEn, birthDate: person.birthDate, nationality: person.nationality } : null,
    };
  }
}
