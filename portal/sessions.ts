// The portal's server-side state, in its own memory (the portal is one process): sign-ins under
// way (state, nonce, PKCE verifier) and signed-in sessions (the claims Absher sent and the ID token
// for the logout hint). Guarantees: identifiers are 256-bit random; a pending sign-in is usable
// once and for 10 minutes; a session ends after 30 idle minutes or 8 hours, or when Absher's
// back-channel logout names its Absher session (sid) or its subject; both maps are bounded (the
// oldest entries go first), so a flood of sign-in starts cannot exhaust memory; used logout-token
// ids (jti) are remembered until they could no longer verify, so a replayed token changes nothing.
import { randomBytes } from 'node:crypto';
import type { Language } from './i18n.ts';

export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };

export type PendingSignIn = {
  state: string;
  nonce: string;
  codeVerifier: string;
  language: Language;
  createdAt: number;
};

export type PortalSession = {
  id: string;
  /** The pairwise subject Absher gave this portal. */
  sub: string;
  /** Absher's session id (the ID token's `sid`), which back-channel logout names. */
  sid: string | undefined;
  /** Every claim received: the ID token's and the UserInfo answer's. */
  claims: Record<string, unknown>;
  idToken: string;
  createdAt: number;
  lastSeenAt: number;
};

export const sessionRules = {
  pendingSeconds: 10 * 60,
  idleSeconds: 30 * 60,
  absoluteSeconds: 8 * 60 * 60,
  /** A back-channel logout token older than this is refused; its jti is kept this long. */
  logoutTokenSeconds: 5 * 60,
  maxPending: 50_000,
  maxSessions: 100_000,
} as const;

export function randomId(): string {
  return randomBytes(32).toString('base64url');
}

export class PortalState {
  readonly #clock: Clock;
  readonly #pending = new Map<string, PendingSignIn>();
  readonly #sessions = new Map<string, PortalSession>();
  readonly #usedLogoutTokens = new Map<string, number>();
  /** Logouts this portal started (their `state`), so the page Absher returns to can say it is done. */
  readonly #logouts = new Map<string, number>();

  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
  }

  #now(): number {
    return this.#clock.now().getTime();
  }

  /** Records a sign-in about to leave for Absher; returns the key its cookie carries. */
  addPending(pending: Omit<PendingSignIn, 'createdAt'>): string {
    const key = randomId();
    evictOldest(this.#pending, sessionRules.maxPending);
    this.#pending.set(key, { ...pending, createdAt: this.#now() });
    return key;
  }

  /** Takes a pending sign-in out (single use); undefined when unknown or older than 10 minutes. */
  takePending(key: string | undefined): PendingSignIn | undefined {
    if (!key) return undefined;
    const pending = this.#pending.get(key);
    this.#pending.delete(key);
    if (!pending || this.#now() - pending.createdAt > sessionRules.pendingSeconds * 1000) return undefined;
    return pending;
  }

  createSession(input: { sub: string; sid: string | undefined; claims: Record<string, unknown>; idToken: string }): PortalSession {
    evictOldest(this.#sessions, sessionRules.maxSessions);
    const now = this.#now();
    const session: PortalSession = { id: randomId(), ...input, createdAt: now, lastSeenAt: now };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** The live session of a cookie value, its idle timer renewed; expired ones are removed. */
  resolve(id: string | undefined): PortalSession | undefined {
    if (!id) return undefined;
    const session = this.#sessions.get(id);
    if (!session) return undefined;
    const now = this.#now();
    if (now - session.lastSeenAt > sessionRules.idleSeconds * 1000 || now - session.createdAt > sessionRules.absoluteSeconds * 1000) {
      this.#sessions.delete(id);
      return undefined;
    }
    session.lastSeenAt = now;
    return session;
  }

  end(id: string | undefined): PortalSession | undefined {
    if (!id) return undefined;
    const session = this.#sessions.get(id);
    this.#sessions.delete(id);
    return session;
  }

  /**
   * Ends the sessions a back-channel logout names: those of Absher session `sid` when it is given
   * (and, with `sub` too, only that subject's), otherwise every session of `sub`. Returns how many.
   */
  endByLogout(target: { sub?: string | undefined; sid?: string | undefined }): number {
    let ended = 0;
    for (const [id, session] of this.#sessions) {
      const matches = target.sid !== undefined ? session.sid === target.sid && (target.sub === undefined || session.sub === target.sub) : session.sub === target.sub;
      if (matches) {
        this.#sessions.delete(id);
        ended += 1;
      }
    }
    return ended;
  }

  /** Records a logout token id; false when it was seen before (a replay). */
  useLogoutToken(jti: string): boolean {
    const now = this.#now();
    for (const [seen, at] of this.#usedLogoutTokens) {
      if (now - at <= sessionRules.logoutTokenSeconds * 2 * 1000) break;
      this.#usedLogoutTokens.delete(seen);
    }
    if (this.#usedLogoutTokens.has(jti)) return false;
    evictOldest(this.#usedLogoutTokens, sessionRules.maxSessions);
    this.#usedLogoutTokens.set(jti, now);
    return true;
  }

  /** A new logout's `state`, remembered for 10 minutes. */
  startLogout(): string {
    const state = randomId();
    evictOldest(this.#logouts, sessionRules.maxPending);
    this.#logouts.set(state, this.#now());
    return state;
  }

  /** Whether `state` names a logout this portal started (once). */
  finishLogout(state: unknown): boolean {
    if (typeof state !== 'string') return false;
    const at = this.#logouts.get(state);
    this.#logouts.delete(state);
    return at !== undefined && this.#now() - at <= sessionRules.pendingSeconds * 1000;
  }

  get sessionCount(): number {
    return this.#sessions.size;
  }
}

/** Maps keep insertion order: the first keys are the oldest. */
function evictOldest<V>(map: Map<string, V>, limit: number): void {
  while (map.size >= limit) {
    const oldest = map.keys().next();
    if (oldest.done) return;
    map.delete(oldest.value);
  }
}
