// The back office's persistence port: officers, their sessions and the activation-form references,
// beside the platform's own repositories in one unit of work. Guarantees: everything done through
// the `tx` handed to `transaction` (officer tables and platform tables alike) commits together or
// not at all; core code never sees SQL.
import type { Repositories, Store } from '../store.ts';
import type { Role } from './roles.ts';

export type OfficerStatus = 'active' | 'disabled';

export interface Officer {
  id: string;
  /** Lower-case, unique. */
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  /** Base32 TOTP secret (RFC 6238, SHA-1, 6 digits, 30 s). */
  totpSecret: string;
  /** The last TOTP time step accepted: a code of that step or an earlier one is refused (no replay). */
  totpLastStep: number;
  status: OfficerStatus;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export type NewOfficer = Omit<Officer, 'totpLastStep' | 'createdAt' | 'updatedAt'>;

/** Raised when an officer's username is already taken. */
export class OfficerUsernameTaken extends Error {
  constructor() {
    super('officer username taken');
  }
}

export interface OfficerRepository {
  findById(id: string): Promise<Officer | null>;
  findByUsername(username: string): Promise<Officer | null>;
  list(): Promise<Officer[]>;
  count(): Promise<number>;
  /** Throws OfficerUsernameTaken when the username is used. */
  insert(officer: NewOfficer, now: Date): Promise<Officer>;
  /** Records `step` as used when it is later than the last one; false when it is not (a replay). */
  claimTotpStep(id: string, step: number, now: Date): Promise<boolean>;
  setStatus(id: string, status: OfficerStatus, now: Date): Promise<void>;
}

export interface OfficerSession {
  /** SHA-256 of the token. */
  id: string;
  officerId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string;
  userAgent: string;
  endedAt: Date | null;
  endReason: string | null;
}

export interface OfficerSessionRepository {
  insert(session: OfficerSession): Promise<void>;
  find(id: string): Promise<OfficerSession | null>;
  touch(id: string, now: Date): Promise<void>;
  end(id: string, reason: string, now: Date): Promise<boolean>;
  endAllForOfficer(officerId: string, reason: string, now: Date): Promise<number>;
}

export interface ActivationFormRecord {
  accountId: string;
  reference: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  usedBy: string | null;
}

export interface ActivationFormRepository {
  findByAccount(accountId: string): Promise<ActivationFormRecord | null>;
  findByReference(reference: string): Promise<ActivationFormRecord | null>;
  /** Locks the row until the transaction ends. */
  findByReferenceForUpdate(reference: string): Promise<ActivationFormRecord | null>;
  /** Inserts the account's form, or replaces it only when the stored one is still `replacing` (its old reference). Returns the stored record. */
  save(record: ActivationFormRecord, replacing: string | null): Promise<ActivationFormRecord>;
  markUsed(reference: string, officerId: string, now: Date): Promise<boolean>;
}

export interface BackofficeRepositories {
  officers: OfficerRepository;
  officerSessions: OfficerSessionRepository;
  activationForms: ActivationFormRepository;
}

export type BackofficeUnit = Repositories & BackofficeRepositories;

export interface BackofficeStore extends BackofficeRepositories {
  /** The platform's own repositories, outside any transaction. */
  platform: Store;
  transaction<T>(work: (tx: BackofficeUnit) => Promise<T>): Promise<T>;
}
