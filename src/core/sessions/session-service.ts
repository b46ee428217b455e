// Server-side sessions. Guarantees: the token (32 random bytes) is given to the holder once and
// only its SHA-256 is stored; a session ends after 15 idle minutes or 12 hours in all, whichever
// comes first; every sign-in starts a new session (no id survives from before it), and the holder
// can list and end their sessions.
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../ports.ts';
import type { Account, Repositories, Session, Store } from '../store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { maskIdNumber } from '../identity/national-id.ts';

export const sessionRules = {
  idleSeconds: 15 * 60,
  absoluteSeconds: 12 * 60 * 60,
  /** Last-seen is written at most this often, to keep reads cheap. */
  touchEverySeconds: 60,
} as const;

export type SessionContext = { ip: string; userAgent: string; channel: 'web' | 'api' };
export type ResolvedSession = { session: Session; account: Account };

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class SessionService {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #audit: AuditLog;

  constructor(store: Store, clock: Clock, audit: AuditLog) {
    this.#store = store;
    this.#clock = clock;
    this.#audit = audit;
  }

  /** Starts a session inside the caller's transaction; returns the token for the holder. */
  async start(tx: Repositories, accountId: string, context: SessionContext): Promise<{ token: string; session: Session }> {
    const now = this.#clock.now();
    const token = randomBytes(32).toString('base64url');
    const session: Session = {
      id: sessionIdOf(token),
      accountId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + sessionRules.absoluteSeconds * 1000),
      ip: context.ip,
      userAgent: context.userAgent.slice(0, 300),
      channel: context.channel,
      endedAt: null,
      endReason: null,
    };
    await tx.sessions.insert(session);
    return { token, session };
  }

  /** The live session a token stands for, with its account; ends it when it has just expired. */
  async resolve(token: string | undefined): Promise<ResolvedSession | null> {
    if (!token || token.length > 100) return null;
    const now = this.#clock.now();
    const session = await this.#store.sessions.find(sessionIdOf(token));
    if (!session || session.endedAt) return null;
    if (now >= session.expiresAt) {
      await this.#endAndRecord(session, 'expired_absolute');
      return null;
    }
    if (now.getTime() - session.lastSeenAt.getTime() >= sessionRules.idleSeconds * 1000) {
      await this.#endAndRecord(session, 'expired_idle');
      return null;
    }
    const account = await this.#store.accounts.findById(session.accountId);
    // A suspended or disabled account cannot sign in (login refuses both), nor go on in a session it already had.
    if (!account || account.status === 'disabled' || account.status === 'suspended') return null;
    if (now.getTime() - session.lastSeenAt.getTime() >= sessionRules.touchEverySeconds * 1000) {
      await this.#store.sessions.touch(session.id, now);
      session.lastSeenAt = now;
    }
    return { session, account };
  }

  list(accountId: string): Promise<Session[]> {
    return this.#store.sessions.listLive(accountId, this.#clock.now(), sessionRules.idleSeconds);
  }

  /** Ends one of the account's own sessions; false when there is no such live session. */
  async end(accountId: string, sessionId: string, reason: string): Promise<boolean> {
    const session = await this.#store.sessions.find(sessionId);
    if (!session || session.accountId !== accountId || session.endedAt) return false;
    return this.#endAndRecord(session, reason);
  }

  /** Sign-out: ends the current session on the server. */
  async signOut(sessionId: string, accountId: string): Promise<void> {
    await this.end(accountId, sessionId, 'signed_out');
  }

  /** Ends every other live session of the holder; returns how many. */
  async endOthers(accountId: string, currentId: string): Promise<number> {
    return this.#store.transaction(async (tx) => {
      const count = await this.endAll(tx, accountId, 'ended_by_holder', currentId);
      const account = await tx.accounts.findById(accountId);
      await this.#audit.append(tx.audit, {
        type: 'session.ended_others',
        accountId,
        subject: account ? maskIdNumber(account.idNumber) : null,
        data: { count },
      });
      return count;
    });
  }

  async #endAndRecord(session: Session, reason: string): Promise<boolean> {
    return this.#store.transaction(async (tx) => {
      const ended = await tx.sessions.end(session.id, reason, this.#clock.now());
      if (ended) {
        const account = await tx.accounts.findById(session.accountId);
        await this.#audit.append(tx.audit, {
          type: reason === 'signed_out' ? 'logout' : 'session.ended',
          accountId: session.accountId,
          subject: account ? maskIdNumber(account.idNumber) : null,
          data: { reason, session: session.id.slice(0, 12) },
        });
      }
      return ended;
    });
  }

  endAll(tx: Repositories, accountId: string, reason: string, exceptId?: string): Promise<number> {
    return tx.sessions.endAllForAccount(accountId, reason, this.#clock.now(), exceptId);
  }
}
