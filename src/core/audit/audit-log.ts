// The security event log: every security-relevant event is appended as a record chained to the one
// before it by an HMAC, so removing, reordering or editing a record breaks the chain at that point;
// records cut from the end are seen against a head (count and last hash) kept outside the table.
// Guarantees: events carry masked identifiers only (never codes, passwords or full ID numbers).
import type { AuditRecord, AuditRepository } from '../store.ts';
import type { Clock } from '../ports.ts';
import type { Secrets } from '../secrets.ts';

export type AuditEvent = {
  type: string;
  accountId?: string | null;
  /** Who did it: 'person', 'system', 'officer:<id>', 'partner:<client>'. */
  actor?: string;
  /** A masked identifier of whom it concerns (e.g. 1••••••672). */
  subject?: string | null;
  data?: Record<string, unknown>;
};

export class AuditLog {
  readonly #secrets: Secrets;
  readonly #clock: Clock;

  constructor(secrets: Secrets, clock: Clock) {
    this.#secrets = secrets;
    this.#clock = clock;
  }

  async append(repository: AuditRepository, event: AuditEvent): Promise<void> {
    const occurredAt = this.#clock.now();
    await repository.append((prevHash) => {
      const body = {
        id: crypto.randomUUID(),
        occurredAt,
        type: event.type,
        accountId: event.accountId ?? null,
        actor: event.actor ?? 'person',
        subject: event.subject ?? null,
        data: event.data ?? {},
        prevHash,
      };
      return { ...body, hash: this.seal(body) };
    });
  }

  /** The chain hash of a record: keyed over its previous hash and its canonical content. */
  seal(record: Omit<AuditRecord, 'seq' | 'hash'>): string {
    return this.#secrets.mac(
      'audit',
      record.prevHash,
      record.id,
      record.occurredAt.toISOString(),
      record.type,
      record.accountId ?? '',
      record.actor,
      record.subject ?? '',
      canonicalJson(record.data),
    );
  }

  /**
   * Walks the whole chain; returns the first record whose link or content does not verify. With an
   * `expected` head (recorded outside the table by an earlier verification), also fails when the
   * chain no longer reaches that head: fewer records than it counted, or another record in its place.
   */
  async verify(repository: AuditRepository, genesisHash: string, expected?: AuditHead): Promise<ChainResult> {
    let previous = genesisHash;
    let afterSeq = 0;
    let count = 0;
    let head: AuditHead | null = null;
    for (;;) {
      const batch = await repository.read(afterSeq, 1000);
      if (batch.length === 0) break;
      for (const record of batch) {
        count += 1;
        if (record.prevHash !== previous || this.seal(record) !== record.hash) return { ok: false, brokenAt: record, count };
        if (expected && count === expected.count && record.hash !== expected.hash) {
          return { ok: false, headMismatch: { expected, found: { count, seq: record.seq, hash: record.hash } }, count };
        }
        previous = record.hash;
        afterSeq = record.seq;
        head = { count, seq: record.seq, hash: record.hash };
      }
    }
    if (expected && count < expected.count) return { ok: false, headMissing: { expected, found: head }, count };
    return { ok: true, count, head };
  }
}

/** Where the chain ended at one verification: how many records, the last one's seq and hash. */
export type AuditHead = { count: number; seq: number; hash: string };

export type ChainResult =
  | { ok: true; count: number; head: AuditHead | null }
  | { ok: false; count: number; brokenAt: AuditRecord }
  | { ok: false; count: number; headMismatch: { expected: AuditHead; found: AuditHead } }
  | { ok: false; count: number; headMissing: { expected: AuditHead; found: AuditHead | null } };

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
}
