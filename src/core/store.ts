// The persistence port: what the core needs to remember, as small repositories, and a unit of
// work that makes a group of changes atomic. Guarantees: core code never sees SQL; everything done
// through the `tx` handed to `transaction` commits together or not at all.
import type { IdentifierKind } from './ports.ts';

export type Language = 'ar' | 'en';
export type AccountStatus = 'registered' | 'active' | 'suspended' | 'disabled';

export interface Account {
  id: string;
  idNumber: string;
  idKind: IdentifierKind;
  username: string;
  mobile: string | null;
  email: string;
  passwordHash: string;
  preferredLanguage: Language;
  status: AccountStatus;
  termsVersion: string;
  /** Set when the password was issued by someone else (a kiosk's temporary one). */
  mustChangePassword: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type NewAccount = Omit<Account, 'createdAt' | 'updatedAt' | 'mustChangePassword'> & { mustChangePassword?: boolean };

export type AccountChange = Partial<Pick<Account, 'passwordHash' | 'mobile' | 'email' | 'preferredLanguage' | 'status' | 'mustChangePassword'>>;

/** Raised when an insert loses to a unique constraint; `field` names what was already taken. */
export class UniquenessConflict extends Error {
  readonly field: 'username' | 'idNumber' | 'mobile';
  constructor(field: 'username' | 'idNumber' | 'mobile') {
    super(`${field} already taken`);
    this.field = field;
  }
}

export interface AccountRepository {
  findById(id: string): Promise<Account | null>;
  findByIdNumber(idNumber: string): Promise<Account | null>;
  findByUsername(username: string): Promise<Account | null>;
  findByMobile(mobile: string): Promise<Account | null>;
  /** Inserts; throws UniquenessConflict when the username, ID or mobile is already used. */
  insert(account: NewAccount, now: Date): Promise<Account>;
  /** Takes the mobile away from whatever account holds it; returns that account (before the change) or null. */
  releaseMobile(mobile: string, now: Date): Promise<Account | null>;
  /** Applies a change; throws UniquenessConflict when a new mobile is already held. */
  update(id: string, change: AccountChange, now: Date): Promise<Account>;
}

export interface Session {
  /** The SHA-256 of the token; the token itself is never stored. */
  id: string;
  accountId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string;
  userAgent: string;
  channel: 'web' | 'api';
  endedAt: Date | null;
  endReason: string | null;
}

export interface SessionRepository {
  insert(session: Session): Promise<void>;
  find(id: string): Promise<Session | null>;
  touch(id: string, now: Date): Promise<void>;
  end(id: string, reason: string, now: Date): Promise<boolean>;
  /** Ends every live session of the account (but `exceptId`); returns how many. */
  endAllForAccount(accountId: string, reason: string, now: Date, exceptId?: string): Promise<number>;
  /** Live sessions, newest first. */
  listLive(accountId: string, now: Date, idleSeconds: number): Promise<Session[]>;
}

export interface Lockout {
  subjectKey: string;
  /** Wrong passwords since the last lock or success. */
  failures: number;
  /** How many times the subject has been locked since its last completed sign-in (for doubling). */
  lockouts: number;
  lockedUntil: Date | null;
  /** When the last wrong password was counted (or the last lock set). */
  updatedAt: Date;
}

/** The numbers a lockout store applies in one atomic step (DESIGN §2 "Sign-in"). */
export type LockoutRules = {
  failuresBeforeLock: number;
  firstLockSeconds: number;
  longestLockSeconds: number;
  /** A record with neither a wrong password nor a lock in force for this long is forgotten. */
  forgetAfterQuietSeconds: number;
};

/** A wrong password, as the store took it: counted (perhaps locking), or refused because a lock holds. */
export type FailureOutcome = { counted: true; lockout: Lockout } | { counted: false; lockedUntil: Date };

export interface LockoutRepository {
  find(subjectKey: string): Promise<Lockout | null>;
  /**
   * One atomic step: while a lock holds, counts nothing and returns it; otherwise counts one wrong
   * password (after forgetting a quiet record) and, on reaching the threshold, locks for the
   * doubled duration, starting a new count. Concurrent calls from any process serialise on the row.
   */
  recordFailure(subjectKey: string, now: Date, rules: LockoutRules): Promise<FailureOutcome>;
  /**
   * A right password: holds the record (row lock) for the caller's transaction and sets its
   * failure count back to 0; returns the record as it was, or null when there is none. Does not
   * change a record whose lock is in force (the caller refuses).
   */
  acceptPassword(subjectKey: string, now: Date): Promise<Lockout | null>;
  clear(subjectKey: string): Promise<void>;
}

export interface PasswordHistoryRepository {
  add(accountId: string, passwordHash: string, now: Date): Promise<void>;
  /** The most recent hashes, newest first. */
  recent(accountId: string, limit: number): Promise<string[]>;
}

export type FlowRecord<Data> = {
  id: string;
  kind: string;
  state: string;
  channel: 'web' | 'api';
  subjectKey: string | null;
  data: Data;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
  version: number;
};

export interface FlowRepository {
  insert<Data extends object>(flow: FlowRecord<Data>): Promise<void>;
  find<Data extends object>(id: string, kind: string): Promise<FlowRecord<Data> | null>;
  /** Reads the flow and locks it until the transaction ends (serialises concurrent submits). */
  findForUpdate<Data extends object>(id: string, kind: string): Promise<FlowRecord<Data> | null>;
  update<Data extends object>(flow: FlowRecord<Data>): Promise<void>;
  deleteExpired(now: Date, limit: number): Promise<number>;
}

export interface ReservationRepository {
  /**
   * Claims `value` of `kind` for a flow. Succeeds when nobody holds it, when the holder's claim has
   * expired, or when the same owner claims it again; returns false when another owner holds it.
   */
  claim(claim: { kind: string; value: string; flowId: string; ownerKey: string; expiresAt: Date }, now: Date): Promise<boolean>;
  isHeldByOther(kind: string, value: string, ownerKey: string, now: Date): Promise<boolean>;
  /** Releases everything the owner holds (once they have an account, their other claims are moot). */
  releaseForOwner(ownerKey: string): Promise<void>;
  deleteExpired(now: Date): Promise<number>;
}

export interface OtpChallenge {
  flowId: string;
  purpose: string;
  mobile: string;
  subjectKey: string;
  codeHmac: string;
  expiresAt: Date;
  failedAttempts: number;
  sendCount: number;
  lastSentAt: Date;
  consumedAt: Date | null;
}

export interface OtpRepository {
  find(flowId: string, purpose: string): Promise<OtpChallenge | null>;
  findForUpdate(flowId: string, purpose: string): Promise<OtpChallenge | null>;
  /** Inserts or replaces the challenge for (flow, purpose). */
  save(challenge: OtpChallenge): Promise<void>;
  recordFailedAttempt(flowId: string, purpose: string): Promise<number>;
  markConsumed(flowId: string, purpose: string, now: Date): Promise<void>;
  recordSend(send: { mobile: string; subjectKey: string; sentAt: Date }): Promise<void>;
  /** When codes were sent to a mobile since `since`, oldest first. */
  sendTimesToMobileSince(mobile: string, since: Date): Promise<Date[]>;
  recordPersonFailure(subjectKey: string, at: Date): Promise<void>;
  /** Forgets sends and failures older than any rule looks back. */
  deleteHistoryBefore(before: Date): Promise<void>;
  /** The times of the person's failures since `since`, oldest first. */
  personFailuresSince(subjectKey: string, since: Date): Promise<Date[]>;
}

export interface CaptchaRepository {
  /** Records a spent visual code or proof-of-work (kept until it expires); false when it was spent already. */
  spendOnce(token: string, expiresAt: Date): Promise<boolean>;
  deleteExpired(now: Date): Promise<number>;
}

export type OutboundChannel = 'sms' | 'email';

export interface OutboxMessage {
  id: string;
  channel: OutboundChannel;
  recipient: string;
  purpose: string;
  /** The message id in locales/, its language and its parameters: rendered when sent. */
  payload: { language: Language; messageId: string; params: string };
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
}

export interface OutboxRepository {
  enqueue(message: Omit<OutboxMessage, 'attempts'>): Promise<void>;
  /** Claims up to `limit` due messages for this worker (skipping ones another worker holds). */
  claimDue(now: Date, limit: number): Promise<OutboxMessage[]>;
  markSent(id: string, now: Date): Promise<void>;
  markRetry(id: string, nextAttemptAt: Date, error: string): Promise<void>;
  markFailed(id: string, error: string): Promise<void>;
  countPending(): Promise<number>;
}

export interface Notice {
  id: string;
  accountId: string;
  kind: string;
  params: Record<string, string | number>;
  createdAt: Date;
  readAt: Date | null;
}

export interface NoticeRepository {
  add(notice: Omit<Notice, 'readAt'>): Promise<void>;
  listForAccount(accountId: string, limit: number): Promise<Notice[]>;
}

export interface AuditRecord {
  seq: number;
  id: string;
  occurredAt: Date;
  type: string;
  accountId: string | null;
  actor: string;
  subject: string | null;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditRepository {
  /** Appends after taking the chain's lock; `seal` computes the hash from the previous one. */
  append(build: (prevHash: string) => Omit<AuditRecord, 'seq'>): Promise<void>;
  /** Records in order, from `afterSeq` on, at most `limit`. */
  read(afterSeq: number, limit: number): Promise<AuditRecord[]>;
  listForAccount(accountId: string, limit: number): Promise<AuditRecord[]>;
}

export interface Repositories {
  accounts: AccountRepository;
  flows: FlowRepository;
  reservations: ReservationRepository;
  otp: OtpRepository;
  captchas: CaptchaRepository;
  outbox: OutboxRepository;
  notices: NoticeRepository;
  audit: AuditRepository;
  sessions: SessionRepository;
  lockouts: LockoutRepository;
  passwordHistory: PasswordHistoryRepository;
}

export interface Store extends Repositories {
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
}
