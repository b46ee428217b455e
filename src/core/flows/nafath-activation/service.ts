// Runs activation with Nafath for pages and the JSON API alike: `start` opens a request in the
// holder's Nafath app and returns the number to show, `view` follows it (asking Nafath while it
// waits), `acceptCallback` takes Nafath's signed push. Guarantees: only a signed-in `registered`
// holder starts one, at most 10 an hour; Nafath's own rule (one open request per person) is
// reported as a clear error with its wait; the account is activated (channel nafath, reference =
// the transaction id) only when Nafath says `completed` for that holder's own request, through the
// activation service, so a poll and a callback racing activate once; a forged or foreign callback
// changes nothing; a flow of another account is refused like an unknown one.
import { AppError } from '../../errors.ts';
import { addSeconds, secondsUntil } from '../../clock.ts';
import {
  NafathNotEnrolledError,
  NafathRequestOpenError,
  NafathUnavailableError,
  type AttemptCounters,
  type Clock,
  type NafathGateway,
  type NafathStatus,
} from '../../ports.ts';
import type { FlowRecord, Store } from '../../store.ts';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { ActivationService } from '../../activation/activation-service.ts';
import { maskIdNumber } from '../../identity/national-id.ts';
import { assertTransition, isUuid } from '../state-machine.ts';
import { findHoldersFlow, usableAccount } from '../holder-flow.ts';
import { readRequestId } from './form.ts';
import {
  nafathActivationMachine,
  nafathFlowId,
  nafathServiceName,
  type NafathActivationData,
  type NafathActivationState,
  type NafathActivationView,
} from './flow.ts';

export type NafathActivationDependencies = {
  store: Store;
  clock: Clock;
  nafath: NafathGateway;
  activation: ActivationService;
  audit: AuditLog;
  counters: AttemptCounters;
};

export type NafathActivationContext = { channel: 'web' | 'api' };

type Flow = FlowRecord<NafathActivationData>;

const startsPerHour = 10;

export class NafathActivationService {
  readonly #deps: NafathActivationDependencies;

  constructor(dependencies: NafathActivationDependencies) {
    this.#deps = dependencies;
  }

  /** Opens a Nafath request for a signed-in `registered` holder. */
  async start(accountId: string, context: NafathActivationContext): Promise<NafathActivationView> {
    const { store, clock, nafath, counters, audit } = this.#deps;
    const account = usableAccount(await store.accounts.findById(accountId));
    if (account.status === 'active') throw new AppError('activation.already_active');
    const started = await counters.hit(`nafath_activation:${account.id}`, 3600, clock.now());
    if (started > startsPerHour) {
      const now = clock.now();
      const windowEnd = Math.ceil(now.getTime() / 3_600_000) * 3_600_000;
      const wait = secondsUntil(now, new Date(windowEnd));
      throw new AppError('nafath.too_many', { retryAfterSeconds: wait, params: { count: Math.ceil(wait / 60) } });
    }
    let request;
    try {
      request = await nafath.createRequest(account.idNumber, nafathServiceName);
    } catch (error) {
      if (error instanceof NafathRequestOpenError) {
        const wait = secondsUntil(clock.now(), error.expiresAt);
        throw new AppError('nafath.request_open', { retryAfterSeconds: wait, params: { count: wait } });
      }
      if (error instanceof NafathNotEnrolledError) throw new AppError('nafath.not_enrolled');
      if (error instanceof NafathUnavailableError) throw new AppError('nafath.unavailable');
      throw error;
    }
    const now = clock.now();
    const flow: Flow = {
      id: nafathFlowId(request.transactionId),
      kind: nafathActivationMachine.kind,
      state: nafathActivationMachine.initial,
      channel: context.channel,
      subjectKey: account.idNumber,
      data: {
        accountId: account.id,
        idNumber: account.idNumber,
        transactionId: request.transactionId,
        random: request.random,
        requestExpiresAt: request.expiresAt.toISOString(),
      },
      expiresAt: addSeconds(request.expiresAt, nafathActivationMachine.lifetimeSeconds - 180),
      createdAt: now,
      updatedAt: now,
      version: 0,
    };
    await store.transaction(async (tx) => {
      await tx.flows.insert(flow);
      await audit.append(tx.audit, {
        type: 'nafath.requested',
        accountId: account.id,
        subject: maskIdNumber(account.idNumber),
        data: { channel: context.channel, transactionId: request.transactionId },
      });
    });
    return this.#toView(flow);
  }

  /** The holder's request as it stands now; while it waits, Nafath is asked. */
  async view(rawRequestId: unknown, accountId: string): Promise<NafathActivationView> {
    const { store, clock, nafath } = this.#deps;
    const requestId = readRequestId(rawRequestId);
    const flow = await findHoldersFlow<NafathActivationData>(store.flows, nafathActivationMachine.kind, requestId, accountId);
    if (flow.state !== 'waiting') return this.#toView(flow);
    let status: NafathStatus | null;
    try {
      status = await nafath.status({ nationalId: flow.data.idNumber, transactionId: flow.data.transactionId, random: flow.data.random });
    } catch (error) {
      if (!(error instanceof NafathUnavailableError)) throw error;
      status = 'waiting';
    }
    if (status === null) status = 'expired';
    if (status === 'waiting' && clock.now() >= new Date(flow.data.requestExpiresAt)) status = 'expired';
    return this.#toView(await this.#apply(flow.id, status));
  }

  /** Nafath's signed push; false when the signature does not verify or the request is not one of ours. */
  async acceptCallback(token: unknown): Promise<boolean> {
    const callback = typeof token === 'string' ? await this.#deps.nafath.verifyCallback(token) : null;
    if (!callback) return false;
    const flowId = nafathFlowId(callback.transactionId);
    const flow = isUuid(flowId) ? await this.#deps.store.flows.find<NafathActivationData>(flowId, nafathActivationMachine.kind) : null;
    if (!flow || flow.data.idNumber !== callback.nationalId || flow.data.transactionId !== callback.transactionId) return false;
    await this.#apply(flow.id, callback.status);
    return true;
  }

  /** Moves a waiting flow to what Nafath reported; a completed request activates the account first. */
  async #apply(flowId: string, status: NafathStatus): Promise<Flow> {
    const { store, clock, audit, activation } = this.#deps;
    const current = await store.flows.find<NafathActivationData>(flowId, nafathActivationMachine.kind);
    if (!current) throw new AppError('flow.not_found');
    if (current.state !== 'waiting' || status === 'waiting') return current;
    let next: NafathActivationState = status;
    let activationId: string | undefined;
    if (status === 'completed') {
      const outcome = await activation.activate({
        accountId: current.data.accountId,
        channel: 'nafath',
        partner: 'nafath',
        reference: current.data.transactionId,
        actor: { kind: 'holder', id: current.data.accountId },
      });
      if (outcome.kind === 'refused') next = 'refused';
      else activationId = outcome.activationId;
    }
    return store.transaction(async (tx) => {
      const flow = await tx.flows.findForUpdate<NafathActivationData>(flowId, nafathActivationMachine.kind);
      if (!flow) throw new AppError('flow.not_found');
      if (flow.state !== 'waiting') return flow;
      const now = clock.now();
      assertTransition(nafathActivationMachine, 'waiting', 'status', next);
      const updated: Flow = { ...flow, state: next, data: { ...flow.data, ...(activationId ? { activationId } : {}) }, updatedAt: now };
      await tx.flows.update(updated);
      if (next !== 'completed') {
        await audit.append(tx.audit, {
          type: `nafath.${next}`,
          accountId: flow.data.accountId,
          subject: maskIdNumber(flow.data.idNumber),
          data: { channel: flow.channel, transactionId: flow.data.transactionId },
        });
      }
      return updated;
    });
  }

  #toView(flow: Flow): NafathActivationView {
    const expiresAt = new Date(flow.data.requestExpiresAt);
    const state = flow.state as NafathActivationState;
    return {
      requestId: flow.id,
      state,
      random: flow.data.random,
      expiresAt,
      secondsLeft: state === 'waiting' ? Math.max(0, Math.ceil((expiresAt.getTime() - this.#deps.clock.now().getTime()) / 1000)) : 0,
    };
  }
}
