// The shared contract of the CivilRegistry port: every adapter (reference or real) must pass it.
// Guarantees checked: lookups by number (known → that person, unknown → null), well-formed numbers per
// category, listing that honours category, limit and a stable order, copies, and RegistryUnavailableError when down.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  RegistryUnavailableError,
  type CivilRegistry,
  type PersonCategory,
  type RegistryPerson,
} from '../../src/core/ports.ts';

export interface CivilRegistryUnderTest {
  registry: CivilRegistry;
  /** A person the registry holds, exactly as it should answer for them. */
  knownPerson: RegistryPerson;
  /** Make the registry unreachable; when absent the unavailability checks are skipped. */
  setUnavailable?: () => void;
}

const CATEGORIES: readonly PersonCategory[] = ['citizen', 'resident', 'visitor', 'gcc', 'dependent'];

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(i) - 48;
    if ((digits.length - i) % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function withCheckDigit(first9: string): string {
  for (let d = 0; d <= 9; d++) {
    if (luhnValid(first9 + d)) return first9 + d;
  }
  throw new Error('unreachable');
}

/** Valid numbers of the same kind as `near`, none equal to it. */
function unknownCandidates(near: string, count: number): string[] {
  const out: string[] = [];
  for (let i = 1; out.length < count; i++) {
    const body = String((Number(near.slice(1, 9)) + i * 7_919_113) % 100_000_000).padStart(8, '0');
    const candidate = near[0] === '1' || near[0] === '2' ? withCheckDigit(near[0] + body) : `${near[0]}${body}${(i * 3) % 10}`;
    if (candidate !== near) out.push(candidate);
  }
  return out;
}

function expectWellFormed(person: RegistryPerson): void {
  const { idNumber, category, idKind } = person;
  assert.match(idNumber, /^\d{10}$/, `${idNumber} is 10 digits`);
  switch (category) {
    case 'citizen':
      assert.equal(idKind, 'national_id');
      assert.equal(idNumber[0], '1', `citizen ${idNumber} starts with 1`);
      assert.ok(luhnValid(idNumber), `citizen ${idNumber} has a valid check digit`);
      break;
    case 'resident':
    case 'dependent':
      assert.equal(idKind, 'iqama');
      assert.equal(idNumber[0], '2', `${category} ${idNumber} starts with 2`);
      assert.ok(luhnValid(idNumber), `${category} ${idNumber} has a valid check digit`);
      break;
    case 'visitor':
    case 'gcc':
      assert.equal(idKind, 'border');
      assert.ok(idNumber[0] === '3' || idNumber[0] === '4', `${category} ${idNumber} starts with 3 or 4`);
      break;
    default:
      assert.fail(`unknown category ${String(category)}`);
  }
}

export function describeCivilRegistryContract(
  name: string,
  makeRegistry: () => Promise<CivilRegistryUnderTest>,
): void {
  describe(`CivilRegistry contract: ${name}`, () => {
    it('when asked for a known person by number, then it returns that person', async () => {
      const { registry, knownPerson } = await makeRegistry();
      const found = await registry.findPerson(knownPerson.idNumber);
      assert.deepEqual(found, knownPerson);
    });

    it('when asked for a valid number nobody holds, then it returns null (and never someone else)', async () => {
      const { registry, knownPerson } = await makeRegistry();
      let nulls = 0;
      for (const candidate of unknownCandidates(knownPerson.idNumber, 20)) {
        const found = await registry.findPerson(candidate);
        if (found === null) nulls++;
        else assert.equal(found.idNumber, candidate);
      }
      assert.ok(nulls > 0, 'at least one of 20 unused numbers is unknown');
    });

    it('when the caller changes a returned person, then the registry record is unchanged', async () => {
      const { registry, knownPerson } = await makeRegistry();
      const first = await registry.findPerson(knownPerson.idNumber);
      assert.ok(first);
      first.nameEn = 'Changed';
      first.deceased = !first.deceased;
      const listed = await registry.listPeople({ limit: 1 });
      if (listed[0]) listed[0].nameEn = 'Changed too';
      assert.deepEqual(await registry.findPerson(knownPerson.idNumber), knownPerson);
    });

    it('when people are listed, then every ID number has the first digit and check digit of its category', async () => {
      const { registry, knownPerson } = await makeRegistry();
      expectWellFormed(knownPerson);
      for (const category of CATEGORIES) {
        for (const person of await registry.listPeople({ category, limit: 50 })) expectWellFormed(person);
      }
      for (const person of await registry.listPeople({ limit: 200 })) expectWellFormed(person);
    });

    it('when listing by category with a limit, then only that category comes back, at most limit of them', async () => {
      const { registry, knownPerson } = await makeRegistry();
      for (const category of CATEGORIES) {
        const people = await registry.listPeople({ category, limit: 3 });
        assert.ok(people.length <= 3, `${category}: at most 3`);
        for (const person of people) assert.equal(person.category, category);
      }
      const ofKnownCategory = await registry.listPeople({ category: knownPerson.category, limit: 1 });
      assert.equal(ofKnownCategory.length, 1, 'the known person\'s category is not empty');
    });

    it('when listing with a limit, then exactly that many come back when there are enough, and 0 gives none', async () => {
      const { registry } = await makeRegistry();
      const five = await registry.listPeople({ limit: 5 });
      assert.ok(five.length >= 1 && five.length <= 5);
      const two = await registry.listPeople({ limit: 2 });
      assert.equal(two.length, Math.min(2, five.length));
      assert.deepEqual(await registry.listPeople({ limit: 0 }), []);
    });

    it('when listing twice, then the order is the same', async () => {
      const { registry } = await makeRegistry();
      const first = await registry.listPeople({ limit: 20 });
      const second = await registry.listPeople({ limit: 20 });
      assert.deepEqual(second.map((p) => p.idNumber), first.map((p) => p.idNumber));
      const citizensFirst = first.filter((p) => p.category === 'citizen').map((p) => p.idNumber);
      if (citizensFirst.length > 0) {
        const citizens = await registry.listPeople({ category: 'citizen', limit: citizensFirst.length });
        assert.deepEqual(citizens.map((p) => p.idNumber), citizensFirst, 'filtering keeps the same order');
      }
      const fewer = await registry.listPeople({ limit: 7 });
      assert.deepEqual(fewer.map((p) => p.idNumber), first.slice(0, fewer.length).map((p) => p.idNumber), 'a smaller limit is a prefix');
    });

    it('when the registry is unavailable, then lookups and listings reject with RegistryUnavailableError', async (t) => {
      const { registry, knownPerson, setUnavailable } = await makeRegistry();
      if (!setUnavailable) {
        t.skip('this adapter cannot be made unavailable');
        return;
      }
      setUnavailable();
      await assert.rejects(registry.findPerson(knownPerson.idNumber), RegistryUnavailableError);
      await assert.rejects(registry.listPeople({ limit: 1 }), RegistryUnavailableError);
    });
  });
}
