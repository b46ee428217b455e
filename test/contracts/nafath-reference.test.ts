// Runs the NafathGateway contract against the embedded reference Nafath, on a test database
// (in-memory PGlite, or a fresh schema on TEST_DATABASE_URL), with a fake clock and a callback
// receiver that keeps every token pushed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../helpers/platform.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { ReferenceCivilRegistry } from '../../src/adapters/registry/reference/reference-registry.ts';
import { ReferenceNafath } from '../../src/adapters/nafath/reference-nafath.ts';
import { describeNafathGatewayContract } from './nafath-gateway.contract.ts';

describe('reference Nafath', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  const registryClock = new FakeClock('2026-01-15T09:00:00Z');
  const registry = new ReferenceCivilRegistry({ seed: 20240101, size: 400, clock: registryClock });
  let people: string[] = [];
  let notEnrolled: string[] = [];

  before(async () => {
    database = await openTestDatabase();
    const everyone = await registry.listPeople({ limit: 400 });
    people = everyone.filter((person) => person.idKind !== 'border' && !person.deceased).map((person) => person.idNumber);
    const border = everyone.find((person) => person.idKind === 'border');
    const deceased = everyone.find((person) => person.deceased);
    let unknown = 1_000_000_001;
    while (everyone.some((person) => person.idNumber === String(unknown))) unknown += 1;
    notEnrolled = [border?.idNumber, deceased?.idNumber, String(unknown), '12345', 'abc'].filter((id): id is string => id !== undefined);
  });
  after(() => database.drop());

  it('when housekeeping runs, then requests past their time expire with a callback, and what is a day old is forgotten', async () => {
    const clock = new FakeClock('2026-02-01T09:00:00Z');
    const gateway = new ReferenceNafath({ db: database.db, clock, registry, secret: 'contract-test-secret-of-at-least-32-characters' });
    const received: string[] = [];
    gateway.connect(async (token) => {
      received.push(token);
    });
    const person = people.shift()!;
    const request = await gateway.createRequest(person, 'housekeeping');
    clock.advanceSeconds(180);
    assert.equal(await gateway.sweep(), 1);
    assert.equal((await gateway.verifyCallback(received[0]!))?.status, 'expired');
    clock.advanceSeconds(24 * 3600 + 1);
    await gateway.sweep();
    assert.equal(await gateway.status({ nationalId: person, ...request }), null, 'forgotten');
  });

  describeNafathGatewayContract('ReferenceNafath', async () => {
    const clock = new FakeClock('2026-01-15T09:00:00Z');
    const gateway = new ReferenceNafath({ db: database.db, clock, registry, secret: 'contract-test-secret-of-at-least-32-characters' });
    const received: string[] = [];
    gateway.connect(async (token) => {
      received.push(token);
    });
    return {
      gateway,
      clock,
      enrolledPerson: async () => {
        const person = people.shift();
        if (!person) throw new Error('the test registry ran out of people');
        return person;
      },
      notEnrolled: async () => notEnrolled,
      answer: async (nationalId, transactionId, answer) => {
        await gateway.answer(nationalId, transactionId, answer);
      },
      callbacks: () => [...received],
      setAvailable: (available) => gateway.setAvailable(available),
    };
  });
});
