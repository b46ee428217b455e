// Runs kiosk operations for registered kiosk devices: `start` identifies the person (ID + fingerprint
// against the registry's template) and sends a code; `submit(device, operationId, event)` verifies
// or resends it and carries the action out. Guarantees:
// - the fingerprint must match the registry's enrolled template; a person without enrolment is
//   refused (`kiosk.fingerprint_not_enrolled`); wrong fingers are counted per person and 5 in 15
//   minutes lock the kiosk path for that person (`kiosk.fingerprint_locked`); every failure is audited;
// - activate: a code to the account's mobile, then the activation service (channel `kiosk`, the
//   device as partner); a person with no online account gets one — username = ID number, a
//   temporary password by SMS that must be changed at first sign-in, the mobile proven by the code
//   (taken from any account that held it, whose holder is told) — then activated;
// - update_mobile: the code goes to the new number; the change, the confirmations to both numbers
//   and the audit record commit together;
// - suspend (pause): a code to the account's mobile; the account becomes `suspended`, every session
//   ends, the holder gets an SMS;
// - everything of one step commits together; only the device that started an operation moves it.
import { AppError } from '../../errors.ts';
import { addSeconds, secondsUntil } from '../../clock.ts';
import { RegistryUnavailableError, type AttemptCounters, type CivilRegistry, type Clock, type RegistryPerson } from '../../ports.ts';
import { UniquenessConflict, type Account, type FlowRecord, type Repositories, type Store } from '../../store.ts';
import type { OtpService, OtpTiming } from '../../otp/otp-service.ts';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { Notifier } from '../../notices/notifier.ts';
import type { PasswordHasher } from '../../passwords.ts';
import type { ActivationService } from '../../activation/activation-service.ts';
import { evaluatePassword, type PasswordPolicy } from '../../identity/password-policy.ts';
import { checkEligibility } from '../../identity/eligibility.ts';
import { maskIdNumber } from '../../identity/national-id.ts';
import { maskMobile } from '../../identity/mobile.ts';
import { readCode } from '../../flows/holder-flow.ts';
import { assertTransition, isUuid, loadForEvent } from '../../flows/state-machine.ts';
import type { FingerprintMatcher } from '../fingerprints.ts';
import { checkKioskForm, type KioskInput, type KioskRequest } from './form.ts';
import { kioskMachine, kioskOtpPurpose, type KioskData, type KioskEvent, type KioskResult, type KioskState, type KioskView } from './flow.ts';
import { tellPreviousHolder } from '../../account/mobile-moved.ts';

export const kioskRules = {
  fingerprintFailuresBeforeLock: 5,
  fingerprintWindowSeconds: 15 * 60,
  temporaryPasswordLength: 10,
} as const;

/** The kiosk device behind a client-credentials token. */
export type KioskDevice = { clientId: string; device: string };

export type KioskSubmission = { event: 'verify_code'; code: unknown } | { event: 'resend_code' };

export type KioskDependencies = {
  store: Store;
  clock: Clock;
  registry: CivilRegistry;
  fingerprints: FingerprintMatcher;
  counters: AttemptCounters;
  otp: OtpService;
  audit: AuditLog;
  notifier: Notifier;
  hasher: PasswordHasher;
  activation: ActivationService;
  passwordPolicy: PasswordPolicy;
  termsVersion: string;
  minimumAge: number;
  wakeOutbox: () => void;
};

type Flow = FlowRecord<KioskData>;

export class KioskService {
  readonly #deps: KioskDependencies;

  constructor(dependencies: KioskDependencies) {
    this.#deps = dependencies;
  }

  async start(device: KioskDevice, input: KioskInput): Promise<KioskView> {
    const { store, clock } = this.#deps;
    const request = checkKioskForm(input);
    const person = await this.#identify(device, request);
    const account = await store.accounts.findByIdNumber(request.idNumber);
    const target = this.#target(request, account);
    const now = clock.now();
    const flow: Flow = {
      id: crypto.randomUUID(),
      kind: kioskMachine.kind,
      state: kioskMachine.initial,
      channel: 'api',
      subjectKey: request.idNumber,
      data: {
        action: request.action,
        clientId: device.clientId,
        device: device.device,
        idNumber: person.idNumber,
        accountId: account?.id ?? null,
        mobile: target,
        language: account?.preferredLanguage ?? request.language ?? 'ar',
        createsAccount: account === null,
        result: null,
      },
      expiresAt: addSeconds(now, kioskMachine.lifetimeSeconds),
      createdAt: now,
      updatedAt: now,
      version: 0,
    };
    const view = await store.transaction(async (tx) => {
      await tx.flows.insert(flow);
      const timing = await this.#deps.otp.send(tx, otpRequest(flow));
      await this.#deps.audit.append(tx.audit, {
        type: 'kiosk.identified',
        accountId: account?.id ?? null,
        actor: `partner:${device.clientId}`,
        subject: maskIdNumber(request.idNumber),
        data: { device: device.device, action: request.action, createsAccount: account === null, codeTo: maskMobile(target) },
      });
      return toView(flow, timing);
    });
    this.#deps.wakeOutbox();
    return view;
  }

  async submit(device: KioskDevice, operationId: string, submission: KioskSubmission): Promise<KioskView> {
    const outcome = submission.event === 'verify_code' ? await this.#verify(device, operationId, submission.code) : await this.#resend(device, operationId);
    this.#deps.wakeOutbox();
    if ('error' in outcome) throw outcome.error;
    let flow = outcome.flow;
    if (flow.state === 'verified') flow = await this.#finishActivation(flow);
    return toView(flow, outcome.timing ?? null);
  }

  async view(device: KioskDevice, operationId: string): Promise<KioskView> {
    const { store, clock, otp } = this.#deps;
    const flow = isUuid(operationId) ? await store.flows.find<KioskData>(operationId, kioskMachine.kind) : null;
    if (!flow || flow.data.clientId !== device.clientId) throw new AppError('flow.not_found');
    if (flow.state === 'completed') return toView(flow, null);
    if (clock.now() >= flow.expiresAt) throw new AppError('flow.expired');
    return toView(flow, await otp.timing(store, flow.id, kioskOtpPurpose));
  }

  /** The person, once the registry knows them, they may hold an account and the finger matches. */
  async #identify(device: KioskDevice, request: KioskRequest): Promise<RegistryPerson> {
    const { clock, counters } = this.#deps;
    const now = clock.now();
    const failuresKey = `kiosk-fingerprint:${request.idNumber}`;
    const failures = await counters.count(failuresKey, kioskRules.fingerprintWindowSeconds, now);
    if (failures >= kioskRules.fingerprintFailuresBeforeLock) {
      throw new AppError('kiosk.fingerprint_locked', { retryAfterSeconds: secondsUntil(now, windowEnd(now, kioskRules.fingerprintWindowSeconds)) });
    }
    const person = await this.#registryCall(() => this.#deps.registry.findPerson(request.idNumber));
    if (!person) throw new AppError('kiosk.person_unknown');
    const eligibility = checkEligibility(person, { today: now, minimumAge: this.#deps.minimumAge });
    if (!eligibility.eligible) throw new AppError('id.not_eligible', { params: { reason: eligibility.reason }, extra: { reason: eligibility.reason } });
    const match = await this.#registryCall(() => this.#deps.fingerprints.match(request.idNumber, request.fingerprint));
    if (match === 'match') {
      await counters.reset(failuresKey);
      return person;
    }
    const total = match === 'no_match' ? await counters.hit(failuresKey, kioskRules.fingerprintWindowSeconds, now) : failures;
    await this.#deps.audit.append(this.#deps.store.audit, {
      type: 'kiosk.fingerprint_failed',
      accountId: null,
      actor: `partner:${device.clientId}`,
      subject: maskIdNumber(request.idNumber),
      data: { device: device.device, action: request.action, reason: match },
    });
    if (match === 'not_enrolled') throw new AppError('kiosk.fingerprint_not_enrolled');
    const attemptsLeft = Math.max(0, kioskRules.fingerprintFailuresBeforeLock - total);
    if (attemptsLeft === 0) {
      throw new AppError('kiosk.fingerprint_locked', { retryAfterSeconds: secondsUntil(now, windowEnd(now, kioskRules.fingerprintWindowSeconds)) });
    }
    throw new AppError('kiosk.fingerprint_mismatch', { extra: { attemptsLeft }, params: { count: attemptsLeft } });
  }

  /** Where the code goes for this action, after checking the account allows the action. */
  #target(request: KioskRequest, account: Account | null): string {
    if (account?.status === 'disabled') throw new AppError('account.disabled');
    switch (request.action) {
      case 'activate':
        if (!account) {
          if (!request.mobile) throw new AppError('validation.failed', { fields: { mobile: [{ code: 'kiosk.mobile_for_new_account' }] } });
          return request.mobile;
        }
        if (account.status === 'suspended') throw new AppError('account.suspended');
        if (!account.mobile) throw new AppError('kiosk.no_mobile');
        return account.mobile;
      case 'update_mobile':
        if (!account) throw new AppError('account.not_found');
        if (request.mobile === account.mobile) throw new AppError('validation.failed', { fields: { mobile: [{ code: 'mobile.same_as_current' }] } });
        return request.mobile!;
      case 'suspend':
        if (!account) throw new AppError('account.not_found');
        if (account.status === 'suspended') throw new AppError('kiosk.already_suspended');
        if (!account.mobile) throw new AppError('kiosk.no_mobile');
        return account.mobile;
    }
  }

  async #verify(device: KioskDevice, operationId: string, code: unknown): Promise<{ flow: Flow; timing?: OtpTiming } | { error: AppError }> {
    const { store, clock, otp, audit } = this.#deps;
    return store.transaction(async (tx) => {
      const now = clock.now();
      const flow = await loadDevicesFlow(tx, device, operationId, 'verify_code', now);
      if (flow.state === 'verified') return { flow };
      const checked = await otp.verifyOutcome(tx, flow.id, kioskOtpPurpose, readCode(code));
      if (!checked.ok) {
        await audit.append(tx.audit, {
          type: 'otp.failed',
          accountId: flow.data.accountId,
          subject: maskIdNumber(flow.data.idNumber),
          data: { flow: 'kiosk', action: flow.data.action, reason: checked.error.code },
        });
        return { error: checked.error };
      }
      switch (flow.data.action) {
        case 'activate':
          return { flow: await this.#prepareActivation(tx, flow, now) };
        case 'update_mobile':
          return { flow: await this.#updateMobile(tx, flow, now) };
        case 'suspend':
          return { flow: await this.#suspend(tx, flow, now) };
      }
    });
  }

  /** The code was right: the account exists (created now for a person without one); activation follows. */
  async #prepareActivation(tx: Repositories, flow: Flow, now: Date): Promise<Flow> {
    let accountId = flow.data.accountId;
    if (flow.data.createsAccount) {
      accountId = await this.#createAccount(tx, flow, now);
    } else {
      const account = await tx.accounts.findById(accountId!);
      if (!account || account.mobile !== flow.data.mobile) throw new AppError('kiosk.stale');
    }
    assertTransition(kioskMachine, flow.state, 'verify_code', 'verified');
    const verified: Flow = { ...flow, state: 'verified', data: { ...flow.data, accountId }, updatedAt: now };
    await tx.flows.update(verified);
    return verified;
  }

  async #createAccount(tx: Repositories, flow: Flow, now: Date): Promise<string> {
    const { hasher, notifier, audit } = this.#deps;
    const { idNumber, mobile, language } = flow.data;
    const idKind = idNumber.startsWith('1') ? 'national_id' : idNumber.startsWith('2') ? 'iqama' : 'border';
    const password = temporaryPassword(this.#deps.passwordPolicy, { username: idNumber, idNumber, mobile });
    const passwordHash = await hasher.hash(password);
    const previousHolder = await tx.accounts.releaseMobile(mobile, now);
    let account: Account;
    try {
      account = await tx.accounts.insert(
        {
          id: crypto.randomUUID(),
          idNumber,
          idKind,
          username: idNumber,
          mobile,
          email: '',
          passwordHash,
          preferredLanguage: language,
          status: 'registered',
          termsVersion: this.#deps.termsVersion,
          mustChangePassword: true,
        },
        now,
      );
    } catch (error) {
      if (error instanceof UniquenessConflict) throw new AppError('registration.conflict');
      throw error;
    }
    await tx.passwordHistory.add(account.id, passwordHash, now);
    await tx.reservations.releaseForOwner(idNumber);
    if (previousHolder) {
      await tellPreviousHolder(tx, { notifier, audit }, { previousHolder, toAccountId: account.id, mobile });
    }
    await notifier.sms(tx, {
      to: mobile,
      language,
      purpose: 'kiosk_temporary_password',
      messageId: 'kiosk.sms.temporary_password',
      params: { username: idNumber, password },
    });
    await audit.append(tx.audit, {
      type: 'kiosk.account_created',
      accountId: account.id,
      actor: `partner:${flow.data.clientId}`,
      subject: maskIdNumber(idNumber),
      data: { channel: 'kiosk', device: flow.data.device, mobile: maskMobile(mobile), termsVersion: this.#deps.termsVersion, temporaryPassword: true },
    });
    return account.id;
  }

  /** Activation after the code (its own transaction, idempotent): the flow records the answer. */
  async #finishActivation(flow: Flow): Promise<Flow> {
    const { store, clock } = this.#deps;
    const outcome = await this.#deps.activation.activate({
      accountId: flow.data.accountId!,
      channel: 'kiosk',
      partner: flow.data.device,
      reference: flow.id,
      actor: { kind: 'partner', id: flow.data.clientId },
    });
    if (outcome.kind === 'refused') throw new AppError(outcome.reason === 'not_found' ? 'account.not_found' : `account.${outcome.reason}`);
    const result: KioskResult = flow.data.createsAccount ? 'account_created' : outcome.kind;
    return store.transaction(async (tx) => {
      const now = clock.now();
      const current = await tx.flows.findForUpdate<KioskData>(flow.id, kioskMachine.kind);
      if (!current) throw new AppError('flow.not_found');
      if (current.state === 'completed') return current;
      assertTransition(kioskMachine, 'verified', 'verify_code', 'completed');
      const completed: Flow = { ...current, state: 'completed', data: { ...current.data, result }, updatedAt: now };
      await tx.flows.update(completed);
      return completed;
    });
  }

  async #updateMobile(tx: Repositories, flow: Flow, now: Date): Promise<Flow> {
    const { notifier, audit } = this.#deps;
    const account = await tx.accounts.findById(flow.data.accountId!);
    if (!account || account.status === 'disabled') throw new AppError('kiosk.stale');
    const oldMobile = account.mobile;
    const newMobile = flow.data.mobile;
    const previousHolder = await tx.accounts.releaseMobile(newMobile, now);
    try {
      await tx.accounts.update(account.id, { mobile: newMobile }, now);
    } catch (error) {
      if (error instanceof UniquenessConflict) throw new AppError('mobile_change.conflict');
      throw error;
    }
    if (previousHolder && previousHolder.id !== account.id) {
      await tellPreviousHolder(tx, { notifier, audit }, { previousHolder, toAccountId: account.id, mobile: newMobile });
    }
    const language = account.preferredLanguage;
    if (oldMobile) {
      await notifier.sms(tx, { to: oldMobile, language, purpose: 'mobile_changed', messageId: 'sms.mobile_changed_old', params: { mobile: maskMobile(newMobile) } });
    }
    await notifier.sms(tx, { to: newMobile, language, purpose: 'mobile_changed', messageId: 'sms.mobile_changed_new', params: { username: account.username } });
    await notifier.notice(tx, account.id, 'mobile.changed', { mobile: maskMobile(newMobile) });
    await audit.append(tx.audit, {
      type: 'mobile.changed',
      accountId: account.id,
      actor: `partner:${flow.data.clientId}`,
      subject: maskIdNumber(account.idNumber),
      data: { channel: 'kiosk', device: flow.data.device, from: oldMobile ? maskMobile(oldMobile) : null, to: maskMobile(newMobile), movedFromAnotherAccount: previousHolder !== null },
    });
    return this.#complete(tx, flow, 'mobile_updated', now);
  }

  async #suspend(tx: Repositories, flow: Flow, now: Date): Promise<Flow> {
    const account = await tx.accounts.findById(flow.data.accountId!);
    if (!account || account.status === 'disabled') throw new AppError('kiosk.stale');
    if (account.status !== 'suspended') {
      await tx.accounts.update(account.id, { status: 'suspended' }, now);
      const ended = await tx.sessions.endAllForAccount(account.id, 'account_suspended', now);
      if (account.mobile) {
        await this.#deps.notifier.sms(tx, { to: account.mobile, language: account.preferredLanguage, purpose: 'account_suspended', messageId: 'kiosk.sms.suspended' });
      }
      await this.#deps.audit.append(tx.audit, {
        type: 'kiosk.suspended',
        accountId: account.id,
        actor: `partner:${flow.data.clientId}`,
        subject: maskIdNumber(account.idNumber),
        data: { channel: 'kiosk', device: flow.data.device, by: 'holder', previousStatus: account.status, endedSessions: ended },
      });
    }
    return this.#complete(tx, flow, 'suspended', now);
  }

  async #complete(tx: Repositories, flow: Flow, result: KioskResult, now: Date): Promise<Flow> {
    assertTransition(kioskMachine, flow.state, 'verify_code', 'completed');
    const completed: Flow = { ...flow, state: 'completed', data: { ...flow.data, result }, updatedAt: now };
    await tx.flows.update(completed);
    return completed;
  }

  async #resend(device: KioskDevice, operationId: string): Promise<{ flow: Flow; timing: OtpTiming }> {
    const { store, clock } = this.#deps;
    return store.transaction(async (tx) => {
      const flow = await loadDevicesFlow(tx, device, operationId, 'resend_code', clock.now());
      const timing = await this.#deps.otp.send(tx, otpRequest(flow));
      await this.#deps.audit.append(tx.audit, { type: 'otp.resent', accountId: flow.data.accountId, subject: maskIdNumber(flow.data.idNumber), data: { flow: 'kiosk' } });
      return { flow, timing };
    });
  }

  async #registryCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof RegistryUnavailableError) throw new AppError('service.unavailable', { retryAfterSeconds: 30 });
      throw error;
    }
  }
}

async function loadDevicesFlow(tx: Repositories, device: KioskDevice, operationId: string, event: KioskEvent, now: Date): Promise<Flow & { state: KioskState }> {
  const flow = isUuid(operationId) ? await tx.flows.findForUpdate<KioskData>(operationId, kioskMachine.kind) : null;
  if (!flow || flow.data.clientId !== device.clientId) throw new AppError('flow.not_found');
  return loadForEvent<KioskState, KioskEvent, KioskData>(tx.flows, kioskMachine, operationId, event, now);
}

function otpRequest(flow: Flow) {
  return {
    flowId: flow.id,
    purpose: kioskOtpPurpose,
    mobile: flow.data.mobile,
    subjectKey: flow.data.idNumber,
    language: flow.data.language,
    messageId: `kiosk.sms.code.${flow.data.action}`,
  };
}

const passwordAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A random password the configured policy accepts (letters and digits, no look-alikes). */
export function temporaryPassword(policy: PasswordPolicy, context: { username: string; idNumber: string; mobile: string }): string {
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(kioskRules.temporaryPasswordLength * 2));
    let password = '';
    for (const byte of bytes) {
      if (byte >= 224) continue;
      password += passwordAlphabet[byte % passwordAlphabet.length];
      if (password.length === kioskRules.temporaryPasswordLength) break;
    }
    if (password.length === kioskRules.temporaryPasswordLength && evaluatePassword(policy, password, context).length === 0) return password;
  }
}

function windowEnd(now: Date, windowSeconds: number): Date {
  const windowMs = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs + windowMs);
}

function toView(flow: Flow, timing: OtpTiming | null): KioskView {
  return {
    operationId: flow.id,
    action: flow.data.action,
    state: flow.state as KioskState,
    mobileMasked: maskMobile(flow.data.mobile),
    createsAccount: flow.data.createsAccount,
    otpExpiresAt: timing?.expiresAt ?? null,
    resendAvailableAt: timing?.resendAvailableAt ?? null,
    result: flow.data.result,
    username: flow.data.createsAccount ? flow.data.idNumber : null,
  };
}
