// The reference civil registry against the shared port contract, plus the promises of its population
// generator: determinism, unique and well-formed numbers, the edge cases, names in both scripts, sponsors.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeCivilRegistryContract } from '../../../../test/contracts/civil-registry.contract.ts';
import { ageOn, checkEligibility } from '../../../core/identity/eligibility.ts';
import { RegistryUnavailableError, type Clock, type RegistryPerson } from '../../../core/ports.ts';
import { CURATED_COUNT, demoIdentities, generatePopulation } from './population.ts';
import { ReferenceCivilRegistry } from './reference-registry.ts';

const NOW = new Date('2025-03-10T09:00:00Z');
const TODAY = '2025-03-10';
const clock: Clock = { now: () => NOW };

describeCivilRegistryContract('reference', async () => {
  const registry = new ReferenceCivilRegistry({ seed: 7, size: 500, clock });
  const knownPerson = (await registry.listPeople({ limit: 100 }))[57] as RegistryPerson;
  return { registry, knownPerson, setUnavailable: () => registry.setAvailable(false) };
});

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = Number(digits[i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const isMinor = (p: RegistryPerson) => ageOn(p.birthDate, TODAY) < 17;
const EDGE_CASES: Record<string, (p: RegistryPerson) => boolean> = {
  'under 17': isMinor,
  deceased: (p) => p.deceased,
  'cancelled Iqama': (p) => p.category === 'resident' && p.documentStatus === 'cancelled',
  'expired visa': (p) => p.category === 'visitor' && p.visaExpiry !== null && p.visaExpiry < TODAY,
  'dependent without fingerprint': (p) => p.category === 'dependent' && !p.fingerprintEnrolled,
};

describe('generatePopulation', () => {
  const big = generatePopulation({ seed: 2025, size: 20_000, referenceDate: NOW });

  it('when called twice with the same seed, size and reference date, then the output is identical', () => {
    const again = generatePopulation({ seed: 2025, size: 20_000, referenceDate: NOW });
    assert.deepEqual(again, big);
  });

  it('when the reference instant moves within the same Riyadh day, then the output is identical', () => {
    const a = generatePopulation({ seed: 9, size: 300, referenceDate: new Date('2025-03-09T21:00:00Z') });
    const b = generatePopulation({ seed: 9, size: 300, referenceDate: new Date('2025-03-10T20:59:59Z') });
    assert.deepEqual(a, b);
  });

  it('when the seed changes, then the people change', () => {
    const other = generatePopulation({ seed: 2026, size: 100, referenceDate: NOW });
    assert.notDeepEqual(other, big.slice(0, 100));
    assert.notEqual(other[0]?.idNumber, big[0]?.idNumber);
  });

  it('when a smaller population is asked for, then it is a prefix of the larger one', () => {
    assert.deepEqual(generatePopulation({ seed: 2025, size: 1_000, referenceDate: NOW }), big.slice(0, 1_000));
  });

  it('when the size is 0, then there is nobody; when it is invalid, then it throws', () => {
    assert.deepEqual(generatePopulation({ seed: 1, size: 0, referenceDate: NOW }), []);
    assert.throws(() => generatePopulation({ seed: 1, size: -1, referenceDate: NOW }), RangeError);
    assert.throws(() => generatePopulation({ seed: 1, size: 1.5, referenceDate: NOW }), RangeError);
    assert.throws(() => generatePopulation({ seed: Number.NaN, size: 1, referenceDate: NOW }), RangeError);
  });

  it('when generated, then ID numbers, mobiles and passport numbers are unique', () => {
    const ids = new Set(big.map((p) => p.idNumber));
    assert.equal(ids.size, big.length);
    const mobiles = big.map((p) => p.mobile).filter((m): m is string => m !== null);
    assert.equal(new Set(mobiles).size, mobiles.length);
    assert.ok(mobiles.length > big.length * 0.5, 'most people have a mobile');
    assert.ok(mobiles.length < big.length, 'some people have none');
    const passports = big.map((p) => p.passportNumber).filter((m): m is string => m !== null);
    assert.equal(new Set(passports).size, passports.length);
  });

  it('when generated, then every number is well formed for its category', () => {
    for (const p of big) {
      assert.match(p.idNumber, /^\d{10}$/);
      if (p.category === 'citizen') {
        assert.equal(p.idKind, 'national_id');
        assert.equal(p.idNumber[0], '1');
        assert.ok(luhnValid(p.idNumber), p.idNumber);
      } else if (p.category === 'resident' || p.category === 'dependent') {
        assert.equal(p.idKind, 'iqama');
        assert.equal(p.idNumber[0], '2');
        assert.ok(luhnValid(p.idNumber), p.idNumber);
      } else {
        assert.equal(p.idKind, 'border');
        assert.match(p.idNumber, /^[34]/);
      }
      if (p.mobile !== null) assert.match(p.mobile, /^\+9665\d{8}$/);
      if (p.passportNumber !== null) assert.match(p.passportNumber, /^[A-Z]\d{8}$/);
      assert.match(p.birthDate, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(p.birthDate <= TODAY, 'nobody is born after the reference date');
      assert.match(p.documentExpiry, /^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('when generated, then minors have no mobile and every adult without one is a deliberate minority', () => {
    for (const p of big) if (isMinor(p)) assert.equal(p.mobile, null);
    const adults = big.filter((p) => !isMinor(p) && !p.deceased);
    const withMobile = adults.filter((p) => p.mobile !== null).length;
    assert.ok(withMobile / adults.length > 0.85);
  });

  it('when generated, then the category mix is about 55/22/8/5/10 %', () => {
    const expected = { citizen: 0.55, resident: 0.22, visitor: 0.08, gcc: 0.05, dependent: 0.1 };
    for (const [category, share] of Object.entries(expected)) {
      const actual = big.filter((p) => p.category === category).length / big.length;
      assert.ok(Math.abs(actual - share) < 0.02, `${category}: ${actual}`);
    }
  });

  it('when generated, then nationalities fit the categories', () => {
    const gcc = new Set(['ARE', 'KWT', 'BHR', 'QAT', 'OMN']);
    const foreign = new Set(['IND', 'PAK', 'EGY', 'PHL', 'BGD', 'YEM', 'JOR', 'SDN', 'IDN', 'NPL', 'LKA', 'GBR', 'USA']);
    for (const p of big) {
      if (p.category === 'citizen') assert.equal(p.nationality, 'SAU');
      else if (p.category === 'gcc') assert.ok(gcc.has(p.nationality), p.nationality);
      else assert.ok(foreign.has(p.nationality), p.nationality);
      if (p.category !== 'citizen') assert.notEqual(p.passportNumber, null, 'non-citizens hold a passport');
    }
    const citizensWithPassport = big.filter((p) => p.category === 'citizen' && p.passportNumber !== null).length;
    assert.ok(citizensWithPassport > big.filter((p) => p.category === 'citizen').length / 2, 'most citizens hold a passport');
  });

  it('when generated, then every name has Arabic and English forms, citizens with four parts', () => {
    const arabic = /^[\u0621-\u064A]+( [\u0621-\u064A]+)+$/;
    const english = /^[A-Z][a-z]+( [A-Z][a-z]+)+$/;
    for (const p of big) {
      assert.match(p.nameAr, arabic, p.nameAr);
      assert.match(p.nameEn, english, p.nameEn);
      assert.equal(p.nameAr.split(' ').length, p.nameEn.split(' ').length, `${p.nameAr} / ${p.nameEn}`);
      if (p.category === 'citizen') assert.equal(p.nameEn.split(' ').length, 4);
    }
  });

  it('when a dependent is generated, then the sponsor is a living male resident of the same nationality, older than a child', () => {
    const byId = new Map(big.map((p) => [p.idNumber, p]));
    let dependents = 0;
    for (const p of big) {
      if (p.category !== 'dependent') {
        assert.equal(p.sponsorId, null);
        continue;
      }
      dependents++;
      const sponsor = byId.get(p.sponsorId ?? '');
      assert.ok(sponsor, `sponsor of ${p.idNumber} exists`);
      assert.equal(sponsor.category, 'resident');
      assert.equal(sponsor.nationality, p.nationality);
      assert.equal(sponsor.sex, 'M');
      assert.ok(big.indexOf(sponsor) < big.indexOf(p), 'sponsor comes first');
    }
    assert.ok(dependents > 0);
  });

  it('when generated, then visas belong to visitors and document dates are spread out', () => {
    for (const p of big) {
      if (p.category === 'visitor') {
        assert.notEqual(p.visaExpiry, null);
        assert.equal(p.documentExpiry, p.visaExpiry);
      } else {
        assert.equal(p.visaExpiry, null);
      }
      if (p.documentStatus !== 'cancelled') {
        assert.equal(p.documentStatus, p.documentExpiry < TODAY ? 'expired' : 'valid', p.idNumber);
      }
    }
    const cards = big.filter((p) => p.category === 'citizen' || p.category === 'resident');
    const soon = new Date(NOW.getTime() + 180 * 86_400_000).toISOString().slice(0, 10);
    assert.ok(cards.some((p) => p.documentStatus === 'expired'), 'some ID cards / Iqamas have expired');
    assert.ok(cards.some((p) => p.documentExpiry >= TODAY && p.documentExpiry <= soon), 'some expire within 180 days');
    assert.ok(cards.some((p) => p.documentExpiry > '2033-01-01'), 'some run for years');
    assert.ok(cards.every((p) => p.documentExpiry >= '2023-03-10' && p.documentExpiry <= '2035-03-10'));
  });

  it('when generated, then fingerprints are mostly enrolled but not for every dependent', () => {
    const adults = big.filter((p) => !isMinor(p));
    assert.ok(adults.filter((p) => p.fingerprintEnrolled).length / adults.length > 0.85);
    assert.ok(big.some((p) => p.category === 'dependent' && !p.fingerprintEnrolled));
  });

  for (const seed of [1, 2, 3, 42, 0xdeadbeef]) {
    it(`when the population has 50 people (seed ${seed}), then it holds at least five of each edge case`, () => {
      const people = generatePopulation({ seed, size: 50, referenceDate: NOW });
      for (const [label, test] of Object.entries(EDGE_CASES)) {
        assert.ok(people.filter(test).length >= 5, label);
      }
    });
  }

  it('when the reference date is 29 February, then the demo person with a birthday today is exactly 17', () => {
    const leapNow = new Date('2024-02-29T09:00:00Z');
    const people = generatePopulation({ seed: 5, size: CURATED_COUNT, referenceDate: leapNow });
    assert.equal(ageOn(people[8]?.birthDate ?? '', '2024-02-29'), 17);
    assert.equal(ageOn(people[10]?.birthDate ?? '', '2024-02-29'), 16);
    assert.equal(ageOn(people[10]?.birthDate ?? '', '2024-03-01'), 17);
  });

  // Generation speed is measured in bench/, not asserted here.
  it('when 200,000 people are generated, then every ID number is unique', () => {
    const people = generatePopulation({ seed: 11, size: 200_000, referenceDate: NOW });
    assert.equal(people.length, 200_000);
    assert.equal(new Set(people.map((p) => p.idNumber)).size, 200_000);
  });
});

describe('demoIdentities', () => {
  const people = generatePopulation({ seed: 77, size: 1_000, referenceDate: NOW });
  const demo = demoIdentities(people, { today: NOW });

  it('when asked, then it gives an eligible person for each category, the curated ones first', () => {
    assert.equal(demo.eligible.citizen, people[0]);
    assert.equal(demo.eligible.resident, people[1]);
    assert.equal(demo.eligible.visitor, people[2]);
    assert.equal(demo.eligible.gcc, people[3]);
    assert.equal(demo.eligible.dependent, people[4]);
    for (const person of Object.values(demo.eligible)) {
      assert.deepEqual(checkEligibility(person, { today: NOW, minimumAge: 17 }), { eligible: true });
    }
  });

  it('when asked, then it gives a person for each reason the population can show, at fixed positions', () => {
    assert.equal(demo.ineligible.under_age, people[10]);
    assert.equal(demo.ineligible.deceased, people[15]);
    assert.equal(demo.ineligible.document_cancelled, people[20]);
    assert.equal(demo.ineligible.visa_expired, people[25]);
    assert.equal(demo.ineligible.no_fingerprint, people[30]);
    assert.equal(demo.ineligible.category_not_allowed, undefined, 'every generated category is allowed');
    for (const [reason, person] of Object.entries(demo.ineligible)) {
      assert.deepEqual(checkEligibility(person, { today: NOW, minimumAge: 17 }), { eligible: false, reason });
    }
  });

  it('when the curated people are checked, then each group has exactly the outcome it stands for', () => {
    const outcomes = people.slice(0, CURATED_COUNT).map((p) => {
      const r = checkEligibility(p, { today: NOW, minimumAge: 17 });
      return r.eligible ? 'eligible' : r.reason;
    });
    assert.deepEqual(outcomes, [
      ...Array<string>(10).fill('eligible'),
      ...Array<string>(5).fill('under_age'),
      ...Array<string>(5).fill('deceased'),
      ...Array<string>(5).fill('document_cancelled'),
      ...Array<string>(5).fill('visa_expired'),
      ...Array<string>(5).fill('no_fingerprint'),
    ]);
    assert.equal(people[5]?.documentStatus, 'valid');
    assert.equal(people[6]?.documentStatus, 'expired');
    assert.equal(people[7]?.documentStatus, 'expired');
    assert.equal(people[9]?.mobile, null);
  });
});

describe('ReferenceCivilRegistry', () => {
  it('when a mobile is updated, then lookups show it and its previous holder loses it', async () => {
    const registry = new ReferenceCivilRegistry({ seed: 3, size: 100, clock });
    const [a, b] = await registry.listPeople({ category: 'citizen', limit: 2 });
    assert.ok(a && b && b.mobile);
    assert.equal(await registry.updateMobile(a.idNumber, b.mobile), true);
    assert.equal((await registry.findPerson(a.idNumber))?.mobile, b.mobile);
    assert.equal((await registry.findPerson(b.idNumber))?.mobile, null);
    assert.equal(await registry.updateMobile(a.idNumber, null), true);
    assert.equal((await registry.findPerson(a.idNumber))?.mobile, null);
  });

  it('when a mobile update names an unknown person, then it resolves false; a malformed mobile throws', async () => {
    const registry = new ReferenceCivilRegistry({ seed: 3, size: 100, clock });
    assert.equal(await registry.updateMobile('1000000008', '+966500000000'), false);
    const [a] = await registry.listPeople({ limit: 1 });
    await assert.rejects(registry.updateMobile(a?.idNumber ?? '', '0500000000'), TypeError);
  });

  it('when the registry comes back after an outage, then it answers again, and updates fail while it is down', async () => {
    const registry = new ReferenceCivilRegistry({ seed: 3, size: 100, clock });
    const [a] = await registry.listPeople({ limit: 1 });
    assert.ok(a);
    registry.setAvailable(false);
    await assert.rejects(registry.updateMobile(a.idNumber, null), RegistryUnavailableError);
    await assert.rejects(registry.findPerson(a.idNumber), (e: unknown) => e instanceof RegistryUnavailableError && e.name === 'RegistryUnavailableError');
    registry.setAvailable(true);
    assert.deepEqual(await registry.findPerson(a.idNumber), a);
  });

  it('when a latency is set, then answers take at least that long', async () => {
    const registry = new ReferenceCivilRegistry({ seed: 3, size: 10, clock, latencyMs: 30 });
    const started = performance.now();
    await registry.listPeople({ limit: 1 });
    assert.ok(performance.now() - started >= 25);
    registry.setLatency(0);
    assert.throws(() => registry.setLatency(-1), RangeError);
  });

  it('when built, then its population is the generator\'s for the clock\'s date, and a negative limit throws', async () => {
    const registry = new ReferenceCivilRegistry({ seed: 3, size: 60, clock });
    assert.equal(registry.size, 60);
    assert.deepEqual(await registry.listPeople({}), generatePopulation({ seed: 3, size: 60, referenceDate: NOW }));
    await assert.rejects(registry.listPeople({ limit: -1 }), RangeError);
  });
});
