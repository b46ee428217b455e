// Runs the e-mail change for pages and the JSON API alike: `start` takes the new address and sends
// a code to it by e-mail, `submit(flowId, event, accountId)` verifies or resends that code, `view`
// reads the flow. Guarantees: the address changes only after the new address proved it receives
// mail (the code rules are those of SMS codes, the hourly limit keyed on the address); the old
// address is told, the holder gets a notice, and all of it commits with the change; a flow of
// another account is refused like an unknown one.
import { AppError } from '../../errors.ts';
import { addSeconds } from '../../clock.ts';
import type { Clock } from '../../ports.ts';
import type { FlowRecord, Store } from '../../store.ts';
import type { OtpService, OtpTiming } from '../../otp/otp-service.ts';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { Notifier } from '../../notices/notifier.ts';
import { maskIdNumber } from '../../identity/national-id.ts';
import { maskEmail } from '../../identity/email.ts';
import { assertTransition } from '../state-machine.ts';
import { findHoldersFlow, loadHoldersFlowForEvent, readCode, usableAccount } from '../holder-flow.ts';
import { checkEmailChangeForm, type EmailChangeInput } from './form.ts';
import { emailChangeMachine, emailChangeOtpPurpose, type EmailChangeData, type EmailChangeEvent, type EmailChangeState, type EmailChangeView } from './flow.ts';

export type EmailChangeDependencies = {
  store: Store;
  clock: Clock;
  otp: OtpService;
  audit: AuditLog;
  notifier: Notifier;
  wakeOutbox: () => void;
};

export type EmailChangeContext = { channel: 'web' | 'api' };

export type EmailChangeSubmission = { event: 'verify_code'; code: unknown } | { event: 'resend_code' };

type Flow = FlowRecord<EmailChangeData>;

export class EmailChangeService {
  readonly #deps: EmailChangeDependencies;

  constructor(dependencies: EmailChangeDependencies) {
    this.#deps = dependencies;
  }

  /** Accepts the new address of a signed-in holder and sends a code to it. */
  async start(accountId: string, input: EmailChangeInput, context: EmailChangeContext): Promise<EmailChangeView> {
    const { store, clock } = this.#deps;
    const account = usableAccount(await store.accounts.findById(accountId));
    const newEmail = checkEmailChangeForm(input, account.email);
    const now = clock.now();
    const flow: Flow = {
      id: crypto.randomUUID(),
      kind: emailChangeMachine.kind,
      state: emailChangeMachine.initial,
      channel: context.channel,
      subjectKey: account.idNumber,
      data: {
        accountId: account.id,
        idNumber: account.idNumber,
        username: account.username,
        oldEmail: account.email,
        newEmail,
        language: account.preferredLanguage,
      },
      expiresAt: addSeconds(now, emailChangeMachine.lifetimeSeconds),
      createdAt: now,
      updatedAt: now,
      version: 0,
    };
    const view = await store.transaction(async (tx) => {
      await tx.flows.insert(flow);
      const timing = await this.#deps.otp.send(tx, this.#otpRequest(flow));
      await this.#deps.audit.append(tx.audit, {
        type: 'email_change.started',
        accountId: account.id,
        subject: maskIdNumber(account.idNumber),
        data: { channel: context.channel, to: maskEmail(newEmail) },
      });
      return toView(flow, timing);
    });
    this.#deps.wakeOutbox();
    return view;
  }

  async submit(flowId: string, submission: EmailChangeSubmission, accountId: string): Promise<EmailChangeView> {
    const outcome = submission.event === 'verify_code' ? await this.#verify(flowId, submission.code, accountId) : await this.#resend(flowId, accountId);
    this.#deps.wakeOutbox();
    if ('error' in outcome) throw outcome.error;
    return outcome.view;
  }

  async view(flowId: string, accountId: string): Promise<EmailChangeView> {
    const { store, clock, otp } = this.#deps;
    const flow = await findHoldersFlow<EmailChangeData>(store.flows, emailChangeMachine.kind, flowId, accountId);
    if (flow.state === 'completed') return toView(flow, null);
    if (clock.now() >= flow.expiresAt) throw new AppError('flow.expired');
    return toView(flow, await otp.timing(store, flow.id, emailChangeOtpPurpose));
  }

  async #verify(flowId: string, code: unknown, accountId: string): Promise<{ view: EmailChangeView } | { error: AppError }> {
    const { store, clock, otp, audit, notifier } = this.#deps;
    return store.transaction(async (tx) => {
      const now = clock.now();
      const flow = await loadHoldersFlowForEvent<EmailChangeState, EmailChangeEvent, EmailChangeData>(
        tx.flows,
        emailChangeMachine,
        flowId,
        'verify_code',
        now,
        accountId,
      );
      const checked = await otp.verifyOutcome(tx, flow.id, emailChangeOtpPurpose, readCode(code));
      if (!checked.ok) {
        await audit.append(tx.audit, {
          type: 'otp.failed',
          accountId,
          subject: maskIdNumber(flow.data.idNumber),
          data: { flow: 'email_change', reason: checked.error.code },
        });
        return { error: checked.error };
      }
      const account = usableAccount(await tx.accounts.findById(accountId));
      const { newEmail } = flow.data;
      // Told at the address the account had until now (which may differ from the flow's if
      // another change finished first).
      const oldEmail = account.email;
      await tx.accounts.update(account.id, { email: newEmail }, now);
      assertTransition(emailChangeMachine, flow.state, 'verify_code', 'completed');
      const completed: Flow = { ...flow, state: 'completed', updatedAt: now };
      await tx.flows.update(completed);
      await notifier.email(tx, {
        to: oldEmail,
        language: account.preferredLanguage,
        purpose: 'email_changed',
        messageId: 'email.email_changed',
        params: { email: maskEmail(newEmail) },
      });
      await notifier.notice(tx, account.id, 'email.changed', { email: maskEmail(newEmail) });
      await audit.append(tx.audit, {
        type: 'email.changed',
        accountId: account.id,
        subject: maskIdNumber(account.idNumber),
        data: { channel: flow.channel, from: maskEmail(oldEmail), to: maskEmail(newEmail) },
      });
      return { view: toView(completed, null) };
    });
  }

  async #resend(flowId: string, accountId: string): Promise<{ view: EmailChangeView }> {
    const { store, clock } = this.#deps;
    return store.transaction(async (tx) => {
      const flow = await loadHoldersFlowForEvent<EmailChangeState, EmailChangeEvent, EmailChangeData>(
        tx.flows,
        emailChangeMachine,
        flowId,
        'resend_code',
        clock.now(),
        accountId,
      );
      const timing = await this.#deps.otp.send(tx, this.#otpRequest(flow));
      await this.#deps.audit.append(tx.audit, { type: 'otp.resent', accountId, subject: maskIdNumber(flow.data.idNumber), data: { flow: 'email_change' } });
      return { view: toView(flow, timing) };
    });
  }

  #otpRequest(flow: Flow) {
    return {
      flowId: flow.id,
      purpose: emailChangeOtpPurpose,
      channel: 'email' as const,
      recipient: flow.data.newEmail,
      subjectKey: flow.data.idNumber,
      language: flow.data.language,
      messageId: 'email.email_change_code',
    };
  }
}

function toView(flow: Flow, timing: OtpTiming | null): EmailChangeView {
  return {
    changeId: flow.id,
    state: flow.state as EmailChangeState,
    channel: flow.channel,
    emailMasked: maskEmail(flow.data.newEmail),
    expiresAt: flow.expiresAt,
    otpExpiresAt: timing?.expiresAt ?? null,
    resendAvailableAt: timing?.resendAvailableAt ?? null,
    sendsLeft: timing?.sendsLeft ?? 0,
  };
}
