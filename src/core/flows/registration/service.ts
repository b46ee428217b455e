// Runs the registration flow for pages and the JSON API alike: `start` accepts the form,
// `submit(flowId, event)` verifies or resends the code, `view` reads the flow.
// Guarantees: every field error is reported at once; registry and account facts are revealed only
// after a right visual code; concurrent registrations for one username resolve to one winner (a
// reservation at start, unique indexes at completion); the account, the mobile move, the notices,
// the messages and the audit records of a completion commit together or not at all.
import { AppError } from '../../errors.ts';
import { addSeconds } from '../../clock.ts';
import { RegistryUnavailableError, type CivilRegistry, type Clock } from '../../ports.ts';
import { UniquenessConflict, type FlowRecord, type Language, type Store } from '../../store.ts';
import type { PasswordHasher } from '../../passwords.ts';
import type { PasswordPolicy } from '../../identity/password-policy.ts';
import { checkEligibility } from '../../identity/eligibility.ts';
import { maskIdNumber } from '../../identity/national-id.ts';
import { normaliseInput } from '../../identity/digits.ts';
import { maskMobile } from '../../identity/mobile.ts';
import { usernameKey } from '../../identity/username.ts';
import type { OtpService } from '../../otp/otp-service.ts';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { Notifier } from '../../notices/notifier.ts';
import type { CaptchaService } from '../../captcha/captcha-service.ts';
import { loadForEvent, assertTransition, isUuid } from '../state-machine.ts';
import { checkRegistrationForm, isComplete, type RegistrationInput } from './form.ts';
import {
  registrationMachine,
  registrationOtpPurpose,
  type RegistrationData,
  type RegistrationEvent,
  type RegistrationView,
} from './flow.ts';
import { tellPreviousHolder } from '../../account/mobile-moved.ts';

export type RegistrationDependencies = {
  store: Store;
  clock: Clock;
  registry: CivilRegistry;
  hasher: PasswordHasher;
  otp: OtpService;
  audit: AuditLog;
  notifier: Notifier;
  captcha: CaptchaService;
  passwordPolicy: PasswordPolicy;
  minimumAge: number;
  termsVersion: string;
  /** Called after a commit that queued messages, so they leave at once. */
  wakeOutbox: () => void;
};

export type RequestContext = { channel: 'web' | 'api'; language: Language };

export type RegistrationSubmission =
  | { event: 'verify_code'; code: unknown }
  | { event: 'resend_code' };

type Flow = FlowRecord<RegistrationData>;

export class RegistrationService {
  readonly #deps: RegistrationDependencies;

  constructor(dependencies: RegistrationDependencies) {
    this.#deps = dependencies;
  }

  /** Accepts a complete registration form: creates the flow and sends the code. */
  async start(input: RegistrationInput, context: RequestContext): Promise<RegistrationView> {
    const { clock, store, registry } = this.#deps;
    const check = checkRegistrationForm(input, this.#deps.passwordPolicy, context.language);
    const { valid, errors } = check;

    const captcha = await this.#deps.captcha.check(input.captcha);
    if (captcha !== 'right') errors.add('captcha', captcha === 'missing' ? 'captcha.required' : 'captcha.wrong');
    const captchaRight = captcha === 'right';

    if (captchaRight && valid.idNumber) {
      const person = await this.#findPerson(valid.idNumber);
      if (!person) errors.add('idNumber', 'id.not_found');
      else {
        const eligibility = checkEligibility(person, { today: clock.now(), minimumAge: this.#deps.minimumAge });
        if (!eligibility.eligible) errors.add('idNumber', 'id.not_eligible', { reason: eligibility.reason });
        else if (await store.accounts.findByIdNumber(valid.idNumber)) errors.add('idNumber', 'id.already_registered');
      }
    }
    if (valid.username && (await this.#usernameTaken(valid.username, valid.idNumber ?? ''))) errors.add('username', 'username.taken');
    errors.throwIfAny();
    if (!isComplete(check)) throw new AppError('validation.failed', { fields: errors.errors });

    const form = check.valid;
    const passwordHash = await this.#deps.hasher.hash(form.password);
    const now = clock.now();
    const flow: Flow = {
      id: crypto.randomUUID(),
      kind: registrationMachine.kind,
      state: registrationMachine.initial,
      channel: context.channel,
      subjectKey: form.idNumber,
      data: {
        idNumber: form.idNumber,
        idKind: form.idKind,
        mobile: form.mobile,
        email: form.email,
        username: form.username,
        passwordHash,
        preferredLanguage: form.preferredLanguage,
        termsVersion: this.#deps.termsVersion,
      },
      expiresAt: addSeconds(now, registrationMachine.lifetimeSeconds),
      createdAt: now,
      updatedAt: now,
      version: 0,
    };

    const view = await store.transaction(async (tx) => {
      const claimed = await tx.reservations.claim(
        { kind: 'username', value: usernameKey(form.username), flowId: flow.id, ownerKey: form.idNumber, expiresAt: flow.expiresAt },
        now,
      );
      if (!claimed) throw new AppError('validation.failed', { fields: { username: [{ code: 'username.taken' }] } });
      await tx.flows.insert(flow);
      const timing = await this.#deps.otp.send(tx, this.#otpRequest(flow));
      await this.#deps.audit.append(tx.audit, {
        type: 'registration.started',
        subject: maskIdNumber(form.idNumber),
        data: { channel: context.channel, mobile: maskMobile(form.mobile) },
      });
      return toView(flow, timing);
    });
    this.#deps.wakeOutbox();
    return view;
  }

  /** Applies an event to a registration flow. */
  async submit(flowId: string, submission: RegistrationSubmission): Promise<RegistrationView> {
    const outcome = submission.event === 'verify_code' ? await this.#verify(flowId, submission.code) : await this.#resend(flowId);
    this.#deps.wakeOutbox();
    if ('error' in outcome) throw outcome.error;
    return outcome.view;
  }

  async view(flowId: string): Promise<RegistrationView> {
    // A malformed id is simply unknown; a database failure is not (it must not read as "no such flow").
    const flow = isUuid(flowId) ? await this.#deps.store.flows.find<RegistrationData>(flowId, registrationMachine.kind) : null;
    if (!flow) throw new AppError('flow.not_found');
    if (flow.state !== 'completed' && this.#deps.clock.now() >= flow.expiresAt) throw new AppError('flow.expired');
    const timing = flow.state === 'completed' ? null : await this.#deps.otp.timing(this.#deps.store, flow.id, registrationOtpPurpose);
    return toView(flow, timing);
  }

  /** Whether a username could be chosen now (format rules aside). */
  async isUsernameAvailable(username: string): Promise<boolean> {
    return !(await this.#usernameTaken(username, ''));
  }

  async #verify(flowId: string, code: unknown): Promise<{ view: RegistrationView } | { error: AppError }> {
    const { store, clock } = this.#deps;
    return store.transaction(async (tx) => {
      const now = clock.now();
      const flow = await loadForEvent<'otp_sent' | 'completed', RegistrationEvent, RegistrationData>(
        tx.flows,
        registrationMachine,
        flowId,
        'verify_code',
        now,
      );
      const checked = await this.#deps.otp.verifyOutcome(tx, flow.id, registrationOtpPurpose, typeof code === 'string' ? normaliseCode(code) : '');
      if (!checked.ok) {
        await this.#deps.audit.append(tx.audit, {
          type: 'otp.failed',
          subject: maskIdNumber(flow.data.idNumber),
          data: { flow: 'registration', reason: checked.error.code },
        });
        return { error: checked.error };
      }

      const data = flow.data;
      const previousHolder = await tx.accounts.releaseMobile(data.mobile, now);
      let account;
      try {
        account = await tx.accounts.insert(
          {
            id: crypto.randomUUID(),
            idNumber: data.idNumber,
            idKind: data.idKind,
            username: data.username,
            mobile: data.mobile,
            email: data.email,
            passwordHash: data.passwordHash,
            preferredLanguage: data.preferredLanguage,
            status: 'registered',
            termsVersion: data.termsVersion,
          },
          now,
        );
      } catch (error) {
        if (error instanceof UniquenessConflict) throw conflictError(error);
        throw error;
      }
      await tx.passwordHistory.add(account.id, data.passwordHash, now);
      if (previousHolder) await tellPreviousHolder(tx, this.#deps, { previousHolder, toAccountId: account.id, mobile: data.mobile });

      assertTransition(registrationMachine, flow.state, 'verify_code', 'completed');
      const completed: Flow = { ...flow, state: 'completed', data: { ...data, accountId: account.id }, updatedAt: now };
      await tx.flows.update(completed);
      await tx.reservations.releaseForOwner(data.idNumber);
      await this.#deps.notifier.sms(tx, {
        to: data.mobile,
        language: data.preferredLanguage,
        purpose: 'registration_completed',
        messageId: 'sms.registration_completed',
        params: { username: data.username },
      });
      await this.#deps.audit.append(tx.audit, {
        type: 'registration.completed',
        accountId: account.id,
        subject: maskIdNumber(data.idNumber),
        data: { mobile: maskMobile(data.mobile), termsVersion: data.termsVersion },
      });
      return { view: toView(completed, null) };
    });
  }

  async #resend(flowId: string): Promise<{ view: RegistrationView }> {
    const { store, clock } = this.#deps;
    return store.transaction(async (tx) => {
      const flow = await loadForEvent<'otp_sent' | 'completed', RegistrationEvent, RegistrationData>(
        tx.flows,
        registrationMachine,
        flowId,
        'resend_code',
        clock.now(),
      );
      const timing = await this.#deps.otp.send(tx, this.#otpRequest(flow));
      await this.#deps.audit.append(tx.audit, { type: 'otp.resent', subject: maskIdNumber(flow.data.idNumber), data: { flow: 'registration' } });
      return { view: toView(flow, timing) };
    });
  }

  #otpRequest(flow: Flow) {
    return {
      flowId: flow.id,
      purpose: registrationOtpPurpose,
      mobile: flow.data.mobile,
      subjectKey: flow.data.idNumber,
      language: flow.data.preferredLanguage,
      messageId: 'sms.registration_code',
    };
  }

  async #findPerson(idNumber: string) {
    try {
      return await this.#deps.registry.findPerson(idNumber);
    } catch (error) {
      if (error instanceof RegistryUnavailableError) throw new AppError('service.unavailable', { retryAfterSeconds: 30 });
      throw error;
    }
  }

  async #usernameTaken(username: string, ownerKey: string): Promise<boolean> {
    const { store, clock } = this.#deps;
    if (await store.accounts.findByUsername(username)) return true;
    return store.reservations.isHeldByOther('username', usernameKey(username), ownerKey, clock.now());
  }
}

function conflictError(conflict: UniquenessConflict): AppError {
  const field = conflict.field === 'username' ? 'username' : 'idNumber';
  const code = conflict.field === 'username' ? 'username.taken' : conflict.field === 'idNumber' ? 'id.already_registered' : 'mobile.conflict';
  return new AppError('registration.conflict', { fields: { [field]: [{ code }] } });
}

/** A code as typed: Arabic or Persian digits, spaces between groups. */
function normaliseCode(code: string): string {
  return normaliseInput(code).replace(/\s+/g, '');
}

function toView(flow: Flow, timing: { expiresAt: Date; resendAvailableAt: Date; sendsLeft: number } | null): RegistrationView {
  return {
    registrationId: flow.id,
    state: flow.state as RegistrationView['state'],
    channel: flow.channel,
    mobileMasked: maskMobile(flow.data.mobile),
    preferredLanguage: flow.data.preferredLanguage,
    expiresAt: flow.expiresAt,
    otpExpiresAt: timing?.expiresAt ?? null,
    resendAvailableAt: timing?.resendAvailableAt ?? null,
    sendsLeft: timing?.sendsLeft ?? 0,
    account: flow.state === 'completed' ? { username: flow.data.username, status: 'registered' } : null,
  };
}
