// Runs the PassportsSystem contract against the embedded reference passports system, on a test
// database (a clone of a migrated in-memory PGlite, or a fresh schema on the PostgreSQL server), with
// people picked from the reference civil registry so that each run of a contract test has its own.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../helpers/platform.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { ReferenceCivilRegistry } from '../../src/adapters/registry/reference/reference-registry.ts';
import { ReferencePassportsSystem, seededIqama, seededPassport } from '../../src/adapters/passports/reference-passports.ts';
import { daysBetween, today } from '../../src/core/services/sectors/calendar.ts';
import type { RegistryPerson } from '../../src/core/ports.ts';
import { describePassportsContract } from './passports.contract.ts';

describe('reference passports system', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  const clock = new FakeClock('2026-01-15T09:00:00Z');
  const registry = new ReferenceCivilRegistry({ seed: 20240101, size: 2000, clock });
  const day = today(clock.now());
  const pairs: Array<{ sponsor: RegistryPerson; dependent: RegistryPerson; short?: RegistryPerson }> = [];
  const unpaid: RegistryPerson[] = [];
  let citizen: RegistryPerson;

  before(async () => {
    database = await openTestDatabase();
    const people = await registry.listPeople({});
    const byId = new Map(people.map((person) => [person.idNumber, person]));
    const goodPassport = (person: RegistryPerson) => {
      const passport = seededPassport(person, day);
      return passport !== null && daysBetween(day, passport.expiresOn) >= 90;
    };
    const shortBySponsor = new Map<string, RegistryPerson>();
    for (const person of people) {
      const passport = seededPassport(person, day);
      if (person.category === 'dependent' && person.sponsorId && person.documentStatus === 'valid' && passport && daysBetween(day, passport.expiresOn) < 90 && daysBetween(day, passport.expiresOn) >= 0) {
        shortBySponsor.set(person.sponsorId, person);
      }
    }
    for (const person of people) {
      if (person.category !== 'dependent' || !person.sponsorId || person.documentStatus !== 'valid' || person.deceased || !goodPassport(person)) continue;
      const sponsor = byId.get(person.sponsorId);
      if (!sponsor || pairs.some((pair) => pair.dependent.idNumber === person.idNumber)) continue;
      const short = shortBySponsor.get(sponsor.idNumber);
      pairs.push({ sponsor, dependent: person, ...(short ? { short } : {}) });
    }
    // Pairs with a short-passport sibling first, so the refusal is exercised.
    pairs.sort((a, b) => Number(Boolean(b.short)) - Number(Boolean(a.short)));
    for (const person of people) {
      const iqama = seededIqama(person);
      if (person.category === 'resident' && iqama && iqama.status === 'valid' && iqama.feesPaidThrough === null) unpaid.push(person);
    }
    citizen = people.find((person) => person.category === 'citizen')!;
  });
  after(() => database.drop());

  it('when the registry is generated, then it offers enough people for the contract', () => {
    assert.ok(pairs.length >= 8, `${pairs.length} sponsor/dependent pairs`);
    assert.ok(pairs[0]?.short, 'a sponsor with a dependent whose passport is short');
    assert.ok(unpaid.length >= 8);
  });

  it('when the same person is asked for twice, from two instances, then the seeded records are identical', async () => {
    const pair = pairs.at(-1)!;
    const first = new ReferencePassportsSystem({ db: database.db, registry, clock, referenceDate: clock.now() });
    const second = new ReferencePassportsSystem({ db: database.db, registry, clock, referenceDate: clock.now() });
    const [a, b] = await Promise.all([first.passportOf(pair.dependent.idNumber), second.passportOf(pair.dependent.idNumber)]);
    assert.deepEqual(a, b);
    assert.deepEqual(a, seededPassport(pair.dependent, day));
  });

  let next = 0;
  describePassportsContract('ReferencePassportsSystem', async () => {
    const pair = pairs[next]!;
    const resident = unpaid[next]!;
    next += 1;
    const system = new ReferencePassportsSystem({ db: database.db, registry, clock, referenceDate: clock.now() });
    return {
      system,
      today: day,
      sponsorId: pair.sponsor.idNumber,
      dependentId: pair.dependent.idNumber,
      ...(pair.short ? { shortPassportDependentId: pair.short.idNumber } : {}),
      unpaidResidentId: resident.idNumber,
      citizenId: citizen.idNumber,
      unknownId: '2999999990',
      setAvailable: (available) => system.setAvailable(available),
    };
  });
});
