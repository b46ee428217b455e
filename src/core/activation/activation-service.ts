// Activation: a trusted channel (a bank, a kiosk, Nafath, an officer) turns a `registered` account
// into an `active` one. Guarantees: one transaction; the account row is locked and the
// `activations` table holds at most one record per account, so any number of concurrent calls
// for one account make exactly one activation, one audit event `activation.completed` and one SMS
// confirmation (in the holder's preferred language, through the outbox); a later call answers
// `already_active` with the first record and sends nothing; suspended and disabled accounts are
// refused and nothing is written.
import { maskIdNumber } from '../identity/national-id.ts';
import type { Clock } from '../ports.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Notifier } from '../notices/notifier.ts';
import type { ActivationChannel, ActivationRecord, ActivationStore } from './store.ts';

export type { ActivationChannel } from './store.ts';

export type ActivationRequest = {
  accountId: string;
  channel: ActivationChannel;
  /** Bank code ('alrajhi'|'anb'|'saib'|'bsf'), kiosk device id, 'nafath', officer id. */
  partner: string;
  /** The partner's reference / Nafath transaction id / form reference. */
  reference: string;
  /** Bank: 'internet'|'atm'|'mobile_app'|'phone'. */
  sub_channel?: string;
  /** Office: the checks made in person. */
  checks?: Record<string, string | boolean>;
  actor: { kind: 'partner' | 'holder' | 'officer'; id: string };
};

export type ActivationOutcome =
  | { kind: 'activated'; activationId: string; at: Date }
  | { kind: 'already_active'; activationId: string; at: Date }
  | { kind: 'refused'; reason: 'not_found' | 'suspended' | 'disabled' };

export type ActivationDependencies = {
  store: ActivationStore;
  clock: Clock;
  audit: AuditLog;
  notifier: Notifier;
  wakeOutbox: () => void;
};

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ActivationService {
  readonly #deps: ActivationDependencies;

  constructor(dependencies: ActivationDependencies) {
    this.#deps = dependencies;
  }

  /** Throws TypeError for a malformed request (a caller's bug, never a person's input): nothing is written. */
  async activate(request: ActivationRequest): Promise<ActivationOutcome> {
    const { store, clock, audit, notifier } = this.#deps;
    assertWellFormed(request);
    if (!uuidPattern.test(request.accountId)) return { kind: 'refused', reason: 'not_found' };
    const outcome = await store.transaction(async (tx): Promise<ActivationOutcome> => {
      const status = await tx.activations.lockAccountStatus(request.accountId);
      if (status === null) return { kind: 'refused', reason: 'not_found' };
      if (status === 'suspended' || status === 'disabled') return { kind: 'refused', reason: status };
      const existing = await tx.activations.findByAccount(request.accountId);
      if (existing) return { kind: 'already_active', activationId: existing.id, at: existing.activatedAt };
      const account = await tx.accounts.findById(request.accountId);
      if (!account) return { kind: 'refused', reason: 'not_found' };
      const now = clock.now();
      const record: ActivationRecord = {
        id: crypto.randomUUID(),
        accountId: account.id,
        channel: request.channel,
        subChannel: request.sub_channel ?? null,
        partner: request.partner,
        reference: request.reference,
        checks: request.checks ?? {},
        actorKind: request.actor.kind,
        actorId: request.actor.id,
        activatedAt: now,
      };
      // An account made active some other way (before this service kept records) gets its record
      // now, but no second confirmation: it was active already.
      const wasActive = status === 'active';
      if (!(await tx.activations.insertIfAbsent(record))) {
        const winner = await tx.activations.findByAccount(account.id);
        if (!winner) throw new Error('activation record vanished');
        return { kind: 'already_active', activationId: winner.id, at: winner.activatedAt };
      }
      if (wasActive) return { kind: 'already_active', activationId: record.id, at: now };
      await tx.accounts.update(account.id, { status: 'active' }, now);
      if (account.mobile) {
        await notifier.sms(tx, {
          to: account.mobile,
          language: account.preferredLanguage,
          purpose: 'activation_completed',
          messageId: `activation.sms.${request.channel}`,
        });
      }
      await audit.append(tx.audit, {
        type: 'activation.completed',
        accountId: account.id,
        actor: actorLabel(request.actor),
        subject: maskIdNumber(account.idNumber),
        data: {
          activationId: record.id,
          channel: request.channel,
          ...(request.sub_channel ? { subChannel: request.sub_channel } : {}),
          partner: request.partner,
          reference: request.reference,
          actor: { kind: request.actor.kind, id: request.actor.id },
          ...(request.checks ? { checks: request.checks } : {}),
        },
      });
      return { kind: 'activated', activationId: record.id, at: now };
    });
    if (outcome.kind === 'activated') this.#deps.wakeOutbox();
    return outcome;
  }

  /** The account's activation, when it has one. */
  find(accountId: string): Promise<ActivationRecord | null> {
    if (!uuidPattern.test(accountId)) return Promise.resolve(null);
    return this.#deps.store.activations.findByAccount(accountId);
  }
}

const channels: readonly ActivationChannel[] = ['bank', 'kiosk', 'nafath', 'office', 'office_form'];
const actorKinds: ReadonlyArray<ActivationRequest['actor']['kind']> = ['partner', 'holder', 'officer'];
const shortText = (value: unknown) => typeof value === 'string' && value.trim().length > 0 && value.length <= 200;

function assertWellFormed(request: ActivationRequest): void {
  const problems: string[] = [];
  if (!channels.includes(request.channel)) problems.push('channel');
  if (!shortText(request.partner)) problems.push('partner');
  if (!shortText(request.reference)) problems.push('reference');
  if (request.sub_channel !== undefined && !shortText(request.sub_channel)) problems.push('sub_channel');
  if (!actorKinds.includes(request.actor?.kind) || !shortText(request.actor?.id)) problems.push('actor');
  if (request.checks !== undefined) {
    const entries = typeof request.checks === 'object' && request.checks !== null ? Object.entries(request.checks) : null;
    if (!entries || entries.length > 50 || entries.some(([key, value]) => key.length > 100 || !(typeof value === 'boolean' || shortText(value)))) problems.push('checks');
  }
  if (problems.length > 0) throw new TypeError(`malformed activation request: ${problems.join(', ')}`);
}

function actorLabel(actor: ActivationRequest['actor']): string {
  if (actor.kind === 'holder') return 'person';
  return `${actor.kind}:${actor.id}`;
}
