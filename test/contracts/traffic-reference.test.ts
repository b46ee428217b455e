// Runs the TrafficSystem contract against the embedded reference traffic system on a test database,
// with drivers from the reference civil registry; and checks that its seeding is deterministic.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../helpers/platform.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { ReferenceCivilRegistry } from '../../src/adapters/registry/reference/reference-registry.ts';
import { ReferenceTrafficSystem, seededTraffic } from '../../src/adapters/traffic/reference-traffic.ts';
import { addDays, today } from '../../src/core/services/sectors/calendar.ts';
import type { RegistryPerson } from '../../src/core/ports.ts';
import { describeTrafficContract } from './traffic.contract.ts';

describe('reference traffic system', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  const clock = new FakeClock('2026-01-15T09:00:00Z');
  const registry = new ReferenceCivilRegistry({ seed: 20240101, size: 2000, clock });
  const day = today(clock.now());
  let drivers: RegistryPerson[] = [];
  let next = 0;

  before(async () => {
    database = await openTestDatabase();
    drivers = (await registry.listPeople({})).filter((person) => seededTraffic(person, day).licence?.status === 'valid');
  });
  after(async () => {
    await database.drop();
  });

  describeTrafficContract('reference', async () => {
    const system = new ReferenceTrafficSystem({ db: database.db, registry, clock, referenceDate: clock.now() });
    const holder = drivers[next++]!;
    const other = drivers[next++]!;
    const arranged = await system.arrange(holder.idNumber, {
      licence: { expiresOn: addDays(day, 400) },
      violations: [{ occurredOn: addDays(day, -3) }, { occurredOn: addDays(day, -10), kind: 'parking' }, { occurredOn: addDays(day, -20), kind: 'seat_belt' }],
      vehicles: [{ registrationExpiresOn: addDays(day, 200) }],
    });
    await system.arrange(other.idNumber, { violations: [{ occurredOn: addDays(day, -5) }] });
    return { system, holderId: holder.idNumber, vehicleSerial: arranged[3]!, otherId: other.idNumber, unknownId: '1999999990', setAvailable: (available) => system.setAvailable(available) };
  });

  it('when the same person is seeded from two systems, then the records are the same, and about a fifth to a third of drivers can renew', async () => {
    const person = drivers[0]!;
    assert.deepEqual(seededTraffic(person, day), seededTraffic(person, day));
    const renewable = drivers.filter((driver) => {
      const licence = seededTraffic(driver, day).licence!;
      return licence.expiresOn < addDays(day, 180);
    });
    const share = renewable.length / drivers.length;
    assert.ok(share > 0.1 && share < 0.4, `share of renewable licences ${share}`);
    const withViolations = drivers.filter((driver) => seededTraffic(driver, day).violations.length > 0).length / drivers.length;
    assert.ok(withViolations > 0.3 && withViolations < 0.8, `share with violations ${withViolations}`);
  });

  it('when a dispute is left to the department, then it is decided five days after filing, the same way every time', async () => {
    const reviewClock = new FakeClock('2026-01-15T09:00:00Z');
    const system = new ReferenceTrafficSystem({ db: database.db, registry, clock: reviewClock, referenceDate: reviewClock.now() });
    const person = drivers[drivers.length - 1]!;
    const [number] = await system.arrange(person.idNumber, { violations: [{ occurredOn: addDays(day, -2) }] });
    const filed = await system.fileDispute({ holderId: person.idNumber, violationNumber: number!, reason: 'not my car', reference: crypto.randomUUID() });
    reviewClock.advance(5 * 86_400_000 - 1000);
    assert.equal((await system.disputesOf(person.idNumber))[0]!.status, 'under_review');
    reviewClock.advance(2000);
    const [decided] = await system.disputesOf(person.idNumber);
    assert.ok(decided!.status === 'accepted' || decided!.status === 'rejected');
    assert.equal(decided!.decidedAt!.getTime(), reviewClock.now().getTime() - 1000);
    const violation = (await system.violationsOf(person.idNumber))[0]!;
    assert.equal(violation.status, decided!.status === 'accepted' ? 'cancelled' : 'unpaid');
    assert.equal(decided!.id, filed.id);
  });

  it('when two processes seed one person at once, then one copy of the records exists', async () => {
    const a = new ReferenceTrafficSystem({ db: database.db, registry, clock, referenceDate: clock.now() });
    const b = new ReferenceTrafficSystem({ db: database.db, registry, clock, referenceDate: clock.now() });
    const person = drivers.find((driver) => seededTraffic(driver, day).violations.length > 0 && !drivers.slice(0, next).includes(driver))!;
    const [one, two] = await Promise.all([a.violationsOf(person.idNumber), b.violationsOf(person.idNumber)]);
    assert.equal(one.length, seededTraffic(person, day).violations.length);
    assert.deepEqual(one, two);
  });
});
