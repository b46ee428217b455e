// The embedded reference civil affairs system: national ID cards, photos, family records and
// newborn registrations kept in the database, each person's records seeded on first use,
// deterministically, from the civil registry's synthetic person (dependents are on their sponsor's
// family record).
// Guarantees: seeding happens once per person even from two processes (a marker row); a renewal
// locks the card, so concurrent renewals serialise; every change is idempotent on its reference; one
// registration per birth notification (a unique index); it refuses what the real system refuses
// and can be switched off (CivilAffairsUnavailableError).
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isUniqueViolation } from '../db/database.ts';
import { RegistryUnavailableError, type CivilRegistry, type Clock, type RegistryPerson } from '../../core/ports.ts';
import {
  CivilAffairsRefusal,
  CivilAffairsUnavailableError,
  type CivilAffairsSystem,
  type FamilyMemberRecord,
  type IdCardRecord,
  type NewbornRegistration,
  type NewbornStatus,
  type NewbornSubmission,
  type StoredPhoto,
} from '../../core/services/sectors/civil-affairs.ts';
import { addYears, today } from '../../core/services/sectors/calendar.ts';
import { ageOn } from '../../core/identity/eligibility.ts';

export type CivilAffairsTables = {
  civil_seeds: { person_id: string; seeded_at: Date };
  civil_photos: { id: string; owner_id: string; content_type: string; bytes: Uint8Array; reference: string; created_at: Date };
  civil_id_cards: { id_number: string; version: number; issued_on: string; expires_on: string; status: string; photo_id: string | null; updated_at: Date };
  civil_operations: { reference: string; kind: string; person_id: string; result: string; created_at: Date };
  civil_family_members: { head_id: string; member_id: string; relation: string; position: number };
  civil_newborns: {
    reference: string;
    head_id: string;
    notification_number: string;
    name_ar: string;
    name_en: string;
    sex: string;
    birth_date: string;
    status: string;
    submitted_on: string;
    created_at: Date;
  };
};

type Db = Kysely<Database & CivilAffairsTables>;

/** An ID card lasts 10 years. */
export const ID_CARD_YEARS = 10;

function derived(idNumber: string, purpose: string): number {
  return createHash('sha256').update(`civil:${purpose}:${idNumber}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** The ID card the reference system seeds for a citizen; null for others. */
export function seededIdCard(person: RegistryPerson): IdCardRecord | null {
  if (person.idKind !== 'national_id') return null;
  return {
    idNumber: person.idNumber,
    version: 1 + Math.floor(derived(person.idNumber, 'card-version') * 4),
    issuedOn: addYears(person.documentExpiry, -ID_CARD_YEARS),
    expiresOn: person.documentExpiry,
    status: person.documentStatus,
    photoId: null,
  };
}

export class ReferenceCivilAffairsSystem implements CivilAffairsSystem {
  readonly #db: Db;
  readonly #registry: CivilRegistry;
  readonly #clock: Clock;
  #available = true;
  /** Sponsor → dependents, built from one pass over the registry's dependents the first time a family is asked for. */
  #dependents: Promise<Map<string, RegistryPerson[]>> | null = null;

  constructor(options: { db: Kysely<Database>; registry: CivilRegistry; clock: Clock }) {
    this.#db = options.db.withTables<CivilAffairsTables>();
    this.#registry = options.registry;
    this.#clock = options.clock;
  }

  setAvailable(available: boolean): void {
    this.#available = available;
  }

  async idCardOf(idNumber: string): Promise<IdCardRecord | null> {
    await this.#seed(idNumber);
    const row = await this.#db.selectFrom('civil_id_cards').selectAll().where('id_number', '=', idNumber).executeTakeFirst();
    return row ? this.#card(row) : null;
  }

  async storePhoto(photo: { ownerId: string; contentType: StoredPhoto['contentType']; bytes: Uint8Array; reference: string }): Promise<string> {
    this.#gate();
    const id = crypto.randomUUID();
    const inserted = await this.#db
      .insertInto('civil_photos')
      .values({ id, owner_id: photo.ownerId, content_type: photo.contentType, bytes: photo.bytes, reference: photo.reference, created_at: this.#clock.now() })
      .onConflict((conflict) => conflict.column('reference').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return inserted.id;
    const existing = await this.#db.selectFrom('civil_photos').select(['id', 'owner_id']).where('reference', '=', photo.reference).executeTakeFirstOrThrow();
    if (existing.owner_id !== photo.ownerId) throw new RangeError('reference already used by another owner');
    return existing.id;
  }

  async photo(photoId: string): Promise<StoredPhoto | null> {
    this.#gate();
    if (!/^[0-9a-f-]{36}$/i.test(photoId)) return null;
    const row = await this.#db.selectFrom('civil_photos').selectAll().where('id', '=', photoId).executeTakeFirst();
    return row ? { id: row.id, ownerId: row.owner_id, contentType: row.content_type as StoredPhoto['contentType'], bytes: new Uint8Array(row.bytes) } : null;
  }

  async photosOf(ownerId: string, limit: number): Promise<Array<{ id: string; contentType: StoredPhoto['contentType']; receivedAt: Date }>> {
    this.#gate();
    const rows = await this.#db
      .selectFrom('civil_photos')
      .select(['id', 'content_type', 'created_at'])
      .where('owner_id', '=', ownerId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(Math.max(0, Math.min(limit, 100)))
      .execute();
    return rows.map((row) => ({ id: row.id, contentType: row.content_type as StoredPhoto['contentType'], receivedAt: row.created_at }));
  }

  async renewIdCard(idNumber: string, photoId: string, reference: string): Promise<IdCardRecord> {
    await this.#seed(idNumber);
    this.#gate();
    return this.#db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('civil_id_cards').selectAll().where('id_number', '=', idNumber).forUpdate().executeTakeFirst();
      if (!row) throw new CivilAffairsRefusal('not_found');
      const done = await tx.selectFrom('civil_operations').selectAll().where('reference', '=', reference).executeTakeFirst();
      if (done) {
        if (done.kind !== 'id_renewal' || done.person_id !== idNumber) throw new RangeError('reference already used for another change');
        return JSON.parse(done.result) as IdCardRecord;
      }
      if (row.status === 'cancelled') throw new CivilAffairsRefusal('card_cancelled');
      const photo = await tx.selectFrom('civil_photos').select('owner_id').where('id', '=', photoId).executeTakeFirst();
      if (!photo || photo.owner_id !== idNumber) throw new CivilAffairsRefusal('photo_missing');
      const day = today(this.#clock.now());
      const from = row.expires_on > day ? row.expires_on : day;
      const card: IdCardRecord = { idNumber, version: row.version + 1, issuedOn: day, expiresOn: addYears(from, ID_CARD_YEARS), status: 'valid', photoId };
      await tx
        .updateTable('civil_id_cards')
        .set({ version: card.version, issued_on: card.issuedOn, expires_on: card.expiresOn, status: 'valid', photo_id: photoId, updated_at: this.#clock.now() })
        .where('id_number', '=', idNumber)
        .execute();
      await tx
        .insertInto('civil_operations')
        .values({ reference, kind: 'id_renewal', person_id: idNumber, result: JSON.stringify(card), created_at: this.#clock.now() })
        .execute();
      return card;
    });
  }

  async familyOf(headId: string): Promise<FamilyMemberRecord[]> {
    await this.#seed(headId);
    const rows = await this.#db
      .selectFrom('civil_family_members')
      .select(['member_id', 'relation'])
      .where('head_id', '=', headId)
      .orderBy('position')
      .execute();
    return rows.map((row) => ({ idNumber: row.member_id, relation: row.relation as FamilyMemberRecord['relation'] }));
  }

  async registerNewborn(submission: NewbornSubmission): Promise<NewbornRegistration> {
    await this.#seed(submission.headId);
    this.#gate();
    const seeded = await this.#db.selectFrom('civil_seeds').select('person_id').where('person_id', '=', submission.headId).executeTakeFirst();
    if (!seeded) throw new CivilAffairsRefusal('not_head');
    const existing = await this.#newborn(submission.reference);
    if (existing) return existing;
    const row = {
      reference: submission.reference,
      head_id: submission.headId,
      notification_number: submission.notificationNumber,
      name_ar: submission.nameAr,
      name_en: submission.nameEn,
      sex: submission.sex,
      birth_date: submission.birthDate,
      status: 'submitted',
      submitted_on: today(this.#clock.now()),
      created_at: this.#clock.now(),
    };
    try {
      await this.#db.insertInto('civil_newborns').values(row).execute();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // The same reference inserted concurrently is the same registration; another one for this birth is a duplicate.
      const raced = await this.#newborn(submission.reference);
      if (raced) return raced;
      throw new CivilAffairsRefusal('duplicate_birth');
    }
    return this.#toNewborn(row);
  }

  async newbornsOf(headId: string): Promise<NewbornRegistration[]> {
    this.#gate();
    const rows = await this.#db.selectFrom('civil_newborns').selectAll().where('head_id', '=', headId).orderBy('created_at', 'desc').orderBy('reference').execute();
    return rows.map((row) => this.#toNewborn(row));
  }

  // --- reference-only controls ---

  /** Civil affairs decides a newborn registration (as its officers would). */
  async decideNewborn(reference: string, status: Exclude<NewbornStatus, 'submitted'>): Promise<boolean> {
    const result = await this.#db.updateTable('civil_newborns').set({ status }).where('reference', '=', reference).where('status', '=', 'submitted').executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Sets a card's expiry or status (seeding first). */
  async setIdCard(idNumber: string, change: Partial<Pick<IdCardRecord, 'expiresOn' | 'status'>>): Promise<void> {
    await this.#seed(idNumber);
    await this.#db
      .updateTable('civil_id_cards')
      .set({
        ...(change.expiresOn !== undefined ? { expires_on: change.expiresOn } : {}),
        ...(change.status !== undefined ? { status: change.status } : {}),
        updated_at: this.#clock.now(),
      })
      .where('id_number', '=', idNumber)
      .execute();
  }

  // --- internals ---

  #gate(): void {
    if (!this.#available) throw new CivilAffairsUnavailableError();
  }

  async #newborn(reference: string): Promise<NewbornRegistration | null> {
    const row = await this.#db.selectFrom('civil_newborns').selectAll().where('reference', '=', reference).executeTakeFirst();
    return row ? this.#toNewborn(row) : null;
  }

  async #dependentsOf(headId: string): Promise<RegistryPerson[]> {
    this.#dependents ??= (async () => {
      const index = new Map<string, RegistryPerson[]>();
      for (const person of await this.#registry.listPeople({ category: 'dependent' })) {
        if (!person.sponsorId || person.deceased) continue;
        const list = index.get(person.sponsorId) ?? [];
        list.push(person);
        index.set(person.sponsorId, list);
      }
      return index;
    })();
    try {
      return (await this.#dependents).get(headId) ?? [];
    } catch (error) {
      this.#dependents = null;
      throw error;
    }
  }

  async #seed(personId: string): Promise<void> {
    this.#gate();
    const seeded = await this.#db.selectFrom('civil_seeds').select('person_id').where('person_id', '=', personId).executeTakeFirst();
    if (seeded) return;
    let person: RegistryPerson | null;
    let dependents: RegistryPerson[];
    try {
      person = /^\d{10}$/.test(personId) ? await this.#registry.findPerson(personId) : null;
      dependents = person ? await this.#dependentsOf(personId) : [];
    } catch (error) {
      if (error instanceof RegistryUnavailableError) throw new CivilAffairsUnavailableError();
      throw error;
    }
    if (!person) return;
    const card = seededIdCard(person);
    const onDay = today(this.#clock.now());
    const members = dependents
      .map((member) => ({ member, relation: relationOf(member, person, onDay) }))
      .sort((a, b) => (a.relation === b.relation ? 0 : a.relation === 'spouse' ? -1 : 1) || a.member.birthDate.localeCompare(b.member.birthDate) || a.member.idNumber.localeCompare(b.member.idNumber));
    await this.#db.transaction().execute(async (tx) => {
      const marker = await tx
        .insertInto('civil_seeds')
        .values({ person_id: personId, seeded_at: this.#clock.now() })
        .onConflict((conflict) => conflict.column('person_id').doNothing())
        .returning('person_id')
        .executeTakeFirst();
      if (!marker) return;
      if (card) {
        await tx
          .insertInto('civil_id_cards')
          .values({ id_number: card.idNumber, version: card.version, issued_on: card.issuedOn, expires_on: card.expiresOn, status: card.status, photo_id: null, updated_at: this.#clock.now() })
          .execute();
      }
      if (members.length > 0) {
        await tx
          .insertInto('civil_family_members')
          .values(members.map(({ member, relation }, position) => ({ head_id: personId, member_id: member.idNumber, relation, position })))
          .execute();
      }
    });
  }

  #card(row: CivilAffairsTables['civil_id_cards']): IdCardRecord {
    const day = today(this.#clock.now());
    const status = row.status === 'cancelled' ? 'cancelled' : row.expires_on < day ? 'expired' : 'valid';
    return { idNumber: row.id_number, version: row.version, issuedOn: row.issued_on, expiresOn: row.expires_on, status, photoId: row.photo_id };
  }

  #toNewborn(row: CivilAffairsTables['civil_newborns']): NewbornRegistration {
    return {
      reference: row.reference,
      headId: row.head_id,
      notificationNumber: row.notification_number,
      nameAr: row.name_ar,
      nameEn: row.name_en,
      sex: row.sex as 'M' | 'F',
      birthDate: row.birth_date,
      status: row.status as NewbornStatus,
      submittedOn: row.submitted_on,
    };
  }
}

/**
 * A dependent's relation to the head. The registry records none, so it is inferred as the synthetic
 * population makes families: a spouse is a woman of 18 or more; a child is at most 24 and at least
 * 20 years younger than the head. A woman who fits both (18-24 and 20 years younger) is taken as a child.
 */
function relationOf(member: RegistryPerson, head: RegistryPerson, onDay: string): 'spouse' | 'child' {
  const age = ageOn(member.birthDate, onDay);
  const gapYears = ageOn(head.birthDate, onDay) - age;
  if (member.sex !== 'F' || age < 18) return 'child';
  return age <= 24 && gapYears >= 20 ? 'child' : 'spouse';
}
