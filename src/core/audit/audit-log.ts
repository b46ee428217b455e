// The security event log: every security-relevant event is appended as a record chained to the one
// before it by an HMAC, so removing, reordering or editing a record breaks the chain at that point.
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

  /** Walks the whole chain; returns the first record whose link or content does not verify. */
  async verify(repository: AuditRepository, genesisHash: string): Promise<{ ok: true; count: number } | { ok: false; brokenAt: AuditRecord; count: number }> {
    let previous = genesisHash;
    let afterSeq = 0;
    let count = 0;
    for (;;) {
      const batch = await repository.read(afterSeq, 1000);
      if (batch.length === 0) return { ok: true, count };
      for (const record of batch) {
        count += 1;
        if (record.prevHash !== previous || this.seal(record) !== record.hash) return { ok: false, brokenAt: record, count };
        previous = record.hash;
        afterSeq = record.seq;
      }
    }
  }
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
}
