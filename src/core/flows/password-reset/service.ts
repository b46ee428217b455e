// Forgot password for pages and the API: `start`, then `submit(flowId, event)`. Guarantees: nothing tells
// whether an account exists; 3 wrong answers fail the flow; the new password keeps the policy and is none of
// the last 3; new hash, history, every session ended, lockout cleared, SMS, e-mail and audit commit together.
import { AppError } from '../../errors.ts';
import { addSeconds } from '../../clock.ts';
import { createHash, timingSafeEqual } from 'node:crypto';
import { RegistryUnavailableError, type AttemptCounters, type CivilRegistry, type Clock, type RegistryPerson } from '../../ports.ts';
import type { FlowRecord, Store } from '../../store.ts';
import type { PasswordHasher } from '../../passwords.ts';
import type { PasswordPolicy } from '../../identity/password-policy.ts';
import type { OtpService, OtpTiming } from '../../otp/otp-service.ts';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { Notifier } from '../../notices/notifier.ts';
import type { CaptchaService } from '../../captcha/captcha-service.ts';
import type { SessionService } from '../../sessions/session-service.ts';
import type { LockoutPolicy } from '../../sessions/lockout-policy.ts';
import { maskIdNumber } from '../../identity/national-id.ts';
import { maskMobile } from '../../identity/mobile.ts';
import { normaliseInput } from '../../identity/digits.ts';
import { assertTransition, isUuid, loadForEvent } from '../state-machine.ts';
import { RecoveryGate, type RecoveryContext, type RecoveryInput } from '../recovery.ts';
import { checkNewPassword, matchesAnyHash, passwordReuseDepth, readAnswer, type NewPasswordInput } from './form.ts';
import {
  passwordResetMachine,
  passwordResetOtpPurpose,
  questionRules,
  type PasswordResetData,
  type PasswordResetEvent,
  type PasswordResetState,
  type PasswordResetView,
  type QuestionKind,
} from './flow.ts';

export type PasswordResetDependencies = {
  store: Store;
  clock: Clock;
  registry: CivilRegistry;
  hasher: PasswordHasher;
  otp: OtpService;
  audit: AuditLog;
  notifier: Notifier;
  captcha: CaptchaService;
  counters: AttemptCounters;
  sessions: SessionService;
  lockouts: LockoutPolicy;
  passwordPolicy: PasswordPolicy;
  wakeOutbox: () => void;
};

export type PasswordResetSubmission =
  | { event: 'answer_question'; answer: unknown }
  | { event: 'verify_code'; code: unknown }
  | { event: 'resend_code' }
  | ({ event: 'set_password' } & NewPasswordInput);

type Flow = FlowRecord<PasswordResetData>;
type Outcome = { view: PasswordResetView } | { error: AppError };

export class PasswordResetService {
  readonly #deps: PasswordResetDependencies;
  readonly #gate: RecoveryGate;

  constructor(dependencies: PasswordResetDependencies) {
    this.#deps = dependencies;
    const { store, clock, counters, captcha, audit } = dependencies;
    this.#gate = new RecoveryGate({ store, clock, counters, captcha, audit });
  }

  /** Accepts ID + mobile + visual code of an account: creates the flow at its registry question. */
  async start(input: RecoveryInput, context: RecoveryContext): Promise<PasswordResetView> {
    const { store, clock, audit } = this.#deps;
    const account = await this.#gate.admit(input, context, 'password_reset');
    const person = await this.#findPerson(account.idNumber);
    const question = person ? questionFor(person) : null;
    if (!question) throw new AppError('recovery.no_question');
    const now = clock.now();
    const flow: Flow = {
      id: crypto.randomUUID(),
      kind: passwordResetMachine.kind,
      state: passwordResetMachine.initial,
      channel: context.channel,
      subjectKey: account.idNumber,
      data: {
        accountId: account.id,
        idNumber: account.idNumber,
        mobile: account.mobile,
        language: account.preferredLanguage,
        question,
        wrongAnswers: 0,
        ip: context.ip,
      },
      expiresAt: addSeconds(now, passwordResetMachine.lifetimeSeconds),
      createdAt: now,
      updatedAt: now,
      version: 0,
    };
    await store.transaction(async (tx) => {
      await tx.flows.insert(flow);
      await audit.append(tx.audit, {
        type: 'password_reset.started',
        accountId: account.id,
        subject: maskIdNumber(account.idNumber),
        data: { channel: context.channel, address: context.ip, question },
      });
    });
    return toView(flow, null);
  }

  /** Applies an event to a forgot-password flow. */
  async submit(flowId: string, submission: PasswordResetSubmission): Promise<PasswordResetView> {
    let outcome: Outcome;
    switch (submission.event) {
      case 'answer_question':
        outcome = await this.#answer(flowId, submission.answer);
        break;
      case 'verify_code':
        outcome = await this.#verify(flowId, submission.code);
        break;
      case 'resend_code':
        outcome = await this.#resend(flowId);
        break;
      case 'set_password':
        outcome = await this.#setPassword(flowId, submission);
        break;
    }
    this.#deps.wakeOutbox();
    if ('error' in outcome) throw outcome.error;
    return outcome.view;
  }

  async view(flowId: string): Promise<PasswordResetView> {
    const { store, clock, otp } = this.#deps;
    const flow = isUuid(flowId) ? await store.flows.find<PasswordResetData>(flowId, passwordResetMachine.kind) : null;
    if (!flow) throw new AppError('flow.not_found');
    const over = passwordResetMachine.final.includes(flow.state as PasswordResetState);
    if (!over && clock.now() >= flow.expiresAt) throw new AppError('flow.expired');
    const timing = flow.state === 'otp_sent' ? await otp.timing(store, flow.id, passwordResetOtpPurpose) : null;
    return toView(flow, timing);
  }

  async #answer(flowId: string, raw: unknown): Promise<Outcome> {
    const { store, clock } = this.#deps;
    // A first look (no lock) to know the question; the registry is asked outside the transaction.
    const peek = await store.transaction((tx) => this.#load(tx.flows, flowId, 'answer_question'));
    const answer = readAnswer(peek.data.question, raw);
    if (!answer.ok) throw new AppError('validation.failed', { fields: { answer: [answer.error] } });
    const person = await this.#findPerson(peek.data.idNumber);
    const expected = person ? expectedAnswer(person, peek.data.question) : null;
    const right = expected !== null && sameText(answer.value, expected);

    const outcome = await store.transaction(async (tx): Promise<Outcome & { failed?: Flow }> => {
      const now = clock.now();
      const flow = await this.#load(tx.flows, flowId, 'answer_question');
      const subject = maskIdNumber(flow.data.idNumber);
      if (!right) {
        const wrongAnswers = flow.data.wrongAnswers + 1;
        const attemptsLeft = Math.max(0, questionRules.maxWrongAnswers - wrongAnswers);
        const to: PasswordResetState = attemptsLeft === 0 ? 'failed' : 'question';
        assertTransition(passwordResetMachine, flow.state, 'answer_question', to);
        const updated: Flow = { ...flow, state: to, data: { ...flow.data, wrongAnswers }, updatedAt: now };
        await tx.flows.update(updated);
        await this.#deps.audit.append(tx.audit, {
          type: 'password_reset.question_failed',
          accountId: flow.data.accountId,
          subject,
          data: { question: flow.data.question, attemptsLeft, address: flow.data.ip, ...(to === 'failed' ? { flowFailed: true } : {}) },
        });
        const error =
          to === 'failed'
            ? new AppError('recovery.failed', { extra: { attemptsLeft: 0 } })
            : new AppError('recovery.wrong_answer', { extra: { attemptsLeft }, params: { count: attemptsLeft }, fields: { answer: [{ code: 'recovery.wrong_answer', params: { count: attemptsLeft } }] } });
        return { error, failed: updated };
      }
      const timing = await this.#deps.otp.send(tx, this.#otpRequest(flow));
      assertTransition(passwordResetMachine, flow.state, 'answer_question', 'otp_sent');
      const updated: Flow = { ...flow, state: 'otp_sent', updatedAt: now };
      await tx.flows.update(updated);
      await this.#deps.audit.append(tx.audit, {
        type: 'password_reset.question_answered',
        accountId: flow.data.accountId,
        subject,
        data: { question: flow.data.question, mobile: maskMobile(flow.data.mobile) },
      });
      return { view: toView(updated, timing) };
    });
    // Counted after the commit: the counters live outside the flow's transaction.
    if (outcome.failed) await this.#gate.recordFailure(outcome.failed.data.idNumber, outcome.failed.data.ip);
    return 'error' in outcome ? { error: outcome.error } : { view: outcome.view };
  }

  async #verify(flowId: string, code: unknown): Promise<Outcome> {
    const { store, clock } = this.#deps;
    return store.transaction(async (tx) => {
      const now = clock.now();
      const flow = await this.#load(tx.flows, flowId, 'verify_code');
      const checked = await this.#deps.otp.verifyOutcome(tx, flow.id, passwordResetOtpPurpose, typeof code === 'string' ? normaliseCode(code) : '');
      if (!checked.ok) {
        await this.#deps.audit.append(tx.audit, {
          type: 'otp.failed',
          accountId: flow.data.accountId,
          subject: maskIdNumber(flow.data.idNumber),
          data: { flow: 'password_reset', reason: checked.error.code },
        });
        return { error: checked.error };
      }
      assertTransition(passwordResetMachine, flow.state, 'verify_code', 'new_password');
      const updated: Flow = { ...flow, state: 'new_password', updatedAt: now };
      await tx.flows.update(updated);
      return { view: toView(updated, null) };
    });
  }

  async #resend(flowId: string): Promise<Outcome> {
    const { store } = this.#deps;
    return store.transaction(async (tx) => {
      const flow = await this.#load(tx.flows, flowId, 'resend_code');
      const timing = await this.#deps.otp.send(tx, this.#otpRequest(flow));
      await this.#deps.audit.append(tx.audit, {
        type: 'otp.resent',
        accountId: flow.data.accountId,
        subject: maskIdNumber(flow.data.idNumber),
        data: { flow: 'password_reset' },
      });
      return { view: toView(flow, timing) };
    });
  }

  async #setPassword(flowId: string, input: NewPasswordInput): Promise<Outcome> {
    const { store, clock, hasher, notifier, audit } = this.#deps;
    // The rules and the hashing (argon2, several verifies) run before the flow is locked.
    const peek = await store.transaction((tx) => this.#load(tx.flows, flowId, 'set_password'));
    const holder = await store.accounts.findById(peek.data.accountId);
    if (!holder) throw new AppError('flow.not_found');
    const password = checkNewPassword(input, this.#deps.passwordPolicy, {
      username: holder.username,
      idNumber: holder.idNumber,
      ...(holder.mobile ? { mobile: holder.mobile } : {}),
    });
    const recent = await store.passwordHistory.recent(holder.id, passwordReuseDepth);
    if (await matchesAnyHash(hasher, [holder.passwordHash, ...recent], password)) {
      throw new AppError('validation.failed', { fields: { password: [{ code: 'password.reused', params: { count: passwordReuseDepth } }] } });
    }
    const passwordHash = await hasher.hash(password);

    return store.transaction(async (tx) => {
      const now = clock.now();
      const flow = await this.#load(tx.flows, flowId, 'set_password');
      const account = await tx.accounts.update(flow.data.accountId, { passwordHash, mustChangePassword: false }, now);
      await tx.passwordHistory.add(account.id, passwordHash, now);
      const sessionsEnded = await this.#deps.sessions.endAll(tx, account.id, 'password_reset');
      await this.#deps.lockouts.clear(tx, `account:${account.id}`);
      assertTransition(passwordResetMachine, flow.state, 'set_password', 'completed');
      const completed: Flow = { ...flow, state: 'completed', updatedAt: now };
      await tx.flows.update(completed);
      const to = account.mobile ?? flow.data.mobile;
      // Told as a reset (not a change from the settings), so a holder who did not ask knows which service was used.
      await notifier.sms(tx, { to, language: account.preferredLanguage, purpose: 'password_reset_done', messageId: 'sms.password_reset_done' });
      await notifier.email(tx, {
        to: account.email,
        language: account.preferredLanguage,
        purpose: 'password_reset_done',
        messageId: 'email.password_reset_done',
        params: { username: account.username },
      });
      await audit.append(tx.audit, {
        type: 'password_reset.completed',
        accountId: account.id,
        subject: maskIdNumber(account.idNumber),
        data: { channel: flow.channel, address: flow.data.ip, sessionsEnded },
      });
      return { view: toView(completed, null) };
    });
  }

  #load(flows: Store['flows'], flowId: string, event: PasswordResetEvent) {
    return loadForEvent<PasswordResetState, PasswordResetEvent, PasswordResetData>(flows, passwordResetMachine, flowId, event, this.#deps.clock.now());
  }

  #otpRequest(flow: Flow) {
    return {
      flowId: flow.id,
      purpose: passwordResetOtpPurpose,
      mobile: flow.data.mobile,
      subjectKey: flow.data.idNumber,
      language: flow.data.language,
      messageId: 'sms.password_reset_code',
    };
  }

  async #findPerson(idNumber: string): Promise<RegistryPerson | null> {
    try {
      return await this.#deps.registry.findPerson(idNumber);
    } catch (error) {
      if (error instanceof RegistryUnavailableError) throw new AppError('service.unavailable', { retryAfterSeconds: 30 });
      throw error;
    }
  }
}

/** The question the registry can answer for this person, or null when it holds nothing to ask. */
export function questionFor(person: RegistryPerson): QuestionKind | null {
  switch (person.category) {
    case 'citizen':
      return 'id_card_expiry';
    case 'resident':
    case 'dependent':
      return 'iqama_expiry';
    case 'visitor':
    case 'gcc':
      return person.passportNumber ? 'passport_number' : null;
  }
}

function expectedAnswer(person: RegistryPerson, kind: QuestionKind): string | null {
  if (kind === 'passport_number') return person.passportNumber ? person.passportNumber.replace(/[\s-]/g, '').toUpperCase() : null;
  return person.documentExpiry;
}

/** Compares without an early exit (the length of the expected answer is not revealed either). */
function sameText(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function normaliseCode(code: string): string {
  return normaliseInput(code).replace(/\s+/g, '');
}

function toView(flow: Flow, timing: OtpTiming | null): PasswordResetView {
  const state = flow.state as PasswordResetState;
  return {
    resetId: flow.id,
    state,
    channel: flow.channel,
    mobileMasked: maskMobile(flow.data.mobile),
    question: state === 'question' ? { kind: flow.data.question } : null,
    attemptsLeft: Math.max(0, questionRules.maxWrongAnswers - flow.data.wrongAnswers),
    expiresAt: flow.expiresAt,
    otpExpiresAt: timing?.expiresAt ?? null,
    resendAvailableAt: timing?.resendAvailableAt ?? null,
    sendsLeft: timing?.sendsLeft ?? 0,
  };
}
