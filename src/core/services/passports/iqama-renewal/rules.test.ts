import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { iqamaFeeHalalas, iqamaRenewalProblems, renewedIqamaExpiry } from './rules.ts';
import type { IqamaRecord } from '../../sectors/passports.ts';

const today = '2026-01-15';
const iqama = (change: Partial<IqamaRecord> = {}): IqamaRecord => ({
  number: '2000000006',
  holderId: '2000000006',
  sponsorId: null,
  expiresOn: '2026-03-01',
  status: 'valid',
  feesPaidThrough: null,
  ...change,
});
const codes = (problems: Array<{ code: string }>) => problems.map((problem) => problem.code);

describe('Iqama renewal rules', () => {
  it('when a resident’s Iqama expires within 180 days, then it may be renewed', () => {
    assert.deepEqual(iqamaRenewalProblems(iqama(), today), []);
    assert.deepEqual(iqamaRenewalProblems(iqama({ expiresOn: '2026-07-14' }), today), []);
  });

  it('when more than 180 days are left, then it is too early', () => {
    assert.deepEqual(codes(iqamaRenewalProblems(iqama({ expiresOn: '2026-07-15' }), today)), ['passports.iqama_renewal.too_early']);
  });

  it('when the Iqama has expired, then it may still be renewed, from today', () => {
    assert.deepEqual(iqamaRenewalProblems(iqama({ expiresOn: '2025-10-01', status: 'expired' }), today), []);
    assert.equal(renewedIqamaExpiry(iqama({ expiresOn: '2025-10-01', status: 'expired' }), 1, today), '2027-01-15');
    assert.equal(renewedIqamaExpiry(iqama(), 2, today), '2028-03-01');
  });

  it('when the Iqama is cancelled, belongs to a dependent, or does not exist, then it is refused', () => {
    assert.deepEqual(codes(iqamaRenewalProblems(iqama({ status: 'cancelled' }), today)), ['passports.iqama_renewal.cancelled']);
    assert.deepEqual(codes(iqamaRenewalProblems(iqama({ sponsorId: '2111111114' }), today)), ['passports.iqama_renewal.dependent']);
    assert.deepEqual(codes(iqamaRenewalProblems(null, today)), ['passports.iqama_renewal.none']);
  });

  it('when no fees are paid, then the fee is 650 SAR a year', () => {
    assert.equal(iqamaFeeHalalas(iqama(), 1, today), 65_000);
    assert.equal(iqamaFeeHalalas(iqama(), 2, today), 130_000);
  });

  it('when the fees are paid through the new expiry, then there is nothing to pay; paid for less, the full fee', () => {
    assert.equal(iqamaFeeHalalas(iqama({ feesPaidThrough: '2027-03-01' }), 1, today), 0);
    assert.equal(iqamaFeeHalalas(iqama({ feesPaidThrough: '2027-03-01' }), 2, today), 130_000);
    assert.equal(iqamaFeeHalalas(iqama({ feesPaidThrough: '2027-02-28' }), 1, today), 65_000);
  });
});
