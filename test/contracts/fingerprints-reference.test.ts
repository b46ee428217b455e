// Runs the FingerprintMatcher contract against the reference registry's fingerprint templates, and
// checks what the reference promises beyond it: templates are deterministic (same seed, same
// template, in any process) and differ between people.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../src/core/clock.ts';
import { ReferenceCivilRegistry } from '../../src/adapters/registry/reference/reference-registry.ts';
import { ReferenceFingerprints } from '../../src/adapters/registry/reference/fingerprints.ts';
import { describeFingerprintMatcherContract } from './fingerprint-matcher.contract.ts';

const clock = new FakeClock('2026-01-15T09:00:00Z');
const registry = new ReferenceCivilRegistry({ seed: 20240101, size: 400, clock });
const people = await registry.listPeople({});
const enrolled = people.find((person) => person.fingerprintEnrolled)!;
const notEnrolled = people.find((person) => !person.fingerprintEnrolled)!;

describeFingerprintMatcherContract('reference registry templates', async () => {
  const fingerprints = new ReferenceFingerprints({ registry, seed: 20240101 });
  return {
    matcher: fingerprints,
    read: (idNumber, finger) => fingerprints.present(idNumber, finger),
    enrolledId: enrolled.idNumber,
    notEnrolledId: notEnrolled.idNumber,
    unknownId: '1000000008',
    setAvailable: (available) => registry.setAvailable(available),
  };
});

describe('reference fingerprint templates', () => {
  it('when two instances share the seed, then a person’s template is the same; people’s templates differ', async () => {
    const a = new ReferenceFingerprints({ registry, seed: 20240101 });
    const b = new ReferenceFingerprints({ registry, seed: 20240101 });
    assert.deepEqual(await a.template(enrolled.idNumber), await b.template(enrolled.idNumber));
    const other = people.filter((person) => person.fingerprintEnrolled)[1]!;
    assert.notDeepEqual(await a.template(enrolled.idNumber), await a.template(other.idNumber));
    assert.equal(await a.template(notEnrolled.idNumber), null);
  });

  it('when another seed is used, then the enrolled finger of the first does not match', async () => {
    const a = new ReferenceFingerprints({ registry, seed: 20240101 });
    const b = new ReferenceFingerprints({ registry, seed: 7 });
    assert.equal(await b.match(enrolled.idNumber, await a.present(enrolled.idNumber, 'matching')), 'no_match');
  });
});
