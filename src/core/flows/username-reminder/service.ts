// Forgot username for pages and the API: `start` sends an SMS code, `submit(flowId, event)` verifies or
// resends it. Guarantees: nothing tells whether an account exists; the username is shown only by a completed,
// unexpired flow; the completion, its SMS and its audit record commit together.
import { AppError } from '../../errors.ts';
import { addSeconds } from '../../clock.ts';
import type { AttemptCounters, Clock } from '../../ports.ts';
import type { FlowRecord, Store } from '../../store.ts';
import type { OtpService, OtpTiming } from '../../otp/otp-service.ts';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { Notifier } from '../../notices/notifier.ts';
import type { CaptchaService } from '../../captcha/captcha-service.ts';
import { maskIdNumber } from '../../identity/national-id.ts';
import { maskMobile } from '../../identity/mobile.ts';
import { assertTransition, isUuid, loadForEvent } from '../state-machine.ts';
import { RecoveryGate, type RecoveryContext } from '../recovery.ts';
import { readCode, type UsernameReminderInput } from './form.ts';
import {
  usernameReminderMachine,
  usernameReminderOtpPurpose,
  type UsernameReminderData,
  type UsernameReminderEvent,
  type UsernameReminderState,
  type UsernameReminderView,
} from './flow.ts';

export type UsernameReminderDependencies = {
  store: Store;
  clock: Clock;
  otp: OtpService;
  audit: AuditLog;
  notifier: Notifier;
  captcha: CaptchaService;
  counters: AttemptCounters;
  wakeOutbox: () => void;
};

export type UsernameReminderSubmission = { event: 'verify_code'; code: unknown } | { event: 'resend_code' };

type Flow = FlowRecord<UsernameReminderData>;
type Outcome = { view: UsernameReminderView } | { error: AppError };

export class UsernameReminderService {
  readonly #deps: UsernameReminderDependencies;
  readonly #gate: RecoveryGate;

  constructor(dependencies: UsernameReminderDependencies) {
    this.#deps = dependencies;
    const { store, clock, counters, captcha, audit } = dependencies;
    this.#gate = new RecoveryGate({ store, clock, counters, captcha, audit });
  }

  /** Accepts ID + mobile + visual code of an account: creates the flow and sends the code. */
  async start(input: UsernameReminderInput, context: RecoveryContext): Promise<UsernameReminderView> {
    const { store, clock, audit } = this.#deps;
    const account = await this.#gate.admit(input, context, 'username_reminder');
    const now = clock.now();
    const flow: Flow = {
      id: crypto.randomUUID(),
      kind: usernameReminderMachine.kind,
      state: usernameReminderMachine.initial,
      channel: context.channel,
      subjectKey: account.idNumber,
      data: { accountId: account.id, idNumber: account.idNumber, mobile: account.mobile, language: account.preferredLanguage, ip: context.ip },
      expiresAt: addSeconds(now, usernameReminderMachine.lifetimeSeconds),
      createdAt: now,
      updatedAt: now,
      version: 0,
    };
    const view = await store.transaction(async (tx) => {
      await tx.flows.insert(flow);
      const timing = await this.#deps.otp.send(tx, this.#otpRequest(flow));
      await audit.append(tx.audit, {
        type: 'username_reminder.started',
        accountId: account.id,
        subject: maskIdNumber(account.idNumber),
        data: { channel: context.channel, address: context.ip, mobile: maskMobile(account.mobile) },
      });
      return toView(flow, timing);
    });
    this.#deps.wakeOutbox();
    return view;
  }

  /** Applies an event to a forgot-username flow. */
  async submit(flowId: string, submission: UsernameReminderSubmission): Promise<UsernameReminderView> {
    const outcome = submission.event === 'verify_code' ? await this.#verify(flowId, submission.code) : await this.#resend(flowId);
    this.#deps.wakeOutbox();
    if ('error' in outcome) throw outcome.error;
    return outcome.view;
  }

  async view(flowId: string): Promise<UsernameReminderView> {
    const { store, clock, otp } = this.#deps;
    const flow = isUuid(flowId) ? await store.flows.find<UsernameReminderData>(flowId, usernameReminderMachine.kind) : null;
    if (!flow) throw new AppError('flow.not_found');
    // Even a completed flow stops showing the username when it expires.
    if (clock.now() >= flow.expiresAt) throw new AppError('flow.expired');
    const timing = flow.state === 'completed' ? null : await otp.timing(store, flow.id, usernameReminderOtpPurpose);
    return toView(flow, timing);
  }

  async #verify(flowId: string, code: unknown): Promise<Outcome> {
    const { store, clock, notifier, audit } = this.#deps;
    return store.transaction(async (tx) => {
      const now = clock.now();
      const flow = await loadForEvent<UsernameReminderState, UsernameReminderEvent, UsernameReminderData>(
        tx.flows,
        usernameReminderMachine,
        flowId,
        'verify_code',
        now,
      );
      const subject = maskIdNumber(flow.data.idNumber);
      const checked = await this.#deps.otp.verifyOutcome(tx, flow.id, usernameReminderOtpPurpose, readCode(code));
      if (!checked.ok) {
        await audit.append(tx.audit, {
          type: 'otp.failed',
          accountId: flow.data.accountId,
          subject,
          data: { flow: 'username_reminder', reason: checked.error.code },
        });
        return { error: checked.error };
      }
      const account = await tx.accounts.findById(flow.data.accountId);
      if (!account) return { error: new AppError('flow.not_found') };
      assertTransition(usernameReminderMachine, flow.state, 'verify_code', 'completed');
      const completed: Flow = { ...flow, state: 'completed', data: { ...flow.data, username: account.username }, updatedAt: now };
      await tx.flows.update(completed);
      await notifier.sms(tx, {
        to: flow.data.mobile,
        language: account.preferredLanguage,
        purpose: 'username_reminder',
        messageId: 'sms.username_reminder',
        params: { username: account.username },
      });
      await audit.append(tx.audit, {
        type: 'username_reminder.completed',
        accountId: account.id,
        subject,
        data: { channel: flow.channel, address: flow.data.ip },
      });
      return { view: toView(completed, null) };
    });
  }

  async #resend(flowId: string): Promise<Outcome> {
    const { store, clock } = this.#deps;
    return store.transaction(async (tx) => {
      const flow = await loadForEvent<UsernameReminderState, UsernameReminderEvent, UsernameReminderData>(
        tx.flows,
        usernameReminderMachine,
        flowId,
        'resend_code',
        clock.now(),
      );
      const timing = await this.#deps.otp.send(tx, this.#otpRequest(flow));
      await this.#deps.audit.append(tx.audit, {
        type: 'otp.resent',
        accountId: flow.data.accountId,
        subject: maskIdNumber(flow.data.idNumber),
        data: { flow: 'username_reminder' },
      });
      return { view: toView(flow, timing) };
    });
  }

  #otpRequest(flow: Flow) {
    return {
      flowId: flow.id,
      purpose: usernameReminderOtpPurpose,
      mobile: flow.data.mobile,
      subjectKey: flow.data.idNumber,
      language: flow.data.language,
      messageId: 'sms.username_reminder_code',
    };
  }
}

function toView(flow: Flow, timing: OtpTiming | null): UsernameReminderView {
  const state = flow.state as UsernameReminderState;
  return {
    reminderId: flow.id,
    state,
    channel: flow.channel,
    mobileMasked: maskMobile(flow.data.mobile),
    expiresAt: flow.expiresAt,
    otpExpiresAt: timing?.expiresAt ?? null,
    resendAvailableAt: timing?.resendAvailableAt ?? null,
    sendsLeft: timing?.sendsLeft ?? 0,
    username: state === 'completed' ? (flow.data.username ?? null) : null,
  };
}
