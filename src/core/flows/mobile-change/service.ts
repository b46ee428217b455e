// Runs the mobile change for pages and the JSON API alike: `start` takes the new number and sends
// a code to the current one, `submit(flowId, event, accountId)` verifies or resends the code of
// the current step, `view` reads the flow. Guarantees: only a holder with a mobile can start (a lost
// number is changed at a kiosk or an office); the change needs the code of the old number and then
// of the new one; the new number moves from any account that held it (that holder is told); the
// update, the move, the confirmations to both numbers, the notice and the audit records commit
// together or not at all; a flow of another account is refused like an unknown one.
import { AppError } from '../../errors.ts';
import { addSeconds } from '../../clock.ts';
import type { Clock } from '../../ports.ts';
import { UniquenessConflict, type Account, type FlowRecord, type Repositories, type Store } from '../../store.ts';
import type { OtpService, OtpTiming } from '../../otp/otp-service.ts';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { Notifier } from '../../notices/notifier.ts';
import { maskIdNumber } from '../../identity/national-id.ts';
import { maskMobile } from '../../identity/mobile.ts';
import { assertTransition } from '../state-machine.ts';
import { findHoldersFlow, loadHoldersFlowForEvent, readCode, usableAccount } from '../holder-flow.ts';
import { checkMobileChangeForm, type MobileChangeInput } from './form.ts';
import {
  mobileChangeMachine,
  mobileChangeOtpPurposes,
  type MobileChangeData,
  type MobileChangeEvent,
  type MobileChangeState,
  type MobileChangeView,
} from './flow.ts';
import { tellPreviousHolder } from '../../account/mobile-moved.ts';

export type MobileChangeDependencies = {
  store: Store;
  clock: Clock;
  otp: OtpService;
  audit: AuditLog;
  notifier: Notifier;
  wakeOutbox: () => void;
};

export type MobileChangeContext = { channel: 'web' | 'api' };

export type MobileChangeSubmission = { event: 'verify_code'; code: unknown } | { event: 'resend_code' };

type Flow = FlowRecord<MobileChangeData>;
type WaitingState = keyof typeof mobileChangeOtpPurposes;

export class MobileChangeService {
  readonly #deps: MobileChangeDependencies;

  constructor(dependencies: MobileChangeDependencies) {
    this.#deps = dependencies;
  }

  /** Accepts the new number of a signed-in holder and sends a code to their current number. */
  async start(accountId: string, input: MobileChangeInput, context: MobileChangeContext): Promise<MobileChangeView> {
    const { store, clock } = this.#deps;
    const account = usableAccount(await store.accounts.findById(accountId));
    if (!account.mobile) throw new AppError('mobile_change.no_current_mobile');
    const newMobile = checkMobileChangeForm(input, account.mobile);
    const now = clock.now();
    const flow: Flow = {
      id: crypto.randomUUID(),
      kind: mobileChangeMachine.kind,
      state: mobileChangeMachine.initial,
      channel: context.channel,
      subjectKey: account.idNumber,
      data: {
        accountId: account.id,
        idNumber: account.idNumber,
        username: account.username,
        oldMobile: account.mobile,
        newMobile,
        language: account.preferredLanguage,
      },
      expiresAt: addSeconds(now, mobileChangeMachine.lifetimeSeconds),
      createdAt: now,
      updatedAt: now,
      version: 0,
    };
    const view = await store.transaction(async (tx) => {
      await tx.flows.insert(flow);
      const timing = await this.#deps.otp.send(tx, this.#otpRequest(flow, 'old_code'));
      await this.#deps.audit.append(tx.audit, {
        type: 'mobile_change.started',
        accountId: account.id,
        subject: maskIdNumber(account.idNumber),
        data: { channel: context.channel, from: maskMobile(account.mobile!), to: maskMobile(newMobile) },
      });
      return toView(flow, timing);
    });
    this.#deps.wakeOutbox();
    return view;
  }

  /** Applies an event to one of the holder's mobile changes. */
  async submit(flowId: string, submission: MobileChangeSubmission, accountId: string): Promise<MobileChangeView> {
    const outcome = submission.event === 'verify_code' ? await this.#verify(flowId, submission.code, accountId) : await this.#resend(flowId, accountId);
    this.#deps.wakeOutbox();
    if ('error' in outcome) throw outcome.error;
    return outcome.view;
  }

  async view(flowId: string, accountId: string): Promise<MobileChangeView> {
    const { store, clock, otp } = this.#deps;
    const flow = await findHoldersFlow<MobileChangeData>(store.flows, mobileChangeMachine.kind, flowId, accountId);
    const state = flow.state as MobileChangeState;
    if (state === 'completed') return toView(flow, null);
    if (clock.now() >= flow.expiresAt) throw new AppError('flow.expired');
    return toView(flow, await otp.timing(store, flow.id, mobileChangeOtpPurposes[state]));
  }

  async #verify(flowId: string, code: unknown, accountId: string): Promise<{ view: MobileChangeView } | { error: AppError }> {
    const { store, clock, otp, audit } = this.#deps;
    return store.transaction(async (tx) => {
      const now = clock.now();
      const flow = await loadHoldersFlowForEvent<MobileChangeState, MobileChangeEvent, MobileChangeData>(
        tx.flows,
        mobileChangeMachine,
        flowId,
        'verify_code',
        now,
        accountId,
      );
      const state = flow.state as WaitingState;
      const checked = await otp.verifyOutcome(tx, flow.id, mobileChangeOtpPurposes[state], readCode(code));
      if (!checked.ok) {
        await audit.append(tx.audit, {
          type: 'otp.failed',
          accountId,
          subject: maskIdNumber(flow.data.idNumber),
          data: { flow: 'mobile_change', step: state, reason: checked.error.code },
        });
        return { error: checked.error };
      }
      const account = usableAccount(await tx.accounts.findById(accountId));
      // The number the first code went to must still be the account's (another registration may
      // have taken it meanwhile): otherwise this change no longer stands on a confirmed number.
      if (account.mobile !== flow.data.oldMobile) throw new AppError('mobile_change.stale');

      if (state === 'old_code') {
        assertTransition(mobileChangeMachine, flow.state, 'verify_code', 'new_code');
        const next: Flow = { ...flow, state: 'new_code', updatedAt: now };
        await tx.flows.update(next);
        const timing = await otp.send(tx, this.#otpRequest(next, 'new_code'));
        await audit.append(tx.audit, {
          type: 'mobile_change.old_confirmed',
          accountId,
          subject: maskIdNumber(account.idNumber),
          data: { to: maskMobile(flow.data.newMobile) },
        });
        return { view: toView(next, timing) };
      }
      return { view: await this.#complete(tx, flow, account, now) };
    });
  }

  async #complete(tx: Repositories, flow: Flow, account: Account, now: Date): Promise<MobileChangeView> {
    const { notifier, audit } = this.#deps;
    const { oldMobile, newMobile } = flow.data;
    const previousHolder = await tx.accounts.releaseMobile(newMobile, now);
    try {
      await tx.accounts.update(account.id, { mobile: newMobile }, now);
    } catch (error) {
      if (error instanceof UniquenessConflict) throw new AppError('mobile_change.conflict');
      throw error;
    }
    if (previousHolder) await tellPreviousHolder(tx, this.#deps, { previousHolder, toAccountId: account.id, mobile: newMobile });

    assertTransition(mobileChangeMachine, flow.state, 'verify_code', 'completed');
    const completed: Flow = { ...flow, state: 'completed', updatedAt: now };
    await tx.flows.update(completed);
    const language = account.preferredLanguage;
    await notifier.sms(tx, {
      to: oldMobile,
      language,
      purpose: 'mobile_changed',
      messageId: 'sms.mobile_changed_old',
      params: { mobile: maskMobile(newMobile) },
    });
    await notifier.sms(tx, {
      to: newMobile,
      language,
      purpose: 'mobile_changed',
      messageId: 'sms.mobile_changed_new',
      params: { username: account.username },
    });
    await notifier.notice(tx, account.id, 'mobile.changed', { mobile: maskMobile(newMobile) });
    await audit.append(tx.audit, {
      type: 'mobile.changed',
      accountId: account.id,
      subject: maskIdNumber(account.idNumber),
      data: { channel: flow.channel, from: maskMobile(oldMobile), to: maskMobile(newMobile), movedFromAnotherAccount: previousHolder !== null },
    });
    return toView(completed, null);
  }

  async #resend(flowId: string, accountId: string): Promise<{ view: MobileChangeView }> {
    const { store, clock } = this.#deps;
    return store.transaction(async (tx) => {
      const flow = await loadHoldersFlowForEvent<MobileChangeState, MobileChangeEvent, MobileChangeData>(
        tx.flows,
        mobileChangeMachine,
        flowId,
        'resend_code',
        clock.now(),
        accountId,
      );
      const state = flow.state as WaitingState;
      const timing = await this.#deps.otp.send(tx, this.#otpRequest(flow, state));
      await this.#deps.audit.append(tx.audit, {
        type: 'otp.resent',
        accountId,
        subject: maskIdNumber(flow.data.idNumber),
        data: { flow: 'mobile_change', step: state },
      });
      return { view: toView(flow, timing) };
    });
  }

  #otpRequest(flow: Flow, state: WaitingState) {
    return {
      flowId: flow.id,
      purpose: mobileChangeOtpPurposes[state],
      mobile: state === 'old_code' ? flow.data.oldMobile : flow.data.newMobile,
      subjectKey: flow.data.idNumber,
      language: flow.data.language,
      messageId: state === 'old_code' ? 'sms.mobile_change_old_code' : 'sms.mobile_change_new_code',
    };
  }
}

function toView(flow: Flow, timing: OtpTiming | null): MobileChangeView {
  const state = flow.state as MobileChangeState;
  return {
    changeId: flow.id,
    state,
    channel: flow.channel,
    mobileMasked: maskMobile(state === 'old_code' ? flow.data.oldMobile : flow.data.newMobile),
    oldMobileMasked: maskMobile(flow.data.oldMobile),
    newMobileMasked: maskMobile(flow.data.newMobile),
    expiresAt: flow.expiresAt,
    otpExpiresAt: timing?.expiresAt ?? null,
    resendAvailableAt: timing?.resendAvailableAt ?? null,
    sendsLeft: timing?.sendsLeft ?? 0,
  };
}
