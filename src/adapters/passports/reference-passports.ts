// The embedded reference passports system: passports, Iqamas and exit/re-entry visas kept in the
// database, each person's records seeded on first use, deterministically, from the civil registry's
// synthetic person (the same person always gets the same passport, expiry and fee status).
// Guarantees: seeding happens once per person even from two processes (a marker row); changes are
// transactions that lock the holder's Iqama, so concurrent requests for one holder serialise; every
// change is idempotent on its reference; it refuses what the real system refuses (no sponsor, short
// passport, a live visa, unpaid fees) and can be switched off (PassportsUnavailableError).
import { createHash, randomInt } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { RegistryUnavailableError, type CivilRegistry, type Clock, type RegistryPerson } from '../../core/ports.ts';
import {
  PassportsRefusal,
  PassportsUnavailableError,
  type ExitReentryIssue,
  type IqamaRecord,
  type PassportRecord,
  type PassportsSystem,
  type VisaRecord,
} from '../../core/services/sectors/passports.ts';
import { addDays, addYears, daysBetween, today } from '../../core/services/sectors/calendar.ts';

export type PassportsTables = {
  passports_seeds: { holder_id: string; seeded_at: Date };
  passports_passports: { number: string; holder_id: string; issuing_country: string; issued_on: string; expires_on: string; status: string };
  passports_iqamas: { number: string; sponsor_id: string | null; expires_on: string; status: string; fees_paid_through: string | null; updated_at: Date };
  passports_operations: { reference: string; kind: string; holder_id: string; result: string; created_at: Date };
  passports_visas: {
    number: string;
    holder_id: string;
    requested_by: string;
    kind: string;
    issued_on: string;
    leave_by: string;
    duration_days: number;
    status: string;
    reference: string;
    created_at: Date;
  };
};

type Db = Kysely<Database & PassportsTables>;
type Tx = Transaction<Database & PassportsTables>;

/** How long after issue an exit/re-entry visa holder must have left. */
export const EXIT_REENTRY_LEAVE_WITHIN_DAYS = 90;
/** The shortest passport validity the system accepts for an exit/re-entry visa. */
export const EXIT_REENTRY_MIN_PASSPORT_DAYS = 90;

/** A number in [0, 1) derived from a person and a purpose: the same inputs always give the same number. */
function derived(idNumber: string, purpose: string): number {
  const digest = createHash('sha256').update(`passports:${purpose}:${idNumber}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

/** The passport the reference system seeds for a person, as a function of the registry record and a reference date. */
export function seededPassport(person: RegistryPerson, referenceDay: string): PassportRecord | null {
  if (!person.passportNumber) return null;
  const pick = derived(person.idNumber, 'passport-expiry');
  // 8% expire within 90 days, 4% have expired, the rest run 90 days to 8 years.
  const expiresIn = pick < 0.04 ? -1 - Math.floor(pick * 5000) : pick < 0.12 ? 1 + Math.floor(((pick - 0.04) / 0.08) * 89) : 90 + Math.floor(((pick - 0.12) / 0.88) * 2830);
  const expiresOn = addDays(referenceDay, expiresIn);
  const years = derived(person.idNumber, 'passport-years') < 0.5 ? 5 : 10;
  return {
    number: person.passportNumber,
    holderId: person.idNumber,
    issuingCountry: person.nationality,
    issuedOn: addYears(expiresOn, -years),
    expiresOn,
    status: expiresIn < 0 ? 'expired' : 'valid',
  };
}

/** The Iqama the reference system seeds for a resident or a dependent; null for others. */
export function seededIqama(person: RegistryPerson): IqamaRecord | null {
  if (person.idKind !== 'iqama') return null;
  // A third have already paid next year's fees at their bank.
  const prepaid = person.documentStatus !== 'cancelled' && derived(person.idNumber, 'iqama-fees') < 0.33;
  return {
    number: person.idNumber,
    holderId: person.idNumber,
    sponsorId: person.sponsorId,
    expiresOn: person.documentExpiry,
    status: person.documentStatus,
    feesPaidThrough: prepaid ? addYears(person.documentExpiry, 1) : null,
  };
}

export class ReferencePassportsSystem implements PassportsSystem {
  readonly #db: Db;
  readonly #registry: CivilRegistry;
  readonly #clock: Clock;
  readonly #referenceDay: string;
  #available = true;

  /** `referenceDate` is the day the seeded dates are relative to (the registry population's reference date). */
  constructor(options: { db: Kysely<Database>; registry: CivilRegistry; clock: Clock; referenceDate: Date }) {
    this.#db = options.db.withTables<PassportsTables>();
    this.#registry = options.registry;
    this.#clock = options.clock;
    this.#referenceDay = today(options.referenceDate);
  }

  /** Simulates an outage (false) or its end (true). */
  setAvailable(available: boolean): void {
    this.#available = available;
  }

  async passportOf(holderId: string): Promise<PassportRecord | null> {
    await this.#seed(holderId);
    const row = await this.#db.selectFrom('passports_passports').selectAll().where('holder_id', '=', holderId).executeTakeFirst();
    return row ? this.#passport(row) : null;
  }

  async iqamaOf(holderId: string): Promise<IqamaRecord | null> {
    await this.#seed(holderId);
    const row = await this.#db.selectFrom('passports_iqamas').selectAll().where('number', '=', holderId).executeTakeFirst();
    return row ? this.#iqama(row) : null;
  }

  async visasOf(holderId: string): Promise<VisaRecord[]> {
    await this.#seed(holderId);
    const rows = await this.#db
      .selectFrom('passports_visas')
      .selectAll()
      .where('holder_id', '=', holderId)
      .orderBy('created_at', 'desc')
      .orderBy('number', 'desc')
      .execute();
    const day = today(this.#clock.now());
    return rows.map((row) => this.#visa(row, day));
  }

  async recordIqamaFees(holderId: string, paidThrough: string, reference: string): Promise<IqamaRecord> {
    return this.#change(holderId, 'iqama_fees', reference, async (tx, iqama) => {
      if (iqama.status === 'cancelled') throw new PassportsRefusal('iqama_cancelled');
      const through = iqama.feesPaidThrough && iqama.feesPaidThrough > paidThrough ? iqama.feesPaidThrough : paidThrough;
      await tx.updateTable('passports_iqamas').set({ fees_paid_through: through, updated_at: this.#clock.now() }).where('number', '=', holderId).execute();
      return { ...iqama, feesPaidThrough: through };
    });
  }

  async renewIqama(holderId: string, years: number, reference: string): Promise<IqamaRecord> {
    if (!Number.isInteger(years) || years < 1 || years > 2) throw new RangeError('years must be 1 or 2');
    return this.#change(holderId, 'iqama_renewal', reference, async (tx, iqama) => {
      if (iqama.status === 'cancelled') throw new PassportsRefusal('iqama_cancelled');
      const day = today(this.#clock.now());
      const from = iqama.expiresOn > day ? iqama.expiresOn : day;
      const expiresOn = addYears(from, years);
      if (!iqama.feesPaidThrough || iqama.feesPaidThrough < expiresOn) throw new PassportsRefusal('fees_unpaid');
      await tx
        .updateTable('passports_iqamas')
        .set({ expires_on: expiresOn, status: 'valid', updated_at: this.#clock.now() })
        .where('number', '=', holderId)
        .execute();
      return { ...iqama, expiresOn, status: 'valid' as const };
    });
  }

  async issueExitReentry(issue: ExitReentryIssue): Promise<VisaRecord> {
    if (!Number.isInteger(issue.durationDays) || issue.durationDays < 1 || issue.durationDays > 365) throw new RangeError('durationDays out of range');
    return this.#change(issue.holderId, 'exit_reentry', issue.reference, async (tx, iqama) => {
      if (iqama.sponsorId !== issue.requestedBy) throw new PassportsRefusal('not_sponsor');
      if (iqama.status === 'cancelled') throw new PassportsRefusal('iqama_cancelled');
      const day = today(this.#clock.now());
      const passport = await tx.selectFrom('passports_passports').selectAll().where('holder_id', '=', issue.holderId).executeTakeFirst();
      if (!passport || passport.status === 'cancelled') throw new PassportsRefusal('passport_missing');
      if (daysBetween(day, passport.expires_on) < EXIT_REENTRY_MIN_PASSPORT_DAYS) throw new PassportsRefusal('passport_expiring');
      // A visa whose leave-by date has passed unused has lapsed.
      await tx.updateTable('passports_visas').set({ status: 'expired' }).where('holder_id', '=', issue.holderId).where('status', '=', 'issued').where('leave_by', '<', day).execute();
      const live = await tx.selectFrom('passports_visas').select('number').where('holder_id', '=', issue.holderId).where('status', '=', 'issued').executeTakeFirst();
      if (live) throw new PassportsRefusal('visa_exists');
      const row = {
        number: String(randomInt(1_000_000_000, 9_999_999_999)),
        holder_id: issue.holderId,
        requested_by: issue.requestedBy,
        kind: issue.kind === 'single' ? 'exit_reentry_single' : 'exit_reentry_multiple',
        issued_on: day,
        leave_by: addDays(day, EXIT_REENTRY_LEAVE_WITHIN_DAYS),
        duration_days: issue.durationDays,
        status: 'issued',
        reference: issue.reference,
        created_at: this.#clock.now(),
      };
      await tx.insertInto('passports_visas').values(row).execute();
      return this.#visa(row, day);
    });
  }

  // --- reference-only controls (tests, demos, a simulated back office) ---

  /** Sets a holder's passport expiry (seeding first), as a renewal at an embassy would. */
  async setPassportExpiry(holderId: string, expiresOn: string): Promise<void> {
    await this.#seed(holderId);
    const day = today(this.#clock.now());
    await this.#db
      .updateTable('passports_passports')
      .set({ expires_on: expiresOn, status: expiresOn < day ? 'expired' : 'valid' })
      .where('holder_id', '=', holderId)
      .execute();
  }

  /** Sets an Iqama's expiry, status or fees (seeding first). */
  async setIqama(holderId: string, change: Partial<Pick<IqamaRecord, 'expiresOn' | 'status' | 'feesPaidThrough'>>): Promise<void> {
    await this.#seed(holderId);
    await this.#db
      .updateTable('passports_iqamas')
      .set({
        ...(change.expiresOn !== undefined ? { expires_on: change.expiresOn } : {}),
        ...(change.status !== undefined ? { status: change.status } : {}),
        ...(change.feesPaidThrough !== undefined ? { fees_paid_through: change.feesPaidThrough } : {}),
        updated_at: this.#clock.now(),
      })
      .where('number', '=', holderId)
      .execute();
  }

  /** Marks a holder's live visa used (they left the Kingdom). */
  async markVisaUsed(number: string): Promise<void> {
    await this.#db.updateTable('passports_visas').set({ status: 'used' }).where('number', '=', number).where('status', '=', 'issued').execute();
  }

  // --- internals ---

  /**
   * One change: seed, lock the holder's Iqama row, answer a repeated reference with its first result,
   * otherwise run `work` and remember its result under the reference, all in one transaction.
   */
  async #change<T>(holderId: string, kind: string, reference: string, work: (tx: Tx, iqama: IqamaRecord) => Promise<T>): Promise<T> {
    if (reference.length === 0 || reference.length > 100) throw new RangeError('reference must be 1-100 characters');
    await this.#seed(holderId);
    this.#gate();
    return this.#db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('passports_iqamas').selectAll().where('number', '=', holderId).forUpdate().executeTakeFirst();
      if (!row) throw new PassportsRefusal('not_found');
      const done = await tx.selectFrom('passports_operations').selectAll().where('reference', '=', reference).executeTakeFirst();
      if (done) {
        if (done.kind !== kind || done.holder_id !== holderId) throw new RangeError('reference already used for another change');
        return JSON.parse(done.result) as T;
      }
      const result = await work(tx, this.#iqama(row));
      await tx
        .insertInto('passports_operations')
        .values({ reference, kind, holder_id: holderId, result: JSON.stringify(result), created_at: this.#clock.now() })
        .execute();
      return result;
    });
  }

  #gate(): void {
    if (!this.#available) throw new PassportsUnavailableError();
  }

  async #seed(holderId: string): Promise<void> {
    this.#gate();
    const seeded = await this.#db.selectFrom('passports_seeds').select('holder_id').where('holder_id', '=', holderId).executeTakeFirst();
    if (seeded) return;
    let person: RegistryPerson | null;
    try {
      person = /^\d{10}$/.test(holderId) ? await this.#registry.findPerson(holderId) : null;
    } catch (error) {
      if (error instanceof RegistryUnavailableError) throw new PassportsUnavailableError();
      throw error;
    }
    if (!person) return;
    const passport = seededPassport(person, this.#referenceDay);
    const iqama = seededIqama(person);
    await this.#db.transaction().execute(async (tx) => {
      const marker = await tx
        .insertInto('passports_seeds')
        .values({ holder_id: holderId, seeded_at: this.#clock.now() })
        .onConflict((conflict) => conflict.column('holder_id').doNothing())
        .returning('holder_id')
        .executeTakeFirst();
      if (!marker) return;
      if (passport) {
        await tx
          .insertInto('passports_passports')
          .values({
            number: passport.number,
            holder_id: passport.holderId,
            issuing_country: passport.issuingCountry,
            issued_on: passport.issuedOn,
            expires_on: passport.expiresOn,
            status: passport.status,
          })
          .execute();
      }
      if (iqama) {
        await tx
          .insertInto('passports_iqamas')
          .values({
            number: iqama.number,
            sponsor_id: iqama.sponsorId,
            expires_on: iqama.expiresOn,
            status: iqama.status,
            fees_paid_through: iqama.feesPaidThrough,
            updated_at: this.#clock.now(),
          })
          .execute();
      }
    });
  }

  #passport(row: PassportsTables['passports_passports']): PassportRecord {
    const day = today(this.#clock.now());
    const status = row.status === 'cancelled' ? 'cancelled' : row.expires_on < day ? 'expired' : 'valid';
    return { number: row.number, holderId: row.holder_id, issuingCountry: row.issuing_country, issuedOn: row.issued_on, expiresOn: row.expires_on, status };
  }

  #iqama(row: PassportsTables['passports_iqamas']): IqamaRecord {
    const day = today(this.#clock.now());
    const status = row.status === 'cancelled' ? 'cancelled' : row.expires_on < day ? 'expired' : 'valid';
    return { number: row.number, holderId: row.number, sponsorId: row.sponsor_id, expiresOn: row.expires_on, status, feesPaidThrough: row.fees_paid_through };
  }

  #visa(row: PassportsTables['passports_visas'], day: string): VisaRecord {
    const status = row.status === 'issued' && row.leave_by < day ? 'expired' : (row.status as VisaRecord['status']);
    return {
      number: row.number,
      holderId: row.holder_id,
      requestedBy: row.requested_by,
      kind: row.kind as VisaRecord['kind'],
      issuedOn: row.issued_on,
      leaveBy: row.leave_by,
      durationDays: row.duration_days,
      status,
      reference: row.reference,
    };
  }
}
