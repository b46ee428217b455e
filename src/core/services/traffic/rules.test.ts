import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  disputeProblem,
  finesProblem,
  licenceFeeHalalas,
  licenceProblem,
  medicalProblem,
  paymentProblems,
  rejectedLimitProblem,
  rejectedThisHijriYear,
  totalHalalas,
} from './rules.ts';
import { hijriYear } from '../hijri.ts';
import type { DisputeRecord, DrivingLicenceRecord, MedicalCheckRecord, ViolationRecord } from '../sectors/traffic.ts';

const today = '2026-11-22';
const violation = (change: Partial<ViolationRecord> = {}): ViolationRecord => ({
  number: '100000000001',
  offenderId: '1000000008',
  kind: 'speeding',
  plateEn: '1234 ABC',
  city: 'riyadh',
  occurredOn: '2026-11-10',
  amountHalalas: 30_000,
  status: 'unpaid',
  paidReference: null,
  ...change,
});
const dispute = (change: Partial<DisputeRecord> = {}): DisputeRecord => ({
  id: crypto.randomUUID(),
  violationNumber: '100000000099',
  holderId: '1000000008',
  reason: 'the camera misread the plate',
  status: 'rejected',
  filedOn: '2026-11-01',
  decidedAt: new Date('2026-11-05T10:00:00Z'),
  reference: crypto.randomUUID(),
  ...change,
});
const licence = (change: Partial<DrivingLicenceRecord> = {}): DrivingLicenceRecord => ({
  number: '1000000008',
  holderId: '1000000008',
  category: 'private',
  issuedOn: '2017-01-01',
  expiresOn: '2027-01-01',
  status: 'valid',
  version: 1,
  ...change,
});
const check = (change: Partial<MedicalCheckRecord> = {}): MedicalCheckRecord => ({ id: 'MC1', holderId: '1000000008', clinic: 'Clinic', checkedOn: '2026-11-01', result: 'fit', ...change });
const ids = (problems: Array<{ id: string }>) => problems.map((problem) => problem.id);

describe('traffic rules: paying violations', () => {
  it('when the chosen violations are the holder’s and unpaid, then they may be paid, for their total', () => {
    const list = [violation(), violation({ number: '100000000002', amountHalalas: 300_000 })];
    assert.deepEqual(paymentProblems(['100000000001', '100000000002'], list, []), []);
    assert.equal(totalHalalas(list), 330_000);
  });

  it('when a chosen violation is unknown, paid, cancelled or under dispute, then it cannot be paid', () => {
    assert.deepEqual(ids(paymentProblems(['999'], [violation()], [])), ['traffic.violation_payment.rule.not_found']);
    assert.deepEqual(ids(paymentProblems(['100000000001'], [violation({ status: 'paid' })], [])), ['traffic.violation_payment.rule.already_paid']);
    assert.deepEqual(ids(paymentProblems(['100000000001'], [violation({ status: 'cancelled' })], [])), ['traffic.violation_payment.rule.cancelled']);
    const open = dispute({ violationNumber: '100000000001', status: 'under_review', decidedAt: null });
    assert.deepEqual(ids(paymentProblems(['100000000001'], [violation()], [open])), ['traffic.violation_payment.rule.under_dispute']);
  });
});

describe('traffic rules: disputes', () => {
  it('when the violation is the holder’s, unpaid, undisputed and at most 30 days old, then it may be disputed', () => {
    assert.equal(disputeProblem('100000000001', [violation({ occurredOn: '2026-10-23' })], [], today), null);
  });

  it('when the violation is 31 days old, then it is too late', () => {
    assert.deepEqual(disputeProblem('100000000001', [violation({ occurredOn: '2026-10-22' })], [], today), {
      id: 'traffic.violation_dispute.rule.too_late',
      params: { number: '100000000001', days: 30 },
    });
  });

  it('when the violation is unknown, paid, cancelled or already disputed, then it cannot be disputed', () => {
    assert.equal(disputeProblem('999', [violation()], [], today)?.id, 'traffic.violation_dispute.rule.not_found');
    assert.equal(disputeProblem('100000000001', [violation({ status: 'paid' })], [], today)?.id, 'traffic.violation_dispute.rule.paid');
    assert.equal(disputeProblem('100000000001', [violation({ status: 'cancelled' })], [], today)?.id, 'traffic.violation_dispute.rule.cancelled');
    assert.equal(
      disputeProblem('100000000001', [violation()], [dispute({ violationNumber: '100000000001' })], today)?.id,
      'traffic.violation_dispute.rule.already_disputed',
    );
  });

  it('when 4 disputes were rejected this Hijri year, then a fifth may be filed; with 5, no more', () => {
    const now = new Date('2026-11-22T09:00:00Z');
    const four = Array.from({ length: 4 }, () => dispute());
    assert.equal(rejectedThisHijriYear(four, now), 4);
    assert.equal(rejectedLimitProblem(four, now), null);
    const five = [...four, dispute()];
    assert.deepEqual(rejectedLimitProblem(five, now), { id: 'traffic.violation_dispute.rule.too_many_rejected', params: { limit: 5, year: hijriYear(now) } });
  });

  it('when rejections fall in the previous Hijri year or disputes were accepted, then they do not count', () => {
    const now = new Date('2026-11-22T09:00:00Z');
    // 1 Muharram 1448 AH was 16 June 2026 (Umm al-Qura): the day before belongs to 1447.
    assert.equal(hijriYear(new Date('2026-06-15T12:00:00+03:00')), 1447);
    assert.equal(hijriYear(new Date('2026-06-16T12:00:00+03:00')), 1448);
    const lastYear = Array.from({ length: 5 }, () => dispute({ decidedAt: new Date('2026-06-15T12:00:00+03:00') }));
    const accepted = Array.from({ length: 5 }, () => dispute({ status: 'accepted' }));
    const pending = Array.from({ length: 5 }, () => dispute({ status: 'under_review', decidedAt: null }));
    assert.equal(rejectedLimitProblem([...lastYear, ...accepted, ...pending], now), null);
  });
});

describe('traffic rules: licence renewal', () => {
  it('when fewer than 180 days are left, or the licence has expired, then it may be renewed', () => {
    assert.equal(licenceProblem(licence({ expiresOn: '2027-05-20' }), today), null);
    assert.equal(licenceProblem(licence({ expiresOn: '2026-01-01', status: 'expired' }), today), null);
  });

  it('when 180 days or more are left, then it is too early', () => {
    assert.deepEqual(licenceProblem(licence({ expiresOn: '2027-05-21' }), today), { id: 'traffic.licence_renewal.rule.too_early', params: { days: 180, window: 180 } });
  });

  it('when there is no licence or it is suspended, then it cannot be renewed', () => {
    assert.equal(licenceProblem(null, today)?.id, 'traffic.licence_renewal.rule.no_licence');
    assert.equal(licenceProblem(licence({ expiresOn: '2027-01-01', status: 'suspended' }), today)?.id, 'traffic.licence_renewal.rule.suspended');
  });

  it('when every fine is paid, then the fines rule passes; one unpaid fails with the count and total', () => {
    assert.equal(finesProblem([violation({ status: 'paid' }), violation({ status: 'cancelled' })]), null);
    assert.deepEqual(finesProblem([violation(), violation({ status: 'paid' })]), { id: 'traffic.licence_renewal.rule.unpaid_fines', params: { count: 1, amount: '300.00' } });
  });

  it('when a fit medical check is at most 90 days old, then it counts; older, unfit or none does not', () => {
    assert.equal(medicalProblem([check({ checkedOn: '2026-08-24' })], today), null);
    assert.equal(medicalProblem([check({ checkedOn: '2026-08-23' })], today)?.id, 'traffic.licence_renewal.rule.no_medical_check');
    assert.equal(medicalProblem([check({ result: 'unfit' })], today)?.id, 'traffic.licence_renewal.rule.no_medical_check');
    assert.equal(medicalProblem([], today)?.id, 'traffic.licence_renewal.rule.no_medical_check');
  });

  it('when renewing for n years, then the fee is SAR 40 a year', () => {
    assert.equal(licenceFeeHalalas(1), 4_000);
    assert.equal(licenceFeeHalalas(10), 40_000);
  });
});
