// The embedded reference traffic system: vehicles, driving licences, medical checks, violations and
// disputes kept in the database, each person's records seeded on first use, deterministically, from
// the civil registry's synthetic person (the same person always gets the same licence, expiry,
// medical check and violations, relative to the reference date).
// Guarantees: seeding happens once per person even from two processes (a marker row); every change
// is a transaction that locks the rows it changes and is idempotent on its reference (an operations
// table); a violation is paid under one reference only and disputed once (unique index); it refuses
// what the real system refuses (not the person's, already paid, disputed, no licence, suspended) and
// can be switched off (TrafficUnavailableError).
import { createHash, randomInt } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { RegistryUnavailableError, type CivilRegistry, type Clock, type RegistryPerson } from '../../core/ports.ts';
import {
  TrafficRefusal,
  TrafficUnavailableError,
  type DisputeRecord,
  type DrivingLicenceRecord,
  type LicenceStatus,
  type MedicalCheckRecord,
  type TheftReport,
  type TrafficSystem,
  type VehicleRecord,
  type ViolationKind,
  type ViolationRecord,
  type ViolationStatus,
} from '../../core/services/sectors/traffic.ts';
import { addDays, addYears, today } from '../../core/services/sectors/calendar.ts';

export type TrafficTables = {
  traffic_seeds: { holder_id: string; seeded_at: Date };
  traffic_vehicles: { serial: string; owner_id: string; plate_ar: string; plate_en: string; make: string; model: string; year: number; registration_expires_on: string };
  traffic_licences: { number: string; holder_id: string; category: string; issued_on: string; expires_on: string; status: string; version: number; updated_at: Date };
  traffic_medical_checks: { id: string; holder_id: string; clinic: string; checked_on: string; result: string };
  traffic_violations: {
    number: string;
    offender_id: string;
    kind: string;
    plate_en: string;
    city: string;
    occurred_on: string;
    amount_halalas: number;
    status: string;
    paid_reference: string | null;
    updated_at: Date;
  };
  traffic_disputes: {
    id: string;
    violation_number: string;
    holder_id: string;
    reason: string;
    status: string;
    filed_on: string;
    decided_at: Date | null;
    reference: string;
    created_at: Date;
  };
  traffic_operations: { reference: string; kind: string; holder_id: string; result: string; created_at: Date };
  traffic_theft_reports: { number: string; serial: string; owner_id: string; stolen_on: string; city: string; reference: string; reported_at: Date };
};

type Db = Kysely<Database & TrafficTables>;
type Tx = Transaction<Database & TrafficTables>;

export const VIOLATION_AMOUNTS: Record<ViolationKind, readonly number[]> = {
  speeding: [30_000, 50_000, 80_000, 90_000],
  red_light: [300_000],
  parking: [10_000, 15_000],
  seat_belt: [15_000],
  mobile_use: [50_000],
  expired_registration: [10_000],
};
const KINDS = Object.keys(VIOLATION_AMOUNTS) as ViolationKind[];
const CITIES = ['riyadh', 'jeddah', 'makkah', 'madinah', 'dammam', 'abha', 'tabuk', 'buraydah'] as const;
const CLINICS = ['King Fahad Medical City', 'Dallah Hospital', 'Al Habib Medical Group', 'Dr. Sulaiman Al Habib Clinic'];
const MAKES: Array<[string, string]> = [
  ['Toyota', 'Camry'],
  ['Hyundai', 'Accent'],
  ['Nissan', 'Patrol'],
  ['Ford', 'Taurus'],
  ['Kia', 'Sportage'],
  ['Lexus', 'ES'],
];
const PLATE_LETTERS: Array<[string, string]> = [
  ['أ', 'A'],
  ['ب', 'B'],
  ['ح', 'J'],
  ['د', 'D'],
  ['ر', 'R'],
  ['س', 'S'],
  ['ص', 'X'],
  ['ط', 'T'],
  ['ع', 'E'],
  ['ق', 'G'],
  ['ك', 'K'],
  ['ل', 'L'],
  ['م', 'Z'],
  ['ن', 'N'],
  ['هـ', 'H'],
  ['و', 'U'],
  ['ى', 'V'],
];

/** A number in [0, 1) derived from a person and a purpose: the same inputs always give the same number. */
function derived(idNumber: string, purpose: string): number {
  const digest = createHash('sha256').update(`traffic:${purpose}:${idNumber}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

function digitsOf(idNumber: string, purpose: string, length: number): string {
  const digest = createHash('sha256').update(`traffic:${purpose}:${idNumber}`).digest();
  let text = '';
  for (let i = 0; text.length < length; i += 1) text += String(digest[i % digest.length]! % 10);
  return text;
}

function pick<T>(list: readonly T[], fraction: number): T {
  return list[Math.min(list.length - 1, Math.floor(fraction * list.length))]!;
}

export type SeededTraffic = {
  licence: DrivingLicenceRecord | null;
  vehicles: VehicleRecord[];
  checks: MedicalCheckRecord[];
  violations: ViolationRecord[];
};

function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

/** What the reference system seeds for a person, as a function of the registry record and a reference day. */
export function seededTraffic(person: RegistryPerson, referenceDay: string): SeededTraffic {
  const id = person.idNumber;
  const drives = !person.deceased && ['citizen', 'resident', 'gcc'].includes(person.category) && ageOn(person.birthDate, referenceDay) >= 18 && derived(id, 'licence') < 0.8;
  if (!drives) return { licence: null, vehicles: [], checks: [], violations: [] };

  // 6% expired, 24% fewer than 180 days left, the rest 180 days to 10 years.
  const p = derived(id, 'licence-expiry');
  const expiresIn = p < 0.06 ? -1 - Math.floor((p / 0.06) * 200) : p < 0.3 ? 1 + Math.floor(((p - 0.06) / 0.24) * 178) : 180 + Math.floor(((p - 0.3) / 0.7) * 3470);
  const expiresOn = addDays(referenceDay, expiresIn);
  const suspended = derived(id, 'licence-suspended') < 0.02;
  const licence: DrivingLicenceRecord = {
    number: id,
    holderId: id,
    category: derived(id, 'licence-category') < 0.9 ? 'private' : 'public',
    issuedOn: addYears(expiresOn, -10),
    expiresOn,
    status: suspended ? 'suspended' : expiresIn < 0 ? 'expired' : 'valid',
    version: 1 + Math.floor(derived(id, 'licence-version') * 3),
  };

  const vehicles: VehicleRecord[] = [];
  const vehicleCount = Math.floor(derived(id, 'vehicles') * 3);
  for (let i = 0; i < vehicleCount; i += 1) {
    const letters = [0, 1, 2].map((j) => pick(PLATE_LETTERS, derived(id, `plate-${i}-${j}`)));
    const digits = digitsOf(id, `plate-digits-${i}`, 4);
    const [make, model] = pick(MAKES, derived(id, `make-${i}`));
    vehicles.push({
      serial: `${digitsOf(id, `serial-${i}`, 9)}`,
      ownerId: id,
      plateAr: `${letters.map(([ar]) => ar).join(' ')} ${digits}`,
      plateEn: `${digits} ${letters.map(([, en]) => en).join('')}`,
      make,
      model,
      year: 2012 + Math.floor(derived(id, `year-${i}`) * 14),
      registrationExpiresOn: addDays(referenceDay, -60 + Math.floor(derived(id, `registration-${i}`) * 1000)),
    });
  }

  // 60% have a fit check from the last 80 days, 20% an older one, 3% were found unfit, the rest none.
  const m = derived(id, 'medical');
  const checks: MedicalCheckRecord[] = [];
  if (m < 0.83) {
    const daysAgo = m < 0.6 ? Math.floor((m / 0.6) * 80) : 120 + Math.floor(((m - 0.6) / 0.23) * 300);
    checks.push({ id: `MC${digitsOf(id, 'medical-id', 10)}`, holderId: id, clinic: pick(CLINICS, derived(id, 'clinic')), checkedOn: addDays(referenceDay, -daysAgo), result: 'fit' });
  } else if (m < 0.86) {
    checks.push({ id: `MC${digitsOf(id, 'medical-id', 10)}`, holderId: id, clinic: pick(CLINICS, derived(id, 'clinic')), checkedOn: addDays(referenceDay, -10), result: 'unfit' });
  }

  // 0–3 violations from the last 200 days; older ones are more often paid.
  const violations: ViolationRecord[] = [];
  const count = Math.max(0, Math.floor(derived(id, 'violations') * 5) - 1);
  const plate = vehicles[0]?.plateEn ?? `${digitsOf(id, 'plate-digits-x', 4)} KSA`;
  for (let i = 0; i < count; i += 1) {
    const kind = pick(KINDS, derived(id, `violation-kind-${i}`));
    const daysAgo = 1 + Math.floor(derived(id, `violation-age-${i}`) * 200);
    const status: ViolationStatus = daysAgo > 60 && derived(id, `violation-paid-${i}`) < 0.4 ? 'paid' : 'unpaid';
    violations.push({
      number: digitsOf(id, `violation-number-${i}`, 12),
      offenderId: id,
      kind,
      plateEn: plate,
      city: pick(CITIES, derived(id, `violation-city-${i}`)),
      occurredOn: addDays(referenceDay, -daysAgo),
      amountHalalas: pick(VIOLATION_AMOUNTS[kind], derived(id, `violation-amount-${i}`)),
      status,
      paidReference: status === 'paid' ? `bank-${digitsOf(id, `violation-ref-${i}`, 8)}` : null,
    });
  }
  return { licence, vehicles, checks, violations };
}

/** A person's traffic records as a test or a demo wants them (replaces whatever was seeded). */
export type TrafficArrangement = {
  /** Vehicles to add in the person's name (serials are generated); returned after the violation numbers. */
  vehicles?: Array<{ make?: string; model?: string; year?: number; registrationExpiresOn: string }>;
  licence?: { expiresOn: string; status?: LicenceStatus; category?: 'private' | 'public' } | null;
  checks?: Array<{ checkedOn: string; result?: 'fit' | 'unfit' }>;
  violations?: Array<{ kind?: ViolationKind; occurredOn: string; amountHalalas?: number; status?: ViolationStatus }>;
};

export class ReferenceTrafficSystem implements TrafficSystem {
  readonly #db: Db;
  readonly #registry: CivilRegistry;
  readonly #clock: Clock;
  readonly #referenceDay: string;
  readonly #reviewDays: number;
  #available = true;

  /**
   * `referenceDate` is the day the seeded dates are relative to (the registry population's reference
   * date); the department decides a dispute left to it `reviewDays` after it was filed (default 5).
   */
  constructor(options: { db: Kysely<Database>; registry: CivilRegistry; clock: Clock; referenceDate: Date; reviewDays?: number }) {
    this.#db = options.db.withTables<TrafficTables>();
    this.#registry = options.registry;
    this.#clock = options.clock;
    this.#referenceDay = today(options.referenceDate);
    this.#reviewDays = options.reviewDays ?? 5;
  }

  /** Simulates an outage (false) or its end (true). */
  setAvailable(available: boolean): void {
    this.#available = available;
  }

  async vehiclesOf(ownerId: string): Promise<VehicleRecord[]> {
    await this.#seed(ownerId);
    const rows = await this.#db.selectFrom('traffic_vehicles').selectAll().where('owner_id', '=', ownerId).orderBy('serial').execute();
    return rows.map((row) => ({
      serial: row.serial,
      ownerId: row.owner_id,
      plateAr: row.plate_ar,
      plateEn: row.plate_en,
      make: row.make,
      model: row.model,
      year: Number(row.year),
      registrationExpiresOn: row.registration_expires_on,
    }));
  }

  async licenceOf(holderId: string): Promise<DrivingLicenceRecord | null> {
    await this.#seed(holderId);
    const row = await this.#db.selectFrom('traffic_licences').selectAll().where('holder_id', '=', holderId).executeTakeFirst();
    return row ? this.#licence(row) : null;
  }

  async medicalChecksOf(holderId: string): Promise<MedicalCheckRecord[]> {
    await this.#seed(holderId);
    const rows = await this.#db.selectFrom('traffic_medical_checks').selectAll().where('holder_id', '=', holderId).orderBy('checked_on', 'desc').orderBy('id').execute();
    return rows.map((row) => ({ id: row.id, holderId: row.holder_id, clinic: row.clinic, checkedOn: row.checked_on, result: row.result === 'unfit' ? 'unfit' : 'fit' }));
  }

  async violationsOf(offenderId: string): Promise<ViolationRecord[]> {
    await this.#seed(offenderId);
    const rows = await this.#db
      .selectFrom('traffic_violations')
      .selectAll()
      .where('offender_id', '=', offenderId)
      .orderBy('occurred_on', 'desc')
      .orderBy('number')
      .execute();
    return rows.map((row) => this.#violation(row));
  }

  async payViolations(offenderId: string, numbers: string[], reference: string): Promise<ViolationRecord[]> {
    if (numbers.length === 0) throw new RangeError('nothing to pay');
    return this.#operation(offenderId, 'pay_violations', reference, async (tx) => {
      const rows = await tx.selectFrom('traffic_violations').selectAll().where('number', 'in', numbers).orderBy('number').forUpdate().execute();
      for (const number of numbers) {
        const row = rows.find((each) => each.number === number);
        if (!row || row.offender_id !== offenderId) throw new TrafficRefusal('not_found');
        if (row.status === 'paid') throw new TrafficRefusal('already_paid');
        if (row.status === 'cancelled') throw new TrafficRefusal('cancelled');
      }
      const now = this.#clock.now();
      await tx.updateTable('traffic_violations').set({ status: 'paid', paid_reference: reference, updated_at: now }).where('number', 'in', numbers).execute();
      return rows.map((row) => this.#violation({ ...row, status: 'paid', paid_reference: reference }));
    });
  }

  async fileDispute(dispute: { holderId: string; violationNumber: string; reason: string; reference: string }): Promise<DisputeRecord> {
    return this.#operation(dispute.holderId, 'file_dispute', dispute.reference, async (tx) => {
      const violation = await tx.selectFrom('traffic_violations').selectAll().where('number', '=', dispute.violationNumber).forUpdate().executeTakeFirst();
      if (!violation || violation.offender_id !== dispute.holderId) throw new TrafficRefusal('not_found');
      if (violation.status === 'paid') throw new TrafficRefusal('already_paid');
      if (violation.status === 'cancelled') throw new TrafficRefusal('cancelled');
      const existing = await tx.selectFrom('traffic_disputes').select('id').where('violation_number', '=', dispute.violationNumber).executeTakeFirst();
      if (existing) throw new TrafficRefusal('dispute_exists');
      const now = this.#clock.now();
      const record: DisputeRecord = {
        id: crypto.randomUUID(),
        violationNumber: dispute.violationNumber,
        holderId: dispute.holderId,
        reason: dispute.reason,
        status: 'under_review',
        filedOn: today(now),
        decidedAt: null,
        reference: dispute.reference,
      };
      await tx
        .insertInto('traffic_disputes')
        .values({
          id: record.id,
          violation_number: record.violationNumber,
          holder_id: record.holderId,
          reason: record.reason,
          status: record.status,
          filed_on: record.filedOn,
          decided_at: null,
          reference: record.reference,
          created_at: now,
        })
        .execute();
      return record;
    });
  }

  async disputesOf(holderId: string): Promise<DisputeRecord[]> {
    await this.#seed(holderId);
    await this.#reviewDue(holderId);
    const rows = await this.#db.selectFrom('traffic_disputes').selectAll().where('holder_id', '=', holderId).orderBy('created_at', 'desc').orderBy('id').execute();
    return rows.map((row) => this.#dispute(row));
  }

  async renewLicence(holderId: string, years: number, reference: string): Promise<DrivingLicenceRecord> {
    if (!Number.isInteger(years) || years < 1 || years > 10) throw new RangeError('years must be 1-10');
    return this.#operation(holderId, 'renew_licence', reference, async (tx) => {
      const row = await tx.selectFrom('traffic_licences').selectAll().where('holder_id', '=', holderId).forUpdate().executeTakeFirst();
      if (!row) throw new TrafficRefusal('no_licence');
      if (row.status === 'suspended') throw new TrafficRefusal('licence_suspended');
      const now = this.#clock.now();
      const day = today(now);
      const expiresOn = addYears(row.expires_on > day ? row.expires_on : day, years);
      const version = Number(row.version) + 1;
      await tx.updateTable('traffic_licences').set({ expires_on: expiresOn, issued_on: day, status: 'valid', version, updated_at: now }).where('number', '=', row.number).execute();
      return this.#licence({ ...row, expires_on: expiresOn, issued_on: day, status: 'valid', version });
    });
  }

  async reportStolen(report: { ownerId: string; serial: string; stolenOn: string; city: string; reference: string }): Promise<TheftReport> {
    return this.#operation(report.ownerId, 'report_stolen', report.reference, async (tx) => {
      const vehicle = await tx.selectFrom('traffic_vehicles').select(['serial', 'owner_id']).where('serial', '=', report.serial).forUpdate().executeTakeFirst();
      if (!vehicle || vehicle.owner_id !== report.ownerId) throw new TrafficRefusal('not_found');
      const earlier = await tx.selectFrom('traffic_theft_reports').select('number').where('serial', '=', report.serial).executeTakeFirst();
      if (earlier) throw new TrafficRefusal('already_reported');
      const record: TheftReport = {
        number: `TR${today(this.#clock.now()).replaceAll('-', '')}${String(randomInt(0, 100_000_000)).padStart(8, '0')}`,
        serial: report.serial,
        ownerId: report.ownerId,
        stolenOn: report.stolenOn,
        city: report.city,
        reference: report.reference,
        reportedAt: this.#clock.now(),
      };
      await tx
        .insertInto('traffic_theft_reports')
        .values({ number: record.number, serial: record.serial, owner_id: record.ownerId, stolen_on: record.stolenOn, city: record.city, reference: record.reference, reported_at: record.reportedAt })
        .execute();
      return record;
    });
  }

  async theftReportsOf(ownerId: string): Promise<TheftReport[]> {
    await this.#seed(ownerId);
    const rows = await this.#db.selectFrom('traffic_theft_reports').selectAll().where('owner_id', '=', ownerId).orderBy('reported_at', 'desc').orderBy('number').execute();
    return rows.map((row) => ({ number: row.number, serial: row.serial, ownerId: row.owner_id, stolenOn: row.stolen_on, city: row.city, reference: row.reference, reportedAt: row.reported_at }));
  }

  // Reference-only controls: what the traffic department's own staff do (tests and demos).

  /** The traffic department decides a dispute; an accepted one cancels the violation. Returns false when there is no such dispute under review. */
  async decideDispute(violationNumber: string, outcome: 'accepted' | 'rejected', at: Date = this.#clock.now()): Promise<boolean> {
    this.#gate();
    return this.#db.transaction().execute(async (tx) => {
      const updated = await tx
        .updateTable('traffic_disputes')
        .set({ status: outcome, decided_at: at })
        .where('violation_number', '=', violationNumber)
        .where('status', '=', 'under_review')
        .returning('id')
        .executeTakeFirst();
      if (!updated) return false;
      if (outcome === 'accepted') {
        await tx.updateTable('traffic_violations').set({ status: 'cancelled', updated_at: at }).where('number', '=', violationNumber).execute();
      }
      return true;
    });
  }

  /**
   * The department's own pace: a dispute still under review `reviewDays` after it was filed is decided
   * then — about a third accepted, the rest rejected, chosen by the dispute's id (deterministic).
   */
  async #reviewDue(holderId: string): Promise<void> {
    const due = new Date(this.#clock.now().getTime() - this.#reviewDays * 86_400_000);
    const waiting = await this.#db
      .selectFrom('traffic_disputes')
      .select(['id', 'violation_number', 'created_at'])
      .where('holder_id', '=', holderId)
      .where('status', '=', 'under_review')
      .where('created_at', '<=', due)
      .execute();
    for (const dispute of waiting) {
      const outcome = derived(dispute.id, 'dispute-outcome') < 0.35 ? 'accepted' : 'rejected';
      await this.decideDispute(dispute.violation_number, outcome, new Date(dispute.created_at.getTime() + this.#reviewDays * 86_400_000));
    }
  }

  /** Replaces a person's licence, medical checks and violations with the given ones and adds vehicles; returns the new violation numbers, then the new vehicle serials. */
  async arrange(holderId: string, arrangement: TrafficArrangement): Promise<string[]> {
    await this.#seed(holderId);
    const now = this.#clock.now();
    return this.#db.transaction().execute(async (tx) => {
      if (arrangement.licence !== undefined) {
        await tx.deleteFrom('traffic_licences').where('holder_id', '=', holderId).execute();
        if (arrangement.licence) {
          const { expiresOn } = arrangement.licence;
          await tx
            .insertInto('traffic_licences')
            .values({
              number: holderId,
              holder_id: holderId,
              category: arrangement.licence.category ?? 'private',
              issued_on: addYears(expiresOn, -10),
              expires_on: expiresOn,
              status: arrangement.licence.status ?? 'valid',
              version: 1,
              updated_at: now,
            })
            .execute();
        }
      }
      if (arrangement.checks !== undefined) {
        await tx.deleteFrom('traffic_medical_checks').where('holder_id', '=', holderId).execute();
        for (const [index, check] of arrangement.checks.entries()) {
          await tx
            .insertInto('traffic_medical_checks')
            .values({ id: `MC-${holderId}-${index}-${crypto.randomUUID().slice(0, 8)}`, holder_id: holderId, clinic: CLINICS[0]!, checked_on: check.checkedOn, result: check.result ?? 'fit' })
            .execute();
        }
      }
      const numbers: string[] = [];
      if (arrangement.violations !== undefined) {
        const existing = await tx.selectFrom('traffic_violations').select('number').where('offender_id', '=', holderId).execute();
        const old = existing.map((row) => row.number);
        if (old.length > 0) {
          await tx.deleteFrom('traffic_disputes').where('violation_number', 'in', old).execute();
          await tx.deleteFrom('traffic_violations').where('number', 'in', old).execute();
        }
        for (const violation of arrangement.violations) {
          const kind = violation.kind ?? 'speeding';
          const number = `7${String(randomInt(0, 1_000_000)).padStart(6, '0')}${String(randomInt(0, 100_000)).padStart(5, '0')}`;
          numbers.push(number);
          await tx
            .insertInto('traffic_violations')
            .values({
              number,
              offender_id: holderId,
              kind,
              plate_en: '1234 KSA',
              city: 'riyadh',
              occurred_on: violation.occurredOn,
              amount_halalas: violation.amountHalalas ?? VIOLATION_AMOUNTS[kind][0]!,
              status: violation.status ?? 'unpaid',
              paid_reference: violation.status === 'paid' ? `arranged-${number}` : null,
              updated_at: now,
            })
            .execute();
        }
      }
      for (const vehicle of arrangement.vehicles ?? []) {
        const serial = String(randomInt(100_000_000, 1_000_000_000));
        numbers.push(serial);
        await tx
          .insertInto('traffic_vehicles')
          .values({
            serial,
            owner_id: holderId,
            plate_ar: `أ ب ح ${serial.slice(0, 4)}`,
            plate_en: `${serial.slice(0, 4)} ABJ`,
            make: vehicle.make ?? 'Toyota',
            model: vehicle.model ?? 'Camry',
            year: vehicle.year ?? 2022,
            registration_expires_on: vehicle.registrationExpiresOn,
          })
          .execute();
      }
      return numbers;
    });
  }

  async #operation<T>(holderId: string, kind: string, reference: string, work: (tx: Tx) => Promise<T>): Promise<T> {
    if (reference.length === 0 || reference.length > 100) throw new RangeError('reference must be 1-100 characters');
    await this.#seed(holderId);
    this.#gate();
    return this.#db.transaction().execute(async (tx) => {
      // Two calls with one reference serialise on a lock of the reference until the first commits.
      await sql`select pg_advisory_xact_lock(hashtext(${`traffic:${reference}`}))`.execute(tx);
      const done = await tx.selectFrom('traffic_operations').selectAll().where('reference', '=', reference).executeTakeFirst();
      if (done) {
        if (done.kind !== kind || done.holder_id !== holderId) throw new RangeError('reference already used for another change');
        return JSON.parse(done.result, reviveDates) as T;
      }
      const result = await work(tx);
      await tx
        .insertInto('traffic_operations')
        .values({ reference, kind, holder_id: holderId, result: JSON.stringify(result), created_at: this.#clock.now() })
        .execute();
      return result;
    });
  }

  #gate(): void {
    if (!this.#available) throw new TrafficUnavailableError();
  }

  async #seed(holderId: string): Promise<void> {
    this.#gate();
    const seeded = await this.#db.selectFrom('traffic_seeds').select('holder_id').where('holder_id', '=', holderId).executeTakeFirst();
    if (seeded) return;
    let person: RegistryPerson | null;
    try {
      person = /^\d{10}$/.test(holderId) ? await this.#registry.findPerson(holderId) : null;
    } catch (error) {
      if (error instanceof RegistryUnavailableError) throw new TrafficUnavailableError();
      throw error;
    }
    if (!person) return;
    const seed = seededTraffic(person, this.#referenceDay);
    const now = this.#clock.now();
    await this.#db.transaction().execute(async (tx) => {
      const marker = await tx
        .insertInto('traffic_seeds')
        .values({ holder_id: holderId, seeded_at: now })
        .onConflict((conflict) => conflict.column('holder_id').doNothing())
        .returning('holder_id')
        .executeTakeFirst();
      if (!marker) return;
      if (seed.licence) {
        const l = seed.licence;
        await tx
          .insertInto('traffic_licences')
          .values({ number: l.number, holder_id: l.holderId, category: l.category, issued_on: l.issuedOn, expires_on: l.expiresOn, status: l.status, version: l.version, updated_at: now })
          .execute();
      }
      for (const v of seed.vehicles) {
        await tx
          .insertInto('traffic_vehicles')
          .values({ serial: v.serial, owner_id: v.ownerId, plate_ar: v.plateAr, plate_en: v.plateEn, make: v.make, model: v.model, year: v.year, registration_expires_on: v.registrationExpiresOn })
          .onConflict((conflict) => conflict.column('serial').doNothing())
          .execute();
      }
      for (const c of seed.checks) {
        await tx.insertInto('traffic_medical_checks').values({ id: c.id, holder_id: c.holderId, clinic: c.clinic, checked_on: c.checkedOn, result: c.result }).execute();
      }
      for (const v of seed.violations) {
        await tx
          .insertInto('traffic_violations')
          .values({
            number: v.number,
            offender_id: v.offenderId,
            kind: v.kind,
            plate_en: v.plateEn,
            city: v.city,
            occurred_on: v.occurredOn,
            amount_halalas: v.amountHalalas,
            status: v.status,
            paid_reference: v.paidReference,
            updated_at: now,
          })
          .onConflict((conflict) => conflict.column('number').doNothing())
          .execute();
      }
    });
  }

  #licence(row: Selectable<TrafficTables['traffic_licences']>): DrivingLicenceRecord {
    const day = today(this.#clock.now());
    const status: LicenceStatus = row.status === 'suspended' ? 'suspended' : row.expires_on < day ? 'expired' : 'valid';
    return {
      number: row.number,
      holderId: row.holder_id,
      category: row.category === 'public' ? 'public' : 'private',
      issuedOn: row.issued_on,
      expiresOn: row.expires_on,
      status,
      version: Number(row.version),
    };
  }

  #violation(row: Selectable<TrafficTables['traffic_violations']>): ViolationRecord {
    return {
      number: row.number,
      offenderId: row.offender_id,
      kind: row.kind as ViolationKind,
      plateEn: row.plate_en,
      city: row.city,
      occurredOn: row.occurred_on,
      amountHalalas: Number(row.amount_halalas),
      status: row.status as ViolationStatus,
      paidReference: row.paid_reference,
    };
  }

  #dispute(row: Selectable<TrafficTables['traffic_disputes']>): DisputeRecord {
    return {
      id: row.id,
      violationNumber: row.violation_number,
      holderId: row.holder_id,
      reason: row.reason,
      status: row.status as DisputeRecord['status'],
      filedOn: row.filed_on,
      decidedAt: row.decided_at,
      reference: row.reference,
    };
  }
}

function reviveDates(key: string, value: unknown): unknown {
  return key === 'decidedAt' && typeof value === 'string' ? new Date(value) : value;
}
