// Officers' sign-in and sessions, apart from the holders' ones. Sign-in takes username, password
// (argon2id) and a TOTP code together. Guarantees: one answer for every failure (unknown name,
// wrong password, wrong or replayed code, disabled officer), each counted toward a lockout of the
// name (5 failures lock it for 15 minutes, doubling up to 24 hours) and audited; an unknown name
// costs an argon2 verify like a real one; a TOTP step is accepted once only; a session token is
// given once and only its SHA-256 is kept; a session ends after 15 idle minutes or 8 hours.
import { createHash, randomBytes } from 'node:crypto';
import { AppError, FieldErrorCollector } from '../errors.ts';
import { normaliseInput } from '../identity/digits.ts';
import type { Clock } from '../ports.ts';
import type { PasswordHasher } from '../passwords.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { lockedError, type LockoutPolicy } from '../sessions/lockout-policy.ts';
import { matchTotp } from './totp.ts';
import type { BackofficeStore, Officer, OfficerSession } from './store.ts';
import type { Role } from './roles.ts';

export const officerSessionRules = {
  idleSeconds: 15 * 60,
  absoluteSeconds: 8 * 60 * 60,
  touchEverySeconds: 60,
} as const;

/** Who acts in the back office: what the core checks permissions and audits against. */
export type OfficerPrincipal = { id: string; username: string; displayName: string; role: Role };

export type OfficerSignInInput = { username?: unknown; password?: unknown; code?: unknown };
export type OfficerContext = { ip: string; userAgent: string };
export type ResolvedOfficerSession = { session: OfficerSession; officer: OfficerPrincipal };

export function officerSessionIdOf(token: string): string {
  return createHash('sha256').update(`backoffice:${token}`).digest('hex');
}

export function principalOf(officer: Officer): OfficerPrincipal {
  return { id: officer.id, username: officer.username, displayName: officer.displayName, role: officer.role };
}

export type OfficerAuthDependencies = {
  store: BackofficeStore;
  clock: Clock;
  hasher: PasswordHasher;
  audit: AuditLog;
  lockouts: LockoutPolicy;
};

export class OfficerAuthService {
  readonly #deps: OfficerAuthDependencies;
  readonly #standInHash: Promise<string>;

  constructor(dependencies: OfficerAuthDependencies) {
    this.#deps = dependencies;
    this.#standInHash = dependencies.hasher.hash(crypto.randomUUID());
  }

  async signIn(input: OfficerSignInInput, context: OfficerContext): Promise<{ token: string; officer: OfficerPrincipal; expiresAt: Date }> {
    const { store, clock, hasher, lockouts, audit } = this.#deps;
    const form = readSignIn(input);
    const now = clock.now();
    const officer = await store.officers.findByUsername(form.username);
    const subjectKey = officer ? `officer:${officer.id}` : `officer-name:${form.username}`;
    await lockouts.assertOpen(store.platform, subjectKey);

    const passwordRight = await hasher.verify(officer?.passwordHash ?? (await this.#standInHash), form.password);
    const step = officer && passwordRight ? matchTotp(officer.totpSecret, form.code, now) : null;
    const reason = !officer ? 'unknown' : !passwordRight ? 'password' : step === null ? 'code' : officer.status !== 'active' ? 'disabled' : null;

    const outcome = await store.transaction(async (tx) => {
      let failure = reason;
      if (!failure && officer && step !== null && !(await tx.officers.claimTotpStep(officer.id, step, now))) failure = 'replayed';
      if (failure) {
        const lock = await lockouts.recordFailure(tx, subjectKey);
        await audit.append(tx.audit, {
          type: lock.lockedUntil ? 'backoffice.sign_in_locked' : 'backoffice.sign_in_failed',
          actor: officer ? `officer:${officer.id}` : 'person',
          subject: officer ? officer.username : `${form.username.slice(0, 2)}•••`,
          data: { reason: failure, address: context.ip },
        });
        return { failed: true as const, lockedUntil: lock.lockedUntil };
      }
      const signedIn = officer!;
      await lockouts.clear(tx, subjectKey);
      const token = randomBytes(32).toString('base64url');
      const session: OfficerSession = {
        id: officerSessionIdOf(token),
        officerId: signedIn.id,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + officerSessionRules.absoluteSeconds * 1000),
        ip: context.ip,
        userAgent: context.userAgent.slice(0, 300),
        endedAt: null,
        endReason: null,
      };
      await tx.officerSessions.insert(session);
      await audit.append(tx.audit, {
        type: 'backoffice.signed_in',
        actor: `officer:${signedIn.id}`,
        subject: signedIn.username,
        data: { role: signedIn.role, address: context.ip, session: session.id.slice(0, 12) },
      });
      return { failed: false as const, token, expiresAt: session.expiresAt, officer: signedIn };
    });
    if (outcome.failed) {
      if (outcome.lockedUntil) throw lockedError(now, outcome.lockedUntil);
      throw new AppError('backoffice.sign_in_invalid');
    }
    return { token: outcome.token, officer: principalOf(outcome.officer), expiresAt: outcome.expiresAt };
  }

  /** The live session a token stands for; ends it when it has just expired or its officer is disabled. */
  async resolve(token: string | undefined): Promise<ResolvedOfficerSession | null> {
    if (!token || token.length > 100) return null;
    const { store, clock } = this.#deps;
    const now = clock.now();
    const session = await store.officerSessions.find(officerSessionIdOf(token));
    if (!session || session.endedAt) return null;
    const idle = now.getTime() - session.lastSeenAt.getTime() >= officerSessionRules.idleSeconds * 1000;
    if (now >= session.expiresAt || idle) {
      await this.#end(session, now >= session.expiresAt ? 'expired_absolute' : 'expired_idle');
      return null;
    }
    const officer = await store.officers.findById(session.officerId);
    if (!officer || officer.status !== 'active') {
      await this.#end(session, 'officer_disabled');
      return null;
    }
    if (now.getTime() - session.lastSeenAt.getTime() >= officerSessionRules.touchEverySeconds * 1000) {
      await store.officerSessions.touch(session.id, now);
      session.lastSeenAt = now;
    }
    return { session, officer: principalOf(officer) };
  }

  async signOut(resolved: ResolvedOfficerSession): Promise<void> {
    await this.#end(resolved.session, 'signed_out');
  }

  async #end(session: OfficerSession, reason: string): Promise<void> {
    const { store, clock, audit } = this.#deps;
    await store.transaction(async (tx) => {
      if (!(await tx.officerSessions.end(session.id, reason, clock.now()))) return;
      await audit.append(tx.audit, {
        type: reason === 'signed_out' ? 'backoffice.signed_out' : 'backoffice.session_ended',
        actor: `officer:${session.officerId}`,
        data: { reason, session: session.id.slice(0, 12) },
      });
    });
  }
}

function readSignIn(input: OfficerSignInInput): { username: string; password: string; code: string } {
  const errors = new FieldErrorCollector();
  const username = normaliseInput(input.username).toLowerCase();
  const password = typeof input.password === 'string' ? input.password : '';
  const code = normaliseInput(input.code).replace(/\s+/g, '');
  if (username === '' || username.length > 64) errors.add('username', 'backoffice.username_required');
  if (password === '' || password.length > 128) errors.add('password', 'backoffice.password_required');
  if (code === '' || code.length > 12) errors.add('code', 'backoffice.code_required');
  errors.throwIfAny();
  return { username, password, code };
}
