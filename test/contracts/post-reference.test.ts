// Runs the PostSystem contract against the embedded reference post system on a test database, with
// people from the reference civil registry (who has a national address is seeded deterministically).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../helpers/platform.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { ReferenceCivilRegistry } from '../../src/adapters/registry/reference/reference-registry.ts';
import { ReferencePostSystem, s10CheckDigit, seededAddress } from '../../src/adapters/post/reference-post.ts';
import type { RegistryPerson } from '../../src/core/ports.ts';
import { describePostContract } from './post.contract.ts';

describe('reference post system', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  const clock = new FakeClock('2026-01-15T09:00:00Z');
  const registry = new ReferenceCivilRegistry({ seed: 20240101, size: 2000, clock });
  let withAddress: RegistryPerson[] = [];
  let withoutAddress: RegistryPerson[] = [];
  let next = 0;

  before(async () => {
    database = await openTestDatabase();
    const people = await registry.listPeople({});
    withAddress = people.filter((person) => seededAddress(person) !== null);
    withoutAddress = people.filter((person) => seededAddress(person) === null);
  });
  after(async () => {
    await database.drop();
  });

  describePostContract('reference', async () => {
    const system = new ReferencePostSystem({ db: database.db, registry, clock });
    const index = next++;
    return {
      system,
      withAddressId: withAddress[index]!.idNumber,
      withoutAddressId: withoutAddress[index]!.idNumber,
      advance: (ms) => clock.advance(ms),
      setAvailable: (available) => system.setAvailable(available),
    };
  });

  it('when the population is seeded, then most people have a national address and visitors have none', () => {
    const share = withAddress.length / (withAddress.length + withoutAddress.length);
    assert.ok(share > 0.7, `share with an address ${share}`);
    assert.ok(withAddress.every((person) => person.category !== 'visitor'));
  });

  it('when a tracking number is made, then it carries the UPU S10 check digit', () => {
    // The S10 standard's example AA473124829GB: 47312482 → check digit 9.
    assert.equal(s10CheckDigit('47312482'), 9);
  });
});
