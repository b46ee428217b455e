// The shared contract of the CivilAffairsSystem port: every adapter (reference or real) must pass it.
// Checks: ID cards (known, none for a resident), photos (kept, idempotent on reference), renewal (needs
// the holder's photo, 10 more years, idempotent, serialised under concurrency), family records (the
// sponsor's dependents, stable order), newborn registrations (filed, idempotent, one per birth) and
// CivilAffairsUnavailableError when down.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CivilAffairsRefusal, CivilAffairsUnavailableError, type CivilAffairsSystem } from '../../src/core/services/sectors/civil-affairs.ts';

export interface CivilAffairsUnderTest {
  system: CivilAffairsSystem;
  today: string;
  /** A citizen whose card is valid or expired, not cancelled. */
  citizenId: string;
  /** A resident who heads a family record with at least one dependent. */
  headId: string;
  /** The head's dependents, as the record should list them (any order). */
  dependentIds: string[];
  residentWithoutCardId: string;
  setAvailable?: (available: boolean) => void;
}

/** A 1×1 PNG. */
const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'));
const refused = (reason: string) => (error: unknown) => error instanceof CivilAffairsRefusal && error.reason === reason;
let birth = 0;
const notification = () => `${Date.now() % 1_000_000}${String((birth += 1)).padStart(4, '0')}`;

export function describeCivilAffairsContract(name: string, make: () => Promise<CivilAffairsUnderTest>): void {
  describe(`CivilAffairsSystem contract: ${name}`, () => {
    it('when asked for a citizen’s card, then it is well formed; a resident has none', async () => {
      const subject = await make();
      const card = await subject.system.idCardOf(subject.citizenId);
      assert.ok(card);
      assert.equal(card.idNumber, subject.citizenId);
      assert.ok(card.version >= 1);
      assert.match(card.expiresOn, /^\d{4}-\d{2}-\d{2}$/);
      assert.notEqual(card.status, 'cancelled');
      assert.equal(await subject.system.idCardOf(subject.residentWithoutCardId), null);
      assert.equal(await subject.system.idCardOf('1000000000'), null);
    });

    it('when a photo is stored twice with one reference, then one photo is kept with its bytes', async () => {
      const subject = await make();
      const reference = crypto.randomUUID();
      const first = await subject.system.storePhoto({ ownerId: subject.citizenId, contentType: 'image/png', bytes: PNG, reference });
      const again = await subject.system.storePhoto({ ownerId: subject.citizenId, contentType: 'image/png', bytes: PNG, reference });
      assert.equal(again, first);
      const photo = await subject.system.photo(first);
      assert.equal(photo?.contentType, 'image/png');
      assert.deepEqual([...(photo?.bytes ?? [])], [...PNG]);
      assert.equal(await subject.system.photo(crypto.randomUUID()), null);
      const listed = await subject.system.photosOf(subject.citizenId, 10);
      assert.equal(listed.filter((each) => each.id === first).length, 1, 'listed once among the owner’s photos');
      assert.deepEqual(await subject.system.photosOf(subject.citizenId, 0), []);
    });

    it('when a card is renewed with the holder’s photo, then the next card runs 10 years, once per reference', async () => {
      const subject = await make();
      const before = await subject.system.idCardOf(subject.citizenId);
      assert.ok(before);
      const photoId = await subject.system.storePhoto({ ownerId: subject.citizenId, contentType: 'image/png', bytes: PNG, reference: crypto.randomUUID() });
      const reference = crypto.randomUUID();
      const renewed = await subject.system.renewIdCard(subject.citizenId, photoId, reference);
      const from = before.expiresOn > subject.today ? before.expiresOn : subject.today;
      assert.equal(renewed.expiresOn, `${Number(from.slice(0, 4)) + 10}${from.slice(4)}`);
      assert.equal(renewed.version, before.version + 1);
      assert.equal(renewed.photoId, photoId);
      assert.equal(renewed.status, 'valid');
      assert.deepEqual(await subject.system.renewIdCard(subject.citizenId, photoId, reference), renewed);
      assert.deepEqual(await subject.system.idCardOf(subject.citizenId), renewed);
    });

    it('when a renewal names someone else’s photo, then it is refused', async () => {
      const subject = await make();
      const photoId = await subject.system.storePhoto({ ownerId: subject.headId, contentType: 'image/png', bytes: PNG, reference: crypto.randomUUID() });
      await assert.rejects(subject.system.renewIdCard(subject.citizenId, photoId, crypto.randomUUID()), refused('photo_missing'));
    });

    it('when five renewals with different references race, then each gets its own version', async () => {
      const subject = await make();
      const before = await subject.system.idCardOf(subject.citizenId);
      const photoId = await subject.system.storePhoto({ ownerId: subject.citizenId, contentType: 'image/png', bytes: PNG, reference: crypto.randomUUID() });
      const cards = await Promise.all(Array.from({ length: 5 }, () => subject.system.renewIdCard(subject.citizenId, photoId, crypto.randomUUID())));
      assert.deepEqual(cards.map((card) => card.version).sort((a, b) => a - b), [1, 2, 3, 4, 5].map((n) => before!.version + n));
    });

    it('when a head’s family is asked for, then every dependent is listed, the same way each time', async () => {
      const subject = await make();
      const members = await subject.system.familyOf(subject.headId);
      assert.deepEqual(members.map((member) => member.idNumber).sort(), [...subject.dependentIds].sort());
      for (const member of members) assert.ok(member.relation === 'spouse' || member.relation === 'child');
      assert.deepEqual(await subject.system.familyOf(subject.headId), members);
      assert.deepEqual(await subject.system.familyOf(subject.citizenId), []);
    });

    it('when a newborn is registered twice with one reference, then one registration is filed; another for the same birth is refused', async () => {
      const subject = await make();
      const submission = { headId: subject.headId, notificationNumber: notification(), nameAr: 'ليان', nameEn: 'Layan', sex: 'F' as const, birthDate: subject.today, reference: crypto.randomUUID() };
      const first = await subject.system.registerNewborn(submission);
      assert.equal(first.status, 'submitted');
      assert.deepEqual(await subject.system.registerNewborn(submission), first);
      await assert.rejects(subject.system.registerNewborn({ ...submission, reference: crypto.randomUUID() }), refused('duplicate_birth'));
      const listed = await subject.system.newbornsOf(subject.headId);
      assert.ok(listed.some((registration) => registration.reference === submission.reference));
    });

    it('when the system is down, then calls reject with CivilAffairsUnavailableError', async (t) => {
      const subject = await make();
      if (!subject.setAvailable) return t.skip('this adapter cannot be switched off');
      subject.setAvailable(false);
      try {
        await assert.rejects(subject.system.idCardOf(subject.citizenId), CivilAffairsUnavailableError);
        await assert.rejects(subject.system.familyOf(subject.headId), CivilAffairsUnavailableError);
      } finally {
        subject.setAvailable(true);
      }
    });
  });
}
