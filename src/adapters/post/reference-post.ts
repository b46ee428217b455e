// The embedded reference post system (Saudi Post / national address): each person's national
// address seeded on first use, deterministically, from the civil registry's synthetic person (most
// have one; visitors do not), and shipments with UPU S10 tracking numbers (e.g. RR123456785SA) whose
// tracking events follow a delivery schedule (in transit after a day, out for delivery after two,
// delivered after three), recorded in the database as the clock reaches them.
// Guarantees: seeding happens once per person (a marker row); one shipment per sender reference
// (unique index: a second create returns the first); no shipment without a national address
// (PostRefusal 'no_address'); events only move forward; it can be switched off (PostUnavailableError).
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../db/schema.ts';
import { RegistryUnavailableError, type CivilRegistry, type Clock, type RegistryPerson } from '../../core/ports.ts';
import {
  PostRefusal,
  PostUnavailableError,
  type NationalAddress,
  type Shipment,
  type ShipmentEvent,
  type ShipmentStatus,
  type PostSystem,
} from '../../core/services/sectors/post.ts';

export type PostTables = {
  post_seeds: { holder_id: string; seeded_at: Date };
  post_addresses: { holder_id: string; address: NationalAddress; updated_at: Date };
  post_shipments: { tracking_number: string; reference: string; recipient_id: string; contents: string; address: NationalAddress; created_at: Date };
  post_shipment_events: { tracking_number: string; status: string; at: Date };
};

type Db = Kysely<Database & PostTables>;

const DAY_MS = 86_400_000;
/** When each tracking event happens, after the shipment is created. */
export const DELIVERY_SCHEDULE: ReadonlyArray<[ShipmentStatus, number]> = [
  ['created', 0],
  ['in_transit', DAY_MS],
  ['out_for_delivery', 2 * DAY_MS],
  ['delivered', 3 * DAY_MS],
];

const CITIES: Array<{ ar: string; en: string; code: string; postal: string; districts: Array<[string, string]> }> = [
  { ar: 'الرياض', en: 'Riyadh', code: 'RR', postal: '1', districts: [['العليا', 'Al Olaya'], ['الملز', 'Al Malaz'], ['النرجس', 'An Narjis'], ['الياسمين', 'Al Yasmin']] },
  { ar: 'جدة', en: 'Jeddah', code: 'JE', postal: '2', districts: [['الروضة', 'Ar Rawdah'], ['الصفا', 'As Safa'], ['الشاطئ', 'Ash Shati']] },
  { ar: 'الدمام', en: 'Dammam', code: 'DA', postal: '3', districts: [['الفيصلية', 'Al Faisaliyah'], ['الشاطئ', 'Ash Shati'], ['النور', 'An Nur']] },
  { ar: 'المدينة المنورة', en: 'Madinah', code: 'MD', postal: '4', districts: [['قباء', 'Quba'], ['العزيزية', 'Al Aziziyah']] },
  { ar: 'أبها', en: 'Abha', code: 'AB', postal: '6', districts: [['المنسك', 'Al Mansak'], ['الخالدية', 'Al Khalidiyah']] },
];
const STREETS: Array<[string, string]> = [
  ['طريق الملك فهد', 'King Fahd Road'],
  ['شارع الأمير سلطان', 'Prince Sultan Street'],
  ['شارع التحلية', 'Tahlia Street'],
  ['طريق الملك عبدالعزيز', 'King Abdulaziz Road'],
  ['شارع الستين', 'Sixtieth Street'],
];

function derived(idNumber: string, purpose: string): number {
  const digest = createHash('sha256').update(`post:${purpose}:${idNumber}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

function pick<T>(list: readonly T[], fraction: number): T {
  return list[Math.min(list.length - 1, Math.floor(fraction * list.length))]!;
}

/** The national address the reference system seeds for a person (null for visitors and about 8% of others). */
export function seededAddress(person: RegistryPerson): NationalAddress | null {
  const id = person.idNumber;
  if (person.category === 'visitor' || person.deceased || derived(id, 'has-address') < 0.08) return null;
  const city = pick(CITIES, derived(id, 'city'));
  const [districtAr, districtEn] = pick(city.districts, derived(id, 'district'));
  const [streetAr, streetEn] = pick(STREETS, derived(id, 'street'));
  const building = String(1000 + Math.floor(derived(id, 'building') * 9000));
  const letters = `${city.code}${String.fromCharCode(65 + Math.floor(derived(id, 'short-a') * 26))}${String.fromCharCode(65 + Math.floor(derived(id, 'short-b') * 26))}`;
  return {
    holderId: id,
    buildingNumber: building,
    streetAr,
    streetEn,
    districtAr,
    districtEn,
    cityAr: city.ar,
    cityEn: city.en,
    postalCode: `${city.postal}${String(Math.floor(derived(id, 'postal') * 10000)).padStart(4, '0')}`,
    additionalNumber: String(1000 + Math.floor(derived(id, 'additional') * 9000)),
    shortAddress: `${letters}${building}`,
  };
}

/** The UPU S10 check digit of an 8-digit serial. */
export function s10CheckDigit(serial: string): number {
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = [...serial].reduce((total, digit, index) => total + Number(digit) * weights[index]!, 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 0 : check === 11 ? 5 : check;
}

export class ReferencePostSystem implements PostSystem {
  readonly #db: Db;
  readonly #registry: CivilRegistry;
  readonly #clock: Clock;
  #available = true;

  constructor(options: { db: Kysely<Database>; registry: CivilRegistry; clock: Clock }) {
    this.#db = options.db.withTables<PostTables>();
    this.#registry = options.registry;
    this.#clock = options.clock;
  }

  setAvailable(available: boolean): void {
    this.#available = available;
  }

  async nationalAddressOf(holderId: string): Promise<NationalAddress | null> {
    await this.#seed(holderId);
    const row = await this.#db.selectFrom('post_addresses').select('address').where('holder_id', '=', holderId).executeTakeFirst();
    return row ? row.address : null;
  }

  async createShipment(shipment: { reference: string; recipientId: string; contents: string }): Promise<Shipment> {
    if (shipment.reference.length === 0 || shipment.reference.length > 100) throw new RangeError('reference must be 1-100 characters');
    const earlier = await this.#byReference(shipment.reference);
    if (earlier) return earlier;
    const address = await this.nationalAddressOf(shipment.recipientId);
    if (!address) throw new PostRefusal('no_address');
    const { rows } = await sql<{ value: string | number }>`select nextval('post_tracking_numbers') as value`.execute(this.#db);
    const serial = String(rows[0]!.value).padStart(8, '0');
    if (serial.length > 8) throw new PostUnavailableError('tracking numbers exhausted');
    const trackingNumber = `RR${serial}${s10CheckDigit(serial)}SA`;
    const now = this.#clock.now();
    const created = await this.#db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('post_shipments')
        .values({ tracking_number: trackingNumber, reference: shipment.reference, recipient_id: shipment.recipientId, contents: shipment.contents, address: JSON.stringify(address) as unknown as NationalAddress, created_at: now })
        .onConflict((conflict) => conflict.column('reference').doNothing())
        .returning('tracking_number')
        .executeTakeFirst();
      if (inserted) await tx.insertInto('post_shipment_events').values({ tracking_number: trackingNumber, status: 'created', at: now }).execute();
      return inserted !== undefined;
    });
    return created ? (await this.shipment(trackingNumber))! : (await this.#byReference(shipment.reference))!;
  }

  async shipment(trackingNumber: string): Promise<Shipment | null> {
    this.#gate();
    const row = await this.#db.selectFrom('post_shipments').selectAll().where('tracking_number', '=', trackingNumber).executeTakeFirst();
    return row ? this.#shipment(row) : null;
  }

  // Reference-only control (tests and demos): the person registers, changes or removes their address.
  async setAddress(holderId: string, address: Omit<NationalAddress, 'holderId'> | null): Promise<void> {
    await this.#seed(holderId);
    await this.#db.deleteFrom('post_addresses').where('holder_id', '=', holderId).execute();
    if (address) {
      await this.#db
        .insertInto('post_addresses')
        .values({ holder_id: holderId, address: JSON.stringify({ ...address, holderId }) as unknown as NationalAddress, updated_at: this.#clock.now() })
        .execute();
    }
  }

  async #byReference(reference: string): Promise<Shipment | null> {
    this.#gate();
    const row = await this.#db.selectFrom('post_shipments').selectAll().where('reference', '=', reference).executeTakeFirst();
    return row ? this.#shipment(row) : null;
  }

  /** Records the events the schedule has reached by now, then reads them back. */
  async #shipment(row: Selectable<PostTables['post_shipments']>): Promise<Shipment> {
    const now = this.#clock.now().getTime();
    const due = DELIVERY_SCHEDULE.filter(([, after]) => row.created_at.getTime() + after <= now);
    for (const [status, after] of due) {
      await this.#db
        .insertInto('post_shipment_events')
        .values({ tracking_number: row.tracking_number, status, at: new Date(row.created_at.getTime() + after) })
        .onConflict((conflict) => conflict.columns(['tracking_number', 'status']).doNothing())
        .execute();
    }
    const eventRows = await this.#db.selectFrom('post_shipment_events').selectAll().where('tracking_number', '=', row.tracking_number).orderBy('at').execute();
    const events: ShipmentEvent[] = eventRows.map((event) => ({ status: event.status as ShipmentStatus, at: event.at }));
    return {
      trackingNumber: row.tracking_number,
      reference: row.reference,
      recipientId: row.recipient_id,
      contents: row.contents,
      address: row.address,
      status: events.at(-1)?.status ?? 'created',
      events,
    };
  }

  #gate(): void {
    if (!this.#available) throw new PostUnavailableError();
  }

  async #seed(holderId: string): Promise<void> {
    this.#gate();
    const seeded = await this.#db.selectFrom('post_seeds').select('holder_id').where('holder_id', '=', holderId).executeTakeFirst();
    if (seeded) return;
    let person: RegistryPerson | null;
    try {
      person = /^\d{10}$/.test(holderId) ? await this.#registry.findPerson(holderId) : null;
    } catch (error) {
      if (error instanceof RegistryUnavailableError) throw new PostUnavailableError();
      throw error;
    }
    if (!person) return;
    const address = seededAddress(person);
    const now = this.#clock.now();
    await this.#db.transaction().execute(async (tx) => {
      const marker = await tx
        .insertInto('post_seeds')
        .values({ holder_id: holderId, seeded_at: now })
        .onConflict((conflict) => conflict.column('holder_id').doNothing())
        .returning('holder_id')
        .executeTakeFirst();
      if (!marker || !address) return;
      await tx.insertInto('post_addresses').values({ holder_id: holderId, address: JSON.stringify(address) as unknown as NationalAddress, updated_at: now }).execute();
    });
  }
}
