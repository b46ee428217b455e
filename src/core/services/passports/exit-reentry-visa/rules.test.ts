import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exitReentryProblems, visaFeeHalalas, type DependentRecords } from './rules.ts';
import { exitReentryForm } from './form.ts';

const today = '2026-01-15';
const records = (change: Partial<DependentRecords> = {}): DependentRecords => ({
  onFamilyRecord: true,
  sponsorIqama: { number: '2000000006', holderId: '2000000006', sponsorId: null, expiresOn: '2026-12-01', status: 'valid', feesPaidThrough: null },
  iqama: { number: '2111111114', holderId: '2111111114', sponsorId: '2000000006', expiresOn: '2026-12-01', status: 'valid', feesPaidThrough: null },
  passport: { number: 'A1234567', holderId: '2111111114', issuingCountry: 'IND', issuedOn: '2021-04-15', expiresOn: '2026-04-15', status: 'valid' },
  visas: [],
  ...change,
});
const codes = (problems: Array<{ code: string }>) => problems.map((problem) => problem.code);

describe('exit/re-entry visa rules', () => {
  it('when every record is in order and the passport has exactly 90 days left, then the visa may be issued', () => {
    assert.deepEqual(exitReentryProblems(records(), today), []);
  });

  it('when the passport has 89 days left, then it is too short', () => {
    const short = records({ passport: { ...records().passport!, expiresOn: '2026-04-14' } });
    assert.deepEqual(exitReentryProblems(short, today), [{ code: 'passports.exit_reentry_visa.passport_short', params: { days: 89, minimum: 90 } }]);
  });

  it('when the passport is missing or cancelled, then it is refused', () => {
    assert.deepEqual(codes(exitReentryProblems(records({ passport: null }), today)), ['passports.exit_reentry_visa.passport_missing']);
    assert.deepEqual(codes(exitReentryProblems(records({ passport: { ...records().passport!, status: 'cancelled' } }), today)), ['passports.exit_reentry_visa.passport_missing']);
  });

  it('when the person is not on the requester’s family record, then nothing else is checked', () => {
    assert.deepEqual(codes(exitReentryProblems(records({ onFamilyRecord: false, passport: null }), today)), ['passports.exit_reentry_visa.not_a_member']);
  });

  it('when the dependent’s or the sponsor’s Iqama is not valid, then each is reported', () => {
    const both = records({ iqama: { ...records().iqama!, status: 'expired' }, sponsorIqama: { ...records().sponsorIqama!, status: 'cancelled' } });
    assert.deepEqual(codes(exitReentryProblems(both, today)), ['passports.exit_reentry_visa.sponsor_iqama_invalid', 'passports.exit_reentry_visa.iqama_invalid']);
  });

  it('when a live visa exists, then another is refused; a used or expired one does not count', () => {
    const visa = { number: '1', holderId: '2111111114', requestedBy: '2000000006', kind: 'exit_reentry_single' as const, issuedOn: today, leaveBy: '2026-04-15', durationDays: 60, reference: 'r' };
    assert.deepEqual(codes(exitReentryProblems(records({ visas: [{ ...visa, status: 'issued' }] }), today)), ['passports.exit_reentry_visa.exists']);
    assert.deepEqual(exitReentryProblems(records({ visas: [{ ...visa, status: 'used' }, { ...visa, status: 'expired' }] }), today), []);
  });

  it('when the type and months are chosen, then they must be within the type’s range', () => {
    const issues = (raw: Record<string, unknown>) => {
      const parsed = exitReentryForm.safeParse(raw);
      return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}:${issue.message}`);
    };
    assert.deepEqual(issues({ dependent: '2111111114', kind: 'single', months: '2' }), []);
    assert.deepEqual(issues({ dependent: '2111111114', kind: 'multiple', months: '12' }), []);
    assert.deepEqual(issues({ dependent: '2111111114', kind: 'single', months: '1' }), ['months:passports.exit_reentry_visa.months_range']);
    assert.deepEqual(issues({ dependent: '2111111114', kind: 'multiple', months: '2' }), ['months:passports.exit_reentry_visa.months_range']);
    assert.deepEqual(issues({ dependent: '2111111114', kind: 'single', months: '13' }), ['months:passports.exit_reentry_visa.months_range']);
    assert.deepEqual(issues({ dependent: '2111111114', kind: 'single', months: '2.5' }), ['months:passports.exit_reentry_visa.months_range']);
    assert.deepEqual(issues({ dependent: '', kind: 'triple', months: '3' }), ['dependent:passports.exit_reentry_visa.dependent_required', 'kind:passports.exit_reentry_visa.kind_required']);
  });

  it('when the fee is computed, then single is 200 SAR for 2 months + 100 a month, multiple 500 SAR for 3 months + 200 a month', () => {
    assert.equal(visaFeeHalalas('single', 2), 20_000);
    assert.equal(visaFeeHalalas('single', 6), 60_000);
    assert.equal(visaFeeHalalas('multiple', 3), 50_000);
    assert.equal(visaFeeHalalas('multiple', 6), 110_000);
  });
});
