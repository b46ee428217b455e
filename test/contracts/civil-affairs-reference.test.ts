// Runs the CivilAffairsSystem contract against the embedded reference civil affairs system on a
// test database, each run with its own citizen and family head from the reference civil registry.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../helpers/platform.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { ReferenceCivilRegistry } from '../../src/adapters/registry/reference/reference-registry.ts';
import { ReferenceCivilAffairsSystem, seededIdCard } from '../../src/adapters/civil-affairs/reference-civil-affairs.ts';
import { today } from '../../src/core/services/sectors/calendar.ts';
import type { RegistryPerson } from '../../src/core/ports.ts';
import { describeCivilAffairsContract } from './civil-affairs.contract.ts';

describe('reference civil affairs system', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  const clock = new FakeClock('2026-01-15T09:00:00Z');
  const registry = new ReferenceCivilRegistry({ seed: 20240101, size: 2000, clock });
  const day = today(clock.now());
  const citizens: RegistryPerson[] = [];
  const families: Array<{ head: RegistryPerson; dependents: string[] }> = [];
  let resident: RegistryPerson;

  before(async () => {
    database = await openTestDatabase();
    const people = await registry.listPeople({});
    for (const person of people) if (person.category === 'citizen' && person.documentStatus !== 'cancelled' && !person.deceased) citizens.push(person);
    const bySponsor = new Map<string, string[]>();
    for (const person of people) {
      if (person.category === 'dependent' && person.sponsorId && !person.deceased) bySponsor.set(person.sponsorId, [...(bySponsor.get(person.sponsorId) ?? []), person.idNumber]);
    }
    const byId = new Map(people.map((person) => [person.idNumber, person]));
    for (const [sponsorId, dependents] of bySponsor) families.push({ head: byId.get(sponsorId)!, dependents });
    resident = people.find((person) => person.category === 'resident')!;
  });
  after(() => database.drop());

  it('when the registry is generated, then it offers enough citizens and families', () => {
    assert.ok(citizens.length >= 10);
    assert.ok(families.length >= 8, `${families.length} families`);
    assert.equal(seededIdCard(resident), null);
  });

  let next = 0;
  describeCivilAffairsContract('ReferenceCivilAffairsSystem', async () => {
    const citizen = citizens[next]!;
    const family = families[next]!;
    next += 1;
    const system = new ReferenceCivilAffairsSystem({ db: database.db, registry, clock });
    return {
      system,
      today: day,
      citizenId: citizen.idNumber,
      headId: family.head.idNumber,
      dependentIds: family.dependents,
      residentWithoutCardId: resident.idNumber,
      setAvailable: (available) => system.setAvailable(available),
    };
  });
});
