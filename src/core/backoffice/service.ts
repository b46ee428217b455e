// What officers do to people's accounts and to each other (DESIGN §2 "Back office"): search by ID,
// see an account with its status and events, activate in person or by a printed form's reference,
// unlock sign-in, reset the mobile after in-person checks, suspend and reinstate, and (admins)
// manage officers. Guarantees: every method checks the role × action table first (roles.ts); every
// action, looking included, leaves an audit event with the officer's id as actor and only masked
// identifiers; changes and their audit event commit together; a suspended account's sessions end
// in the same transaction; nothing is half-written when a check fails.
import { randomBytes } from 'node:crypto';
import { AppError, FieldErrorCollector } from '../errors.ts';
import type { AttemptCounters, CivilRegistry, Clock, RegistryPerson } from '../ports.ts';
import type { Account, AccountStatus, AuditRecord, Lockout } from '../store.ts';
import { UniquenessConflict } from '../store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Notifier } from '../notices/notifier.ts';
import type { PasswordHasher } from '../passwords.ts';
import { maskIdNumber, parseIdentifier } from '../identity/national-id.ts';
import { maskMobile, parseMobile } from '../identity/mobile.ts';
import { normaliseInput } from '../identity/digits.ts';
import { assertAllowed, isRole, type Role } from './roles.ts';
import type { AccountActivator } from './activator.ts';
import type { OfficerPrincipal } from './officer-auth.ts';
import { newTotpSecret, totpUri } from './totp.ts';
import { OfficerUsernameTaken, type ActivationFormRecord, type BackofficeStore, type BackofficeUnit, type Officer } from './store.ts';
import { isLive } from '../activation-form/service.ts';
import { readFormReference } from '../activation-form/reference.ts';

/** The checks an officer confirms, per action, before the platform lets it through. */
export const requiredChecks = {
  activate_in_person: ['identity_document', 'face_matches_photo'],
  activate_by_form: ['identity_document', 'form_matches_holder'],
  reset_mobile: ['identity_document', 'face_matches_photo'],
} as const;

export type AccountDetails = {
  account: Account;
  person: RegistryPerson | null;
  lockout: Lockout | null;
  form: ActivationFormRecord | null;
  formLive: boolean;
  events: AuditRecord[];
  /** Who the officers among the events' actors are: `officer:<id>` → their username. */
  actors: Record<string, string>;
};

export type NewOfficerCredentials = { officer: Officer; password: string; totpSecret: string; totpUri: string };

export type BackofficeDependencies = {
  store: BackofficeStore;
  clock: Clock;
  audit: AuditLog;
  notifier: Notifier;
  registry: CivilRegistry;
  counters: AttemptCounters;
  hasher: PasswordHasher;
  activation: AccountActivator;
  wakeOutbox: () => void;
};

/** The key the recovery gate counts an ID number's failures under (src/core/flows/recovery.ts). */
const recoveryIdentityKey = (idNumber: string) => `recovery-failures:id:${idNumber}`;

export class BackofficeService {
  readonly #deps: BackofficeDependencies;

  constructor(dependencies: BackofficeDependencies) {
    this.#deps = dependencies;
  }

  /** The account registered to an ID number (Arabic digits accepted), or null. */
  async search(actor: OfficerPrincipal, idInput: unknown): Promise<Account | null> {
    assertAllowed(actor.role, 'search');
    const parsed = parseIdentifier(idInput);
    if (!parsed.ok) throw new AppError('validation.failed', { fields: { idNumber: [parsed.error] } });
    const { store } = this.#deps;
    const account = await store.platform.accounts.findByIdNumber(parsed.value.idNumber);
    await this.#deps.audit.append(store.platform.audit, {
      type: 'backoffice.searched',
      accountId: account?.id ?? null,
      actor: actorOf(actor),
      subject: maskIdNumber(parsed.value.idNumber),
      data: { found: account !== null },
    });
    return account;
  }

  async view(actor: OfficerPrincipal, accountId: string): Promise<AccountDetails> {
    assertAllowed(actor.role, 'view_account');
    const { store, registry, clock } = this.#deps;
    const account = await this.#account(store.platform, accountId);
    await this.#deps.audit.append(store.platform.audit, {
      type: 'backoffice.viewed',
      accountId: account.id,
      actor: actorOf(actor),
      subject: maskIdNumber(account.idNumber),
    });
    const [person, lockout, form, events] = await Promise.all([
      registry.findPerson(account.idNumber).catch(() => null),
      store.platform.lockouts.find(`account:${account.id}`),
      store.activationForms.findByAccount(account.id),
      store.platform.audit.listForAccount(account.id, 50),
    ]);
    const actors: Record<string, string> = {};
    for (const actorId of new Set(events.map((event) => event.actor).filter((actor) => actor.startsWith('officer:')))) {
      const officer = await store.officers.findById(actorId.slice('officer:'.length)).catch(() => null);
      if (officer) actors[actorId] = officer.username;
    }
    return { account, person, lockout, form, formLive: form ? isLive(form, clock.now()) : false, events, actors };
  }

  async activateInPerson(actor: OfficerPrincipal, accountId: string, checks: Record<string, unknown>): Promise<{ outcome: 'activated' | 'already_active' }> {
    assertAllowed(actor.role, 'activate_in_person');
    const confirmed = readChecks(checks, requiredChecks.activate_in_person);
    const account = await this.#account(this.#deps.store.platform, accountId);
    const reference = `OFFICE-${randomBytes(6).toString('hex').toUpperCase()}`;
    const outcome = await this.#deps.activation.activate({
      accountId: account.id,
      channel: 'office',
      partner: actor.id,
      reference,
      checks: confirmed,
      actor: { kind: 'officer', id: actor.id },
    });
    if (outcome.kind === 'refused') throw new AppError('backoffice.activation_refused', { params: { reason: outcome.reason } });
    await this.#deps.audit.append(this.#deps.store.platform.audit, {
      type: 'backoffice.activated_in_person',
      accountId: account.id,
      actor: actorOf(actor),
      subject: maskIdNumber(account.idNumber),
      data: { outcome: outcome.kind, reference, checks: confirmed, activationId: outcome.activationId },
    });
    return { outcome: outcome.kind };
  }

  /** The account a form reference stands for, to show the officer before activating (it must be live). */
  async findForm(actor: OfficerPrincipal, referenceInput: unknown): Promise<{ record: ActivationFormRecord; account: Account; person: RegistryPerson | null }> {
    assertAllowed(actor.role, 'activate_by_form');
    const reference = readReference(referenceInput);
    const { store, clock } = this.#deps;
    const record = await store.activationForms.findByReference(reference);
    if (!record) throw formError('backoffice.form_not_found');
    assertFormLive(record, clock.now());
    const account = await this.#account(store.platform, record.accountId);
    const person = await this.#deps.registry.findPerson(account.idNumber).catch(() => null);
    return { record, account, person };
  }

  async activateByForm(actor: OfficerPrincipal, referenceInput: unknown, checks: Record<string, unknown>): Promise<{ account: Account; outcome: 'activated' | 'already_active' }> {
    assertAllowed(actor.role, 'activate_by_form');
    const errors = new FieldErrorCollector();
    const reference = readFormReference(referenceInput);
    if (!reference) errors.add('reference', 'backoffice.reference_format');
    const confirmed = readChecks(checks, requiredChecks.activate_by_form, errors);
    errors.throwIfAny();
    const { store, clock, audit } = this.#deps;
    const record = await store.activationForms.findByReference(reference!);
    if (!record) throw formError('backoffice.form_not_found');
    assertFormLive(record, clock.now());
    const account = await this.#account(store.platform, record.accountId);
    const outcome = await this.#deps.activation.activate({
      accountId: account.id,
      channel: 'office_form',
      partner: actor.id,
      reference: record.reference,
      checks: confirmed,
      actor: { kind: 'officer', id: actor.id },
    });
    if (outcome.kind === 'refused') throw new AppError('backoffice.activation_refused', { params: { reason: outcome.reason } });
    await store.transaction(async (tx) => {
      const locked = await tx.activationForms.findByReferenceForUpdate(record.reference);
      // Another officer used the same form a moment ago: the account is active once, the form used once.
      if (!locked || locked.usedAt) throw formError('backoffice.form_used');
      await tx.activationForms.markUsed(record.reference, actor.id, clock.now());
      await audit.append(tx.audit, {
        type: 'backoffice.activated_by_form',
        accountId: account.id,
        actor: actorOf(actor),
        subject: maskIdNumber(account.idNumber),
        data: { outcome: outcome.kind, reference: record.reference, checks: confirmed, activationId: outcome.activationId },
      });
    });
    return { account, outcome: outcome.kind };
  }

  /** Clears the holder's password lockout and the recovery failures counted for their ID number. */
  async unlock(actor: OfficerPrincipal, accountId: string): Promise<{ wasLocked: boolean }> {
    assertAllowed(actor.role, 'unlock');
    const { store, clock, audit, counters } = this.#deps;
    const result = await store.transaction(async (tx) => {
      const account = await this.#account(tx, accountId);
      const lockout = await tx.lockouts.find(`account:${account.id}`);
      const wasLocked = Boolean(lockout && (lockout.failures > 0 || (lockout.lockedUntil && lockout.lockedUntil > clock.now())));
      await tx.lockouts.clear(`account:${account.id}`);
      await audit.append(tx.audit, {
        type: 'backoffice.unlocked',
        accountId: account.id,
        actor: actorOf(actor),
        subject: maskIdNumber(account.idNumber),
        data: { wasLocked, failures: lockout?.failures ?? 0 },
      });
      return { wasLocked, idNumber: account.idNumber };
    });
    await counters.reset(recoveryIdentityKey(result.idNumber));
    return { wasLocked: result.wasLocked };
  }

  /** Gives the account a new mobile after in-person checks; the holder's sessions end and both numbers are told. */
  async resetMobile(actor: OfficerPrincipal, accountId: string, mobileInput: unknown, checks: Record<string, unknown>): Promise<Account> {
    assertAllowed(actor.role, 'reset_mobile');
    const errors = new FieldErrorCollector();
    const mobile = parseMobile(mobileInput);
    if (!mobile.ok) errors.add('mobile', mobile.error.code, mobile.error.params);
    const confirmed = readChecks(checks, requiredChecks.reset_mobile, errors);
    errors.throwIfAny();
    const newMobile = (mobile as { ok: true; value: string }).value;
    const { store, clock, audit, notifier } = this.#deps;
    const updated = await store.transaction(async (tx) => {
      const account = await this.#account(tx, accountId);
      if (account.status === 'disabled') throw new AppError('backoffice.wrong_status', { params: { status: account.status } });
      if (account.mobile === newMobile) throw new AppError('validation.failed', { fields: { mobile: [{ code: 'backoffice.mobile_same' }] } });
      const holder = await tx.accounts.findByMobile(newMobile);
      if (holder && holder.id !== account.id) throw new AppError('validation.failed', { fields: { mobile: [{ code: 'backoffice.mobile_taken' }] } });
      let changed: Account;
      try {
        changed = await tx.accounts.update(account.id, { mobile: newMobile }, clock.now());
      } catch (error) {
        if (error instanceof UniquenessConflict) throw new AppError('validation.failed', { fields: { mobile: [{ code: 'backoffice.mobile_taken' }] } });
        throw error;
      }
      const ended = await tx.sessions.endAllForAccount(account.id, 'mobile_reset_by_officer', clock.now());
      const masked = maskMobile(newMobile);
      if (account.mobile) {
        await notifier.sms(tx, { to: account.mobile, language: account.preferredLanguage, purpose: 'backoffice_mobile_reset', messageId: 'backoffice.sms.mobile_reset_old', params: { mobile: masked } });
      }
      await notifier.sms(tx, { to: newMobile, language: account.preferredLanguage, purpose: 'backoffice_mobile_reset', messageId: 'backoffice.sms.mobile_reset_new', params: { username: account.username } });
      await audit.append(tx.audit, {
        type: 'backoffice.mobile_reset',
        accountId: account.id,
        actor: actorOf(actor),
        subject: maskIdNumber(account.idNumber),
        data: { from: account.mobile ? maskMobile(account.mobile) : null, to: masked, checks: confirmed, sessionsEnded: ended },
      });
      return changed;
    });
    this.#deps.wakeOutbox();
    return updated;
  }

  /** Pauses a registered or active account: it cannot sign in, and its sessions end now. */
  async suspend(actor: OfficerPrincipal, accountId: string, reasonInput: unknown): Promise<Account> {
    assertAllowed(actor.role, 'suspend');
    const reason = readReason(reasonInput);
    const { store, clock, audit, notifier } = this.#deps;
    const updated = await store.transaction(async (tx) => {
      const account = await this.#account(tx, accountId);
      if (account.status !== 'registered' && account.status !== 'active') throw new AppError('backoffice.wrong_status', { params: { status: account.status } });
      const changed = await tx.accounts.update(account.id, { status: 'suspended' }, clock.now());
      const ended = await tx.sessions.endAllForAccount(account.id, 'suspended_by_officer', clock.now());
      if (account.mobile) {
        await notifier.sms(tx, { to: account.mobile, language: account.preferredLanguage, purpose: 'backoffice_suspended', messageId: 'backoffice.sms.suspended' });
      }
      await audit.append(tx.audit, {
        type: 'backoffice.suspended',
        accountId: account.id,
        actor: actorOf(actor),
        subject: maskIdNumber(account.idNumber),
        data: { from: account.status, reason, sessionsEnded: ended },
      });
      return changed;
    });
    this.#deps.wakeOutbox();
    return updated;
  }

  /** Restores a suspended account to what it was: active when it was ever activated, else registered. */
  async reinstate(actor: OfficerPrincipal, accountId: string, reasonInput: unknown): Promise<Account> {
    assertAllowed(actor.role, 'reinstate');
    const reason = readReason(reasonInput);
    const { store, clock, audit, notifier } = this.#deps;
    const updated = await store.transaction(async (tx) => {
      const account = await this.#account(tx, accountId);
      if (account.status !== 'suspended') throw new AppError('backoffice.wrong_status', { params: { status: account.status } });
      const history = await tx.audit.listForAccount(account.id, 1000);
      const status: AccountStatus = history.some((event) => event.type === 'activation.completed') ? 'active' : 'registered';
      const changed = await tx.accounts.update(account.id, { status }, clock.now());
      if (account.mobile) {
        await notifier.sms(tx, { to: account.mobile, language: account.preferredLanguage, purpose: 'backoffice_reinstated', messageId: 'backoffice.sms.reinstated' });
      }
      await audit.append(tx.audit, {
        type: 'backoffice.reinstated',
        accountId: account.id,
        actor: actorOf(actor),
        subject: maskIdNumber(account.idNumber),
        data: { to: status, reason },
      });
      return changed;
    });
    this.#deps.wakeOutbox();
    return updated;
  }

  async listOfficers(actor: OfficerPrincipal): Promise<Officer[]> {
    assertAllowed(actor.role, 'manage_officers');
    return this.#deps.store.officers.list();
  }

  /** Creates an officer with a generated password and TOTP secret, returned once (for the enrolment page). */
  async createOfficer(actor: OfficerPrincipal, input: { username?: unknown; displayName?: unknown; role?: unknown }): Promise<NewOfficerCredentials> {
    assertAllowed(actor.role, 'manage_officers');
    return createOfficerRecord(this.#deps, input, actorOf(actor));
  }

  async disableOfficer(actor: OfficerPrincipal, officerId: string): Promise<void> {
    assertAllowed(actor.role, 'manage_officers');
    if (officerId === actor.id) throw new AppError('backoffice.cannot_disable_self');
    const { store, clock, audit } = this.#deps;
    await store.transaction(async (tx) => {
      const officer = /^[0-9a-f-]{36}$/i.test(officerId) ? await tx.officers.findById(officerId) : null;
      if (!officer) throw new AppError('backoffice.not_found');
      await tx.officers.setStatus(officer.id, 'disabled', clock.now());
      const ended = await tx.officerSessions.endAllForOfficer(officer.id, 'officer_disabled', clock.now());
      await audit.append(tx.audit, {
        type: 'backoffice.officer_disabled',
        actor: actorOf(actor),
        subject: officer.username,
        data: { officer: officer.id, role: officer.role, sessionsEnded: ended },
      });
    });
  }

  async #account(tx: Pick<BackofficeUnit, 'accounts'>, accountId: string): Promise<Account> {
    const account = /^[0-9a-f-]{36}$/i.test(accountId) ? await tx.accounts.findById(accountId) : null;
    if (!account) throw new AppError('backoffice.not_found');
    return account;
  }
}

/**
 * Creates an officer (the admin CLI for the first admin, the admin pages for the others). The
 * password (16 characters) and the TOTP secret are generated here and only returned, never logged.
 */
export async function createOfficerRecord(
  deps: Pick<BackofficeDependencies, 'store' | 'clock' | 'audit' | 'hasher'>,
  input: { username?: unknown; displayName?: unknown; role?: unknown; password?: string; totpSecret?: string },
  createdBy: string,
): Promise<NewOfficerCredentials> {
  const errors = new FieldErrorCollector();
  const username = normaliseInput(input.username).toLowerCase();
  const displayName = normaliseInput(input.displayName).replace(/\s+/g, ' ');
  if (!/^[a-z][a-z0-9._-]{2,31}$/.test(username)) errors.add('username', 'backoffice.officer_username_format');
  if (displayName.length < 2 || displayName.length > 80) errors.add('displayName', 'backoffice.officer_name_required');
  if (!isRole(input.role)) errors.add('role', 'backoffice.role_required');
  errors.throwIfAny();
  const role = input.role as Role;
  const password = input.password ?? randomBytes(12).toString('base64url');
  const totpSecret = input.totpSecret ?? newTotpSecret();
  const passwordHash = await deps.hasher.hash(password);
  const officer = await deps.store.transaction(async (tx) => {
    let created: Officer;
    try {
      created = await tx.officers.insert(
        { id: crypto.randomUUID(), username, displayName, role, passwordHash, totpSecret, status: 'active', createdBy },
        deps.clock.now(),
      );
    } catch (error) {
      if (error instanceof OfficerUsernameTaken) throw new AppError('validation.failed', { fields: { username: [{ code: 'backoffice.officer_username_taken' }] } });
      throw error;
    }
    await deps.audit.append(tx.audit, {
      type: 'backoffice.officer_created',
      actor: createdBy,
      subject: username,
      data: { officer: created.id, role },
    });
    return created;
  });
  return { officer, password, totpSecret, totpUri: totpUri(totpSecret, username) };
}

function actorOf(actor: OfficerPrincipal): string {
  return `officer:${actor.id}`;
}

function readChecks(checks: Record<string, unknown>, required: readonly string[], errors?: FieldErrorCollector): Record<string, boolean> {
  const collector = errors ?? new FieldErrorCollector();
  const confirmed: Record<string, boolean> = {};
  for (const check of required) {
    const value = checks[check];
    const ticked = value === true || value === 'yes' || value === 'on' || value === 'true';
    if (!ticked) collector.add(`check_${check}`, `backoffice.check_required.${check}`);
    confirmed[check] = ticked;
  }
  if (!errors) collector.throwIfAny();
  return confirmed;
}

function readReason(input: unknown): string {
  const reason = normaliseInput(input).replace(/\s+/g, ' ');
  if (reason.length < 3 || reason.length > 300) throw new AppError('validation.failed', { fields: { reason: [{ code: 'backoffice.reason_required' }] } });
  return reason;
}

function readReference(input: unknown): string {
  const reference = readFormReference(input);
  if (!reference) throw new AppError('validation.failed', { fields: { reference: [{ code: 'backoffice.reference_format' }] } });
  return reference;
}

function formError(code: 'backoffice.form_not_found' | 'backoffice.form_used' | 'backoffice.form_expired'): AppError {
  return new AppError('validation.failed', { fields: { reference: [{ code }] } });
}

function assertFormLive(record: ActivationFormRecord, now: Date): void {
  if (record.usedAt) throw formError('backoffice.form_used');
  if (now >= record.expiresAt) throw formError('backoffice.form_expired');
}
