// Runs sign-in for pages and the JSON API: `start` checks the password, `submit(flowId, event)`
// verifies or resends the SMS code and starts a session.
// Guarantees: nothing tells whether an account exists — an unknown name costs one argon2 verify
// against a stand-in hash, is counted and locked under its own key, and gets the same answers; a
// visual code is demanded after 3 wrong passwords for the address or the name; 5 wrong passwords
// lock password entry (15 minutes, doubling to 24 hours; see lockout-policy.ts for the atomic count
// and the decay); too many failures from one address are refused with a wait; code failures are
// counted apart (by the OTP rules).
import { AppError } from '../../errors.ts';
import { addSeconds, secondsUntil } from '../../clock.ts';
import type { AttemptCounters, Clock } from '../../ports.ts';
import type { Account, FlowRecord, Language, Repositories, Store } from '../../store.ts';
import type { PasswordHasher } from '../../passwords.ts';
import type { OtpService } from '../../otp/otp-service.ts';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { CaptchaService } from '../../captcha/captcha-service.ts';
import type { SessionService } from '../../sessions/session-service.ts';
import { lockedError, lockoutRules, type LockoutPolicy } from '../../sessions/lockout-policy.ts';
import { maskIdNumber } from '../../identity/national-id.ts';
import { maskMobile } from '../../identity/mobile.ts';
import { normaliseInput } from '../../identity/digits.ts';
import { assertTransition, isUuid, loadForEvent } from '../state-machine.ts';
import { checkLoginForm, type LoginInput, type LoginName } from './form.ts';
import type { PasswordPolicy } from '../../identity/password-policy.ts';
import { checkFirstPassword, replaceTemporaryPassword, type FirstPasswordInput } from '../../partners/first-password.ts';
import { loginMachine, loginOtpPurpose, type LoginCompletion, type LoginData, type LoginEvent, type LoginState, type LoginView } from './flow.ts';

export const addressRules = {
  windowSeconds: 60 * 60,
  /** Wrong passwords from one address in an hour before every attempt from it is refused. */
  failuresBeforeBlock: 50,
} as const;

export type LoginContext = { channel: 'web' | 'api'; language: Language; ip: string; userAgent: string };

export type LoginDependencies = {
  store: Store;
  clock: Clock;
  hasher: PasswordHasher;
  otp: OtpService;
  audit: AuditLog;
  captcha: CaptchaService;
  sessions: SessionService;
  lockouts: LockoutPolicy;
  counters: AttemptCounters;
  /** The policy a kiosk-issued temporary password is replaced under at first sign-in. */
  passwordPolicy: PasswordPolicy;
  wakeOutbox: () => void;
};

export type LoginSubmission = { event: 'verify_code'; code: unknown } | { event: 'resend_code' } | ({ event: 'set_password' } & FirstPasswordInput);

type Flow = FlowRecord<LoginData>;

export class LoginService {
  readonly #deps: LoginDependencies;
  /** The hash an unknown name is checked against, so it costs what a real check costs. */
  readonly #standInHash: Promise<string>;

  constructor(dependencies: LoginDependencies) {
    this.#deps = dependencies;
    this.#standInHash = dependencies.hasher.hash(crypto.randomUUID());
  }

  async start(input: LoginInput, context: LoginContext): Promise<LoginView> {
    const { store, clock, counters } = this.#deps;
    const { name, password } = checkLoginForm(input);
    const now = clock.now();
    const addressKey = `login-failures:address:${context.ip}`;
    // Two independent reads (the counters may be in Redis): one round trip's wait instead of two.
    const [addressFailures, account] = await Promise.all([counters.count(addressKey, addressRules.windowSeconds, now), findAccount(store, name)]);
    if (addressFailures >= addressRules.failuresBeforeBlock) {
      throw new AppError('rate.limited', { retryAfterSeconds: secondsUntil(now, windowEnd(now, addressRules.windowSeconds)) });
    }

    const subjectKey = account ? `account:${account.id}` : `name:${name.value}`;
    const standing = await this.#deps.lockouts.assertOpen(store, subjectKey);
    const captchaNeeded =
      addressFailures >= lockoutRules.failuresBeforeCaptcha || standing.failures >= lockoutRules.failuresBeforeCaptcha || standing.lockouts > 0;
    if (captchaNeeded) {
      const answered = await this.#deps.captcha.check(input.captcha);
      if (answered !== 'right') {
        throw new AppError('captcha.required', { fields: { captcha: [{ code: answered === 'missing' ? 'captcha.required' : 'captcha.wrong' }] } });
      }
    }

    const passwordRight = await this.#deps.hasher.verify(account?.passwordHash ?? (await this.#standInHash), password);
    if (!account || !passwordRight) {
      await counters.hit(addressKey, addressRules.windowSeconds, now);
      const outcome = await store.transaction(async (tx) => {
        const result = await this.#deps.lockouts.recordFailure(tx, subjectKey);
        // Locked by an attempt that raced this one: refused like any attempt during a lock, uncounted.
        if (result.refused) return result;
        await this.#deps.audit.append(tx.audit, {
          type: result.lockedUntil ? 'login.locked' : 'login.failed',
          accountId: account?.id ?? null,
          subject: account ? maskIdNumber(account.idNumber) : maskName(name),
          data: { reason: 'password', channel: context.channel, address: context.ip },
        });
        return result;
      });
      if (outcome.lockedUntil) throw lockedError(now, outcome.lockedUntil);
      throw new AppError('login.invalid');
    }

    if (account.status === 'suspended' || account.status === 'disabled') throw new AppError(`account.${account.status}`);
    if (!account.mobile) throw new AppError('login.no_mobile');
    const mobile = account.mobile;
    const flow: Flow = {
      id: crypto.randomUUID(),
      kind: loginMachine.kind,
      state: loginMachine.initial,
      channel: context.channel,
      subjectKey: account.idNumber,
      data: {
        accountId: account.id,
        idNumber: account.idNumber,
        username: account.username,
        mobile,
        language: account.preferredLanguage,
        ip: context.ip,
        userAgent: context.userAgent.slice(0, 300),
      },
      expiresAt: addSeconds(now, loginMachine.lifetimeSeconds),
      createdAt: now,
      updatedAt: now,
      version: 0,
    };
    const view = await store.transaction(async (tx) => {
      // Refuses (login.locked) when racing wrong passwords locked the account during the check.
      const accepted = await this.#deps.lockouts.acceptPassword(tx, subjectKey);
      if (accepted.lockouts > 0) flow.data.resetLockout = true;
      await tx.flows.insert(flow);
      const timing = await this.#deps.otp.send(tx, { ...this.#otpRequest(flow), firstSend: true });
      await this.#deps.audit.append(tx.audit, {
        type: 'login.password_accepted',
        accountId: account.id,
        subject: maskIdNumber(account.idNumber),
        data: { channel: context.channel, address: context.ip },
      });
      return toView(flow, timing);
    });
    this.#deps.wakeOutbox();
    return view;
  }

  async submit(flowId: string, submission: LoginSubmission): Promise<LoginView | LoginCompletion> {
    const outcome =
      submission.event === 'verify_code'
        ? await this.#verify(flowId, submission.code)
        : submission.event === 'set_password'
          ? await this.#setPassword(flowId, submission)
          : await this.#resend(flowId);
    // Checking a code queues no message: only a resend or a first password wakes the outbox.
    if (submission.event !== 'verify_code') this.#deps.wakeOutbox();
    if ('error' in outcome) throw outcome.error;
    return outcome.result;
  }

  /** Whether a sign-in from this address will be asked for a visual code (to show it up front). */
  async captchaExpectedFrom(ip: string): Promise<boolean> {
    const failures = await this.#deps.counters.count(`login-failures:address:${ip}`, addressRules.windowSeconds, this.#deps.clock.now());
    return failures >= lockoutRules.failuresBeforeCaptcha;
  }

  async view(flowId: string): Promise<LoginView> {
    const { store, clock, otp } = this.#deps;
    const flow = await loadForView(store, flowId);
    if (flow.state !== 'completed' && clock.now() >= flow.expiresAt) throw new AppError('flow.expired');
    const timing = flow.state === 'completed' ? null : await otp.timing(store, flow.id, loginOtpPurpose);
    return toView(flow, timing);
  }

  async #verify(flowId: string, code: unknown): Promise<{ result: LoginCompletion | LoginView } | { error: AppError }> {
    const { store, clock } = this.#deps;
    return store.transaction(async (tx) => {
      const now = clock.now();
      const flow = await loadForEvent<LoginState, LoginEvent, LoginData>(tx.flows, loginMachine, flowId, 'verify_code', now);
      const checked = await this.#deps.otp.verifyOutcome(tx, flow.id, loginOtpPurpose, typeof code === 'string' ? normaliseInput(code).replace(/\s+/g, '') : '');
      if (!checked.ok) {
        await this.#deps.audit.append(tx.audit, {
          type: 'otp.failed',
          accountId: flow.data.accountId,
          subject: maskIdNumber(flow.data.idNumber),
          data: { flow: 'login', reason: checked.error.code },
        });
        return { error: checked.error };
      }
      const account = await tx.accounts.findById(flow.data.accountId);
      if (!account || account.status === 'suspended' || account.status === 'disabled') {
        return { error: new AppError(account ? `account.${account.status as 'suspended' | 'disabled'}` : 'flow.not_found') };
      }
      // A temporary password (issued at a kiosk) is replaced before anything else: no session yet.
      if (account.mustChangePassword) {
        assertTransition(loginMachine, flow.state, 'verify_code', 'new_password');
        const waiting: Flow = { ...flow, state: 'new_password', updatedAt: now };
        await tx.flows.update(waiting);
        return { result: toView(waiting, null) };
      }
      return { result: await this.#complete(tx, flow, account, 'verify_code', now) };
    });
  }

  async #setPassword(flowId: string, input: FirstPasswordInput): Promise<{ result: LoginCompletion }> {
    const { store, clock } = this.#deps;
    const pending = await loadForView(store, flowId);
    const holder = await store.accounts.findById(pending.data.accountId);
    if (!holder) throw new AppError('flow.not_found');
    const passwordHash = await checkFirstPassword(this.#deps, holder, input);
    return store.transaction(async (tx) => {
      const now = clock.now();
      const flow = await loadForEvent<LoginState, LoginEvent, LoginData>(tx.flows, loginMachine, flowId, 'set_password', now);
      const current = await tx.accounts.findById(flow.data.accountId);
      if (!current || current.status === 'suspended' || current.status === 'disabled') throw new AppError(current ? `account.${current.status as 'suspended' | 'disabled'}` : 'flow.not_found');
      const account = await replaceTemporaryPassword(tx, this.#deps.audit, current, passwordHash, now, flow.channel);
      return { result: await this.#complete(tx, flow, account, 'set_password', now) };
    });
  }

  /** Starts the session and completes the flow (after the code, or after a first password). */
  async #complete(tx: Repositories, flow: Flow, account: Account, event: LoginEvent, now: Date): Promise<LoginCompletion> {
    const { token, session } = await this.#deps.sessions.start(tx, account.id, {
      ip: flow.data.ip,
      userAgent: flow.data.userAgent,
      channel: flow.channel,
    });
    // A completed sign-in takes the doubling back to its first step.
    if (flow.data.resetLockout) await this.#deps.lockouts.clear(tx, `account:${account.id}`);
    assertTransition(loginMachine, flow.state as LoginState, event, 'completed');
    const completed: Flow = { ...flow, state: 'completed', updatedAt: now };
    await tx.flows.update(completed);
    await this.#deps.audit.append(tx.audit, {
      type: 'login.succeeded',
      accountId: account.id,
      subject: maskIdNumber(account.idNumber),
      data: { channel: flow.channel, address: flow.data.ip, session: session.id.slice(0, 12) },
    });
    return {
      view: toView(completed, null),
      account: { username: account.username, status: account.status },
      sessionToken: token,
      sessionExpiresAt: session.expiresAt,
    };
  }

  async #resend(flowId: string): Promise<{ result: LoginView }> {
    const { store, clock } = this.#deps;
    return store.transaction(async (tx) => {
      const flow = await loadForEvent<LoginState, LoginEvent, LoginData>(tx.flows, loginMachine, flowId, 'resend_code', clock.now());
      const timing = await this.#deps.otp.send(tx, this.#otpRequest(flow));
      await this.#deps.audit.append(tx.audit, { type: 'otp.resent', accountId: flow.data.accountId, subject: maskIdNumber(flow.data.idNumber), data: { flow: 'login' } });
      return { result: toView(flow, timing) };
    });
  }

  #otpRequest(flow: Flow) {
    return {
      flowId: flow.id,
      purpose: loginOtpPurpose,
      mobile: flow.data.mobile,
      subjectKey: flow.data.idNumber,
      language: flow.data.language,
      messageId: 'sms.login_code',
    };
  }
}

async function findAccount(store: Store, name: LoginName): Promise<Account | null> {
  return name.kind === 'id_number' ? store.accounts.findByIdNumber(name.value) : store.accounts.findByUsername(name.value);
}

async function loadForView(store: Store, flowId: string): Promise<Flow> {
  const flow = isUuid(flowId) ? await store.flows.find<LoginData>(flowId, loginMachine.kind) : null;
  if (!flow) throw new AppError('flow.not_found');
  return flow;
}

function windowEnd(now: Date, windowSeconds: number): Date {
  const windowMs = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs + windowMs);
}

function maskName(name: LoginName): string {
  return name.kind === 'id_number' ? maskIdNumber(name.value) : `${name.value.slice(0, 2)}•••`;
}

function toView(flow: Flow, timing: { expiresAt: Date; resendAvailableAt: Date } | null): LoginView {
  return {
    loginId: flow.id,
    state: flow.state as LoginState,
    channel: flow.channel,
    mobileMasked: maskMobile(flow.data.mobile),
    otpExpiresAt: timing?.expiresAt ?? null,
    resendAvailableAt: timing?.resendAvailableAt ?? null,
  };
}
