// Table-driven tests for checkEligibility: each rule alone, the order when several fail, calendar-date
// age (birthday today, 29 February, Riyadh midnight) and the boundaries of visa validity.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RegistryPerson } from '../ports.ts';
import { ageOn, checkEligibility, riyadhCalendarDate, type EligibilityResult } from './eligibility.ts';

// Noon in Riyadh on 2025-03-10.
const TODAY = new Date('2025-03-10T09:00:00Z');

function person(overrides: Partial<RegistryPerson> = {}): RegistryPerson {
  return {
    idNumber: '1000000008',
    idKind: 'national_id',
    category: 'citizen',
    nameAr: 'سالم عبدالله محمد الحربي',
    nameEn: 'Salem Abdullah Mohammed Alharbi',
    birthDate: '1990-05-01',
    sex: 'M',
    nationality: 'SAU',
    mobile: '+966512345678',
    fingerprintEnrolled: true,
    deceased: false,
    documentStatus: 'valid',
    documentExpiry: '2030-01-01',
    visaExpiry: null,
    sponsorId: null,
    passportNumber: null,
    ...overrides,
  };
}

const visitor = (o: Partial<RegistryPerson> = {}) =>
  person({ category: 'visitor', idKind: 'border', idNumber: '3000000001', nationality: 'GBR', visaExpiry: '2025-06-01', ...o });
const dependent = (o: Partial<RegistryPerson> = {}) =>
  person({ category: 'dependent', idKind: 'iqama', idNumber: '2000000006', nationality: 'IND', sponsorId: '2000000014', ...o });

const ok: EligibilityResult = { eligible: true };
const no = (reason: Exclude<EligibilityResult, { eligible: true }>['reason']): EligibilityResult => ({ eligible: false, reason });

type Row = { when: string; person: RegistryPerson; today?: Date; minimumAge?: number; expected: EligibilityResult };

const rows: Row[] = [
  // each category, all rules met
  { when: 'an adult citizen with a valid ID', person: person(), expected: ok },
  { when: 'an adult resident with a valid Iqama', person: person({ category: 'resident', idKind: 'iqama', idNumber: '2000000014' }), expected: ok },
  { when: 'a visitor with a visa valid for months', person: visitor(), expected: ok },
  { when: 'a GCC citizen', person: person({ category: 'gcc', idKind: 'border', idNumber: '4000000009', nationality: 'KWT' }), expected: ok },
  { when: 'a dependent with a fingerprint', person: dependent(), expected: ok },

  // documents
  { when: 'a citizen whose ID card has expired', person: person({ documentStatus: 'expired', documentExpiry: '2024-01-01' }), expected: ok },
  { when: 'a resident whose Iqama has expired', person: person({ category: 'resident', documentStatus: 'expired', documentExpiry: '2023-01-01' }), expected: ok },
  { when: 'a resident whose Iqama is cancelled', person: person({ category: 'resident', documentStatus: 'cancelled' }), expected: no('document_cancelled') },
  { when: 'a citizen whose ID is cancelled', person: person({ documentStatus: 'cancelled' }), expected: no('document_cancelled') },

  // life
  { when: 'a deceased citizen', person: person({ deceased: true }), expected: no('deceased') },

  // age, on calendar dates in Riyadh
  { when: 'a citizen whose 17th birthday is today', person: person({ birthDate: '2008-03-10' }), expected: ok },
  { when: 'a citizen whose 17th birthday is tomorrow', person: person({ birthDate: '2008-03-11' }), expected: no('under_age') },
  { when: 'a citizen who turned 17 yesterday', person: person({ birthDate: '2008-03-09' }), expected: ok },
  { when: 'a child of ten', person: person({ birthDate: '2015-01-01' }), expected: no('under_age') },
  { when: 'a newborn', person: person({ birthDate: '2025-03-10' }), expected: no('under_age') },
  {
    when: 'it is 23:30 UTC the day before the 17th birthday (already the birthday in Riyadh)',
    person: person({ birthDate: '2008-03-10' }),
    today: new Date('2025-03-09T21:30:00Z'),
    expected: ok,
  },
  {
    when: 'it is 20:59 UTC the day before the 17th birthday (still the day before in Riyadh)',
    person: person({ birthDate: '2008-03-10' }),
    today: new Date('2025-03-09T20:59:59Z'),
    expected: no('under_age'),
  },
  { when: 'born 29 Feb, on 28 Feb of the common year they turn 17', person: person({ birthDate: '2008-02-29' }), today: new Date('2025-02-28T09:00:00Z'), expected: no('under_age') },
  { when: 'born 29 Feb, on 1 Mar of the common year they turn 17', person: person({ birthDate: '2008-02-29' }), today: new Date('2025-03-01T09:00:00Z'), expected: ok },
  { when: 'the minimum age is configured to 18 and the person is 17', person: person({ birthDate: '2008-01-01' }), minimumAge: 18, expected: no('under_age') },
  { when: 'the minimum age is configured to 15 and the person is 16', person: person({ birthDate: '2009-01-01' }), minimumAge: 15, expected: ok },
  { when: 'the birth date is malformed', person: person({ birthDate: 'unknown' }), expected: no('under_age') },

  // visitors
  { when: 'a visitor whose visa expires today', person: visitor({ visaExpiry: '2025-03-10' }), expected: ok },
  { when: 'a visitor whose visa expired yesterday', person: visitor({ visaExpiry: '2025-03-09' }), expected: no('visa_expired') },
  { when: 'a visitor with no visa on record', person: visitor({ visaExpiry: null }), expected: no('visa_expired') },
  { when: 'a visitor without a fingerprint (only dependents need one)', person: visitor({ fingerprintEnrolled: false }), expected: ok },

  // dependents
  { when: 'a dependent without a fingerprint', person: dependent({ fingerprintEnrolled: false }), expected: no('no_fingerprint') },
  { when: 'a citizen without a fingerprint (only dependents need one)', person: person({ fingerprintEnrolled: false }), expected: ok },

  // categories
  { when: 'the category is not one the registry knows', person: person({ category: 'diplomat' as RegistryPerson['category'] }), expected: no('category_not_allowed') },

  // order when several rules fail
  { when: 'deceased, cancelled and under age', person: person({ deceased: true, documentStatus: 'cancelled', birthDate: '2020-01-01' }), expected: no('deceased') },
  { when: 'cancelled and under age', person: person({ documentStatus: 'cancelled', birthDate: '2020-01-01' }), expected: no('document_cancelled') },
  { when: 'a visitor under age with an expired visa', person: visitor({ birthDate: '2015-01-01', visaExpiry: '2024-01-01' }), expected: no('under_age') },
  { when: 'a visitor with a cancelled visa that has also expired', person: visitor({ documentStatus: 'cancelled', visaExpiry: '2024-01-01' }), expected: no('document_cancelled') },
  { when: 'a dependent child without a fingerprint', person: dependent({ birthDate: '2019-01-01', fingerprintEnrolled: false }), expected: no('under_age') },
  { when: 'a deceased dependent without a fingerprint', person: dependent({ deceased: true, fingerprintEnrolled: false }), expected: no('deceased') },
  { when: 'a dependent with a cancelled Iqama and no fingerprint', person: dependent({ documentStatus: 'cancelled', fingerprintEnrolled: false }), expected: no('document_cancelled') },
];

describe('checkEligibility', () => {
  for (const row of rows) {
    it(`when ${row.when}, then ${row.expected.eligible ? 'eligible' : `ineligible (${row.expected.reason})`}`, () => {
      const result = checkEligibility(row.person, { today: row.today ?? TODAY, minimumAge: row.minimumAge ?? 17 });
      assert.deepEqual(result, row.expected);
    });
  }

  it('when visitors are not an allowed category by configuration, then a visitor with an expired visa is category_not_allowed', () => {
    const result = checkEligibility(visitor({ visaExpiry: '2024-01-01' }), {
      today: TODAY,
      minimumAge: 17,
      allowedCategories: ['citizen', 'resident', 'gcc', 'dependent'],
    });
    assert.deepEqual(result, no('category_not_allowed'));
  });
});

describe('calendar helpers', () => {
  const cases: [string, string, number][] = [
    ['2000-01-01', '2017-01-01', 17],
    ['2000-01-02', '2017-01-01', 16],
    ['2000-12-31', '2017-12-30', 16],
    ['2000-02-29', '2017-02-28', 16],
    ['2000-02-29', '2017-03-01', 17],
    ['2000-02-29', '2020-02-29', 20],
  ];
  for (const [birth, on, age] of cases) {
    it(`when born ${birth}, then on ${on} the age is ${age}`, () => {
      assert.equal(ageOn(birth, on), age);
    });
  }

  it('when it is 21:00 UTC, then the Riyadh date is already the next day', () => {
    assert.equal(riyadhCalendarDate(new Date('2025-12-31T21:00:00Z')), '2026-01-01');
    assert.equal(riyadhCalendarDate(new Date('2025-12-31T20:59:59Z')), '2025-12-31');
  });

  it('when the date is invalid, then it throws', () => {
    assert.throws(() => riyadhCalendarDate(new Date('nope')), RangeError);
  });
});
