// The request engine every e-service runs on: submission (active accounts only, idempotent on the
// holder's token, eligibility rules, fee), the steps a request goes through (SADAD bill → paid notice
// → the service's work → delivery by post → delivered), and what the holder sees of it.
// Guarantees: a `registered` (or suspended) account is refused before anything is written; the same
// idempotency token returns the same request (other input with it is refused); a subject has at
// most one open request; every status change is one transaction that records the history entry and
// queues the holder's SMS, and only moves along the service's declared steps; a paid notice that
// arrives twice moves the request once; a step whose outside system is down is retried later (the
// request stays where it is), one the system refuses ends the request `rejected` with the reason.
import { createHash, randomInt } from 'node:crypto';
import { AppError, type FieldErrors } from '../errors.ts';
import type { Clock } from '../ports.ts';
import type { Account, AccountRepository } from '../store.ts';
import type { Notifier } from '../notices/notifier.ts';
import { canonicalJson } from '../audit/audit-log.ts';
import { today } from './sectors/calendar.ts';
import type { ServiceCatalogue } from './catalogue.ts';
import {
  finalStatuses,
  type FieldSpec,
  type Message,
  type OverviewBlock,
  type RequestSnapshot,
  type RequestStatus,
  type SectorSystems,
  type ServiceContext,
  type ServiceDefinition,
  type StepOutcome,
} from './definition.ts';
import { SubjectBusy, type ServiceRequest, type ServiceStore, type ServiceUnit, type StatusChange } from './store.ts';
import type { Bill, PaidNotice } from './sectors/payments.ts';
import type { Shipment } from './sectors/post.ts';
import { isUnavailable, systemCall } from './errors.ts';

export type RequestServiceDependencies = {
  store: ServiceStore;
  accounts: AccountRepository;
  catalogue: ServiceCatalogue;
  systems: SectorSystems;
  clock: Clock;
  notifier: Notifier;
  wakeOutbox: () => void;
  /** How long a SADAD bill stays payable (default 7 days). */
  billLifetimeDays?: number;
};

export type ServicePage = {
  definition: ServiceDefinition<any>;
  overview: OverviewBlock[];
  fields: FieldSpec[];
  /** Rules that already fail before the form is filled (empty when the holder may apply). */
  ineligible: Message[];
  /** The holder's requests of this service, newest first. */
  requests: ServiceRequest[];
};

export type RequestDetails = {
  request: ServiceRequest;
  definition: ServiceDefinition<any>;
  history: StatusChange[];
  bill: Bill | null;
  shipment: Shipment | null;
};

type NextStep = {
  to: RequestStatus;
  actor: StatusChange['actor'];
  note?: Message | null;
  billNumber?: string;
  trackingNumber?: string;
  result?: Record<string, string | number>;
};

const idempotencyKeyPattern = /^[A-Za-z0-9_-]{8,100}$/;
const messageIdPattern = /^[a-z_]+(\.[a-z_0-9]+)+$/;

export class RequestService {
  readonly #deps: RequestServiceDependencies;

  constructor(dependencies: RequestServiceDependencies) {
    this.#deps = dependencies;
  }

  get catalogue(): ServiceCatalogue {
    return this.#deps.catalogue;
  }

  /** The holder's context for a service; refuses an account that is not active. */
  async context(accountId: string): Promise<ServiceContext> {
    const account = await this.#deps.accounts.findById(accountId);
    if (!account) throw new AppError('auth.required');
    if (account.status !== 'active') throw new AppError('eservices.account_not_active', { params: { status: account.status } });
    return this.#contextOf(account);
  }

  definition(serviceId: string): ServiceDefinition<any> {
    const definition = this.#deps.catalogue.get(serviceId);
    if (!definition) throw new AppError('eservices.not_found');
    return definition;
  }

  /** What the service's page shows the holder: their records, the form and whether they may apply. */
  async page(accountId: string, serviceId: string): Promise<ServicePage> {
    const definition = this.definition(serviceId);
    const context = await this.context(accountId);
    const overview = definition.overview ? await systemCall(() => definition.overview!(context)) : [];
    if (definition.inquiryOnly) return { definition, overview, fields: [], ineligible: [], requests: [] };
    const [fields, ineligible, requests] = await Promise.all([
      systemCall(() => definition.fields(context)),
      this.#failures(definition, context, null),
      this.#deps.store.requests.listForAccount(accountId, 50),
    ]);
    return { definition, overview, fields, ineligible, requests: requests.filter((request) => request.serviceId === serviceId) };
  }

  /**
   * Submits a request. Returns the request (moved as far as it can go now) and whether it was a
   * replay of an earlier submission with the same token.
   */
  async submit(
    accountId: string,
    serviceId: string,
    raw: Record<string, unknown>,
    options: { idempotencyKey: string; channel: 'web' | 'api' },
  ): Promise<{ request: ServiceRequest; replayed: boolean }> {
    const definition = this.definition(serviceId);
    if (definition.inquiryOnly) throw new AppError('eservices.not_found');
    if (!idempotencyKeyPattern.test(options.idempotencyKey)) throw new AppError('eservices.idempotency_key_invalid');
    const context = await this.context(accountId);
    const input = parseForm(definition, raw);
    const inputHash = createHash('sha256').update(canonicalJson(input)).digest('hex');

    const earlier = await this.#deps.store.requests.findByKey(accountId, serviceId, options.idempotencyKey);
    if (earlier) return { request: await this.#replay(earlier, inputHash), replayed: true };

    const failures = await this.#failures(definition, context, input);
    if (failures.length > 0) {
      const fields: FieldErrors = { eligibility: failures.map((failure) => ({ code: failure.id, ...(failure.params ? { params: failure.params } : {}) })) };
      throw new AppError('eservices.not_eligible', { fields });
    }
    const fee = await systemCall(() => definition.fee(context, input));
    const now = this.#deps.clock.now();
    const candidate: ServiceRequest = {
      id: crypto.randomUUID(),
      reference: newReference(),
      accountId,
      holderId: context.person.idNumber,
      serviceId,
      status: 'submitted',
      input,
      inputHash,
      idempotencyKey: options.idempotencyKey,
      subjectKey: definition.subjectKey(context, input),
      channel: options.channel,
      feeHalalas: fee?.halalas ?? 0,
      billNumber: null,
      trackingNumber: null,
      result: {},
      createdAt: now,
      updatedAt: now,
    };
    let stored: { inserted: boolean; request: ServiceRequest };
    try {
      stored = await this.#deps.store.transaction(async (tx) => {
        const outcome = await tx.requests.insertOrReplay(candidate);
        if (outcome.inserted) await this.#record(tx, context.account, outcome.request, null, 'holder', null);
        return outcome;
      });
    } catch (error) {
      if (error instanceof SubjectBusy) throw new AppError('eservices.request_open', { params: { reference: error.reference } });
      throw error;
    }
    if (!stored.inserted) return { request: await this.#replay(stored.request, inputHash), replayed: true };
    this.#deps.wakeOutbox();
    return { request: await this.advance(stored.request.id), replayed: false };
  }

  /** The holder's own request (moved along first when an outside system has news), with its history, bill and shipment. */
  async details(accountId: string, requestId: string): Promise<RequestDetails> {
    await this.#own(accountId, requestId);
    const request = await this.advance(requestId);
    const definition = this.definition(request.serviceId);
    const [history, bill, shipment] = await Promise.all([
      this.#deps.store.requests.history(requestId),
      request.billNumber ? this.#quietly(() => this.#deps.systems.payments.bill(request.billNumber!)) : null,
      request.trackingNumber ? this.#quietly(() => this.#deps.systems.post.shipment(request.trackingNumber!)) : null,
    ]);
    return { request, definition, history, bill: bill ?? null, shipment: shipment ?? null };
  }

  async list(accountId: string, limit = 50): Promise<ServiceRequest[]> {
    return this.#deps.store.requests.listForAccount(accountId, limit);
  }

  /** Pays the request's SADAD bill from the holder's bank channel; a second payment is refused. */
  async pay(accountId: string, requestId: string, channel = 'absher'): Promise<ServiceRequest> {
    const request = await this.#own(accountId, requestId);
    const context = await this.context(accountId);
    if (request.status !== 'awaiting_payment' || !request.billNumber) {
      const paidAlready = request.billNumber !== null && !['submitted', 'awaiting_payment', 'cancelled'].includes(request.status);
      if (paidAlready) throw new AppError('payments.already_paid');
      throw new AppError('eservices.wrong_status', { params: { status: request.status } });
    }
    const billNumber = request.billNumber;
    await systemCall(() => this.#deps.systems.payments.pay(billNumber, { payerId: context.person.idNumber, amountHalalas: request.feeHalalas, channel }));
    return this.advance(requestId);
  }

  /**
   * The payments system's paid notice (at least once). Moves the request to `paid` the first time;
   * a repeated notice, a notice for another amount or for no request of ours changes nothing.
   */
  async onPaidNotice(notice: PaidNotice): Promise<'applied' | 'duplicate' | 'mismatch' | 'unknown'> {
    const known = (await this.#deps.store.requests.findByBill(notice.billNumber)) ?? null;
    if (!known) return 'unknown';
    const outcome = await this.#deps.store.transaction(async (tx) => {
      const request = await tx.requests.findForUpdate(known.id);
      if (!request || request.status !== 'awaiting_payment') return 'duplicate' as const;
      if (request.feeHalalas !== notice.amountHalalas) return 'mismatch' as const;
      await this.#move(tx, request, { to: 'paid', actor: 'payments', note: { id: 'eservices.note.paid', params: { payment: notice.paymentId } } });
      return 'applied' as const;
    });
    if (outcome === 'applied') {
      this.#deps.wakeOutbox();
      await this.advance(known.id);
    }
    return outcome;
  }

  /**
   * Moves a request along as far as it can go now. An outside system that is down leaves it where it
   * is (a later view or the sweep tries again); a refusal of the service's work rejects it.
   */
  async advance(requestId: string): Promise<ServiceRequest> {
    let request = await this.#deps.store.requests.find(requestId);
    if (!request) throw new AppError('eservices.request_not_found');
    for (let step = 0; step < 10 && !finalStatuses.includes(request.status); step += 1) {
      let next: NextStep | null;
      try {
        next = await this.#nextStep(request);
      } catch (error) {
        // Down (503) or refusing for now (409, e.g. no national address yet): it waits where it is.
        if (isUnavailable(error) || (error instanceof AppError && error.status === 409)) return request;
        throw error;
      }
      if (!next) return request;
      const from = request.status;
      const moved = await this.#deps.store.transaction(async (tx) => {
        const current = await tx.requests.findForUpdate(requestId);
        if (!current || current.status !== from) return false;
        const account = await tx.accounts.findById(current.accountId);
        await this.#move(tx, current, next, account);
        return true;
      });
      if (moved) this.#deps.wakeOutbox();
      request = (await this.#deps.store.requests.find(requestId))!;
    }
    return request;
  }

  /** Moves along open requests nobody looked at for a minute (bills paid at a bank, disputes decided, parcels delivered). */
  async sweep(limit = 100): Promise<number> {
    const stale = await this.#deps.store.requests.listStale(new Date(this.#deps.clock.now().getTime() - 60_000), limit);
    let moved = 0;
    for (const request of stale) {
      try {
        const after = await this.advance(request.id);
        if (after.status !== request.status) moved += 1;
      } catch {
        // One request's trouble must not stop the others; it is tried again on the next sweep.
      }
    }
    return moved;
  }

  async #replay(earlier: ServiceRequest, inputHash: string): Promise<ServiceRequest> {
    if (earlier.inputHash !== inputHash) throw new AppError('eservices.idempotency_mismatch');
    return this.advance(earlier.id);
  }

  async #own(accountId: string, requestId: string): Promise<ServiceRequest> {
    const request = /^[0-9a-f-]{36}$/i.test(requestId) ? await this.#deps.store.requests.find(requestId) : null;
    if (!request || request.accountId !== accountId) throw new AppError('eservices.request_not_found');
    return request;
  }

  async #contextOf(account: Account): Promise<ServiceContext> {
    const person = await systemCall(() => this.#deps.systems.registry.findPerson(account.idNumber));
    if (!person) throw new AppError('eservices.no_record');
    const now = this.#deps.clock.now();
    return { now, today: today(now), account, person, systems: this.#deps.systems };
  }

  async #failures(definition: ServiceDefinition<any>, context: ServiceContext, input: unknown): Promise<Message[]> {
    const outcomes = await Promise.all(definition.rules.map((rule) => systemCall(() => rule.check(context, input))));
    return outcomes.filter((outcome): outcome is Message => outcome !== null);
  }

  async #quietly<T>(call: () => Promise<T>): Promise<T | null> {
    try {
      return await systemCall(call);
    } catch (error) {
      if (isUnavailable(error)) return null;
      throw error;
    }
  }

  /** The next step of an open request, asking the outside systems; null when it waits on someone. */
  async #nextStep(request: ServiceRequest): Promise<NextStep | null> {
    const definition = this.definition(request.serviceId);
    const { payments, post } = this.#deps.systems;
    switch (request.status) {
      case 'submitted': {
        if (request.feeHalalas > 0 && !request.billNumber) {
          const texts = definition.texts;
          const bill = await this.#refusalRejects(() =>
            payments.createBill({
              reference: request.id,
              payerId: request.holderId,
              amountHalalas: request.feeHalalas,
              descriptionAr: `${texts.ar.title} ${request.reference}`,
              descriptionEn: `${texts.en.title} ${request.reference}`,
              expiresAt: new Date(this.#deps.clock.now().getTime() + (this.#deps.billLifetimeDays ?? 7) * 86_400_000),
            }),
          );
          if ('to' in bill) return bill;
          return { to: 'awaiting_payment', actor: 'system', billNumber: bill.number, note: { id: 'eservices.note.bill_created', params: { bill: bill.number } } };
        }
        return this.#work(definition, request, () => definition.process);
      }
      case 'awaiting_payment': {
        const bill = await systemCall(() => payments.bill(request.billNumber!));
        if (bill?.status === 'paid') return { to: 'paid', actor: 'payments', note: { id: 'eservices.note.paid', params: { payment: bill.paymentId ?? '' } } };
        if (!bill || bill.status === 'expired') return { to: 'cancelled', actor: 'payments', note: { id: 'eservices.note.bill_expired' } };
        return null;
      }
      case 'paid':
        return this.#work(definition, request, () => definition.process);
      case 'under_review':
        return definition.poll ? this.#work(definition, request, () => definition.poll!) : null;
      case 'approved': {
        if (!definition.document) return null;
        const contents = definition.document.contents;
        const shipment = await systemCall(() => post.createShipment({ reference: request.id, recipientId: request.holderId, contents }));
        return { to: 'shipped', actor: 'post', trackingNumber: shipment.trackingNumber, note: { id: 'eservices.note.shipped', params: { tracking: shipment.trackingNumber } } };
      }
      case 'shipped': {
        const shipment = await systemCall(() => post.shipment(request.trackingNumber!));
        return shipment?.status === 'delivered' ? { to: 'delivered', actor: 'post', note: null } : null;
      }
      default:
        return null;
    }
  }

  /** Calls an outside system; its refusal (a 409) becomes the step that rejects the request. */
  async #refusalRejects<T>(call: () => Promise<T>): Promise<T | NextStep> {
    try {
      return await systemCall(call);
    } catch (error) {
      if (error instanceof AppError && error.status === 409) {
        return { to: 'rejected', actor: 'system', note: { id: error.code, ...(error.details.params ? { params: error.details.params } : {}) } };
      }
      throw error;
    }
  }

  /** Runs the service's work (or its poll); a refusal by the outside system rejects the request. */
  async #work(
    definition: ServiceDefinition<any>,
    request: ServiceRequest,
    pick: () => (context: ServiceContext, snapshot: RequestSnapshot<any>) => Promise<StepOutcome | null>,
  ): Promise<NextStep | null> {
    const account = await this.#deps.accounts.findById(request.accountId);
    if (!account) return null;
    const context = await this.#contextOf(account);
    const snapshot: RequestSnapshot<unknown> = {
      id: request.id,
      reference: request.reference,
      status: request.status,
      input: request.input,
      result: request.result,
      feeHalalas: request.feeHalalas,
    };
    try {
      const outcome = await systemCall(() => pick()(context, snapshot));
      if (!outcome || outcome.status === request.status) return null;
      return { to: outcome.status, actor: 'sector', note: outcome.note ?? null, ...(outcome.result ? { result: outcome.result } : {}) };
    } catch (error) {
      if (error instanceof AppError && error.status === 409) {
        return { to: 'rejected', actor: 'sector', note: { id: error.code, ...(error.details.params ? { params: error.details.params } : {}) } };
      }
      throw error;
    }
  }

  async #move(tx: ServiceUnit, request: ServiceRequest, next: NextStep, account?: Account | null): Promise<void> {
    const definition = this.definition(request.serviceId);
    const allowed = definition.steps[request.status] ?? [];
    if (!allowed.includes(next.to)) throw new Error(`${definition.id}: ${request.status} → ${next.to} is not one of its steps`);
    const updated: ServiceRequest = {
      ...request,
      status: next.to,
      billNumber: next.billNumber ?? request.billNumber,
      trackingNumber: next.trackingNumber ?? request.trackingNumber,
      result: next.result ? { ...request.result, ...next.result } : request.result,
      updatedAt: this.#deps.clock.now(),
    };
    await tx.requests.save(updated);
    const holder = account === undefined ? await tx.accounts.findById(request.accountId) : account;
    await this.#record(tx, holder, updated, request.status, next.actor, next.note ?? null);
  }

  /** The history entry and the holder's SMS for a status change, in the change's transaction. */
  async #record(
    tx: ServiceUnit,
    account: Account | null,
    request: ServiceRequest,
    from: RequestStatus | null,
    actor: StatusChange['actor'],
    note: Message | null,
  ): Promise<void> {
    const at = this.#deps.clock.now();
    await tx.requests.addChange({
      id: crypto.randomUUID(),
      requestId: request.id,
      accountId: request.accountId,
      serviceId: request.serviceId,
      reference: request.reference,
      from,
      to: request.status,
      actor,
      note,
      at,
    });
    if (account?.mobile) {
      const definition = this.definition(request.serviceId);
      await this.#deps.notifier.sms(tx, {
        to: account.mobile,
        language: account.preferredLanguage,
        purpose: 'eservices.request',
        messageId: `eservices.sms.${request.status}`,
        params: { service: definition.texts[account.preferredLanguage].title!, reference: request.reference },
      });
    }
  }
}

/** Parses the submitted form with the service's schema; every problem is reported at once as field errors. */
export function parseForm<Input>(definition: ServiceDefinition<Input>, raw: Record<string, unknown>): Input {
  const parsed = definition.form.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fields: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    const missing = raw[field] === undefined || raw[field] === '' || (Array.isArray(raw[field]) && (raw[field] as unknown[]).length === 0);
    const code = messageIdPattern.test(issue.message) ? issue.message : missing ? 'eservices.field_required' : 'eservices.field_invalid';
    const list = (fields[field] ??= []);
    if (!list.some((each) => each.code === code)) list.push({ code });
  }
  throw new AppError('validation.failed', { fields });
}

/** A 12-digit random reference people can read out (a unique index guards it). */
function newReference(): string {
  return `${randomInt(1, 10)}${String(randomInt(0, 100_000)).padStart(5, '0')}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
}
