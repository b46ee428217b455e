// The shared contract of the PassportsSystem port: every adapter (reference or real) must pass it.
// Checks: lookups (known, unknown, citizen without Iqama, a dependent's sponsor), exit/re-entry visas
// (issued to a sponsor's dependent, idempotent on reference, one live visa, refusals for a stranger and
// a short passport, exactly one winner among concurrent requests), Iqama fees and renewal (refused
// unpaid, renewed once paid, idempotent), and PassportsUnavailableError when down.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassportsRefusal, PassportsUnavailableError, type PassportsSystem } from '../../src/core/services/sectors/passports.ts';

export interface PassportsUnderTest {
  system: PassportsSystem;
  /** Today as the system sees it (ISO). */
  today: string;
  /** A resident sponsor and a dependent of theirs with a valid Iqama and a passport valid ≥ 90 days. */
  sponsorId: string;
  dependentId: string;
  /** Another dependent of the same sponsor whose passport expires within 90 days. */
  shortPassportDependentId?: string;
  /** A resident whose Iqama is valid and whose fees are not paid beyond its expiry. */
  unpaidResidentId: string;
  citizenId: string;
  unknownId: string;
  setAvailable?: (available: boolean) => void;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const refused = (reason: string) => (error: unknown) => error instanceof PassportsRefusal && error.reason === reason;

export function describePassportsContract(name: string, make: () => Promise<PassportsUnderTest>): void {
  describe(`PassportsSystem contract: ${name}`, () => {
    it('when asked for a dependent, then the passport and the Iqama are well formed and name the sponsor', async () => {
      const subject = await make();
      const passport = await subject.system.passportOf(subject.dependentId);
      assert.ok(passport);
      assert.equal(passport.holderId, subject.dependentId);
      assert.match(passport.expiresOn, ISO);
      assert.match(passport.issuedOn, ISO);
      assert.ok(passport.issuedOn < passport.expiresOn);
      assert.equal(passport.status, 'valid');
      const iqama = await subject.system.iqamaOf(subject.dependentId);
      assert.ok(iqama);
      assert.equal(iqama.number, subject.dependentId);
      assert.equal(iqama.sponsorId, subject.sponsorId);
      assert.equal(iqama.status, 'valid');
      const sponsorIqama = await subject.system.iqamaOf(subject.sponsorId);
      assert.equal(sponsorIqama?.sponsorId, null);
    });

    it('when asked for a citizen or an unknown number, then there is no Iqama (and nothing for the unknown)', async () => {
      const subject = await make();
      assert.equal(await subject.system.iqamaOf(subject.citizenId), null);
      assert.equal(await subject.system.iqamaOf(subject.unknownId), null);
      assert.equal(await subject.system.passportOf(subject.unknownId), null);
      assert.deepEqual(await subject.system.visasOf(subject.unknownId), []);
    });

    it('when the sponsor asks for an exit/re-entry visa twice with one reference, then one visa is issued and listed', async () => {
      const subject = await make();
      const reference = crypto.randomUUID();
      const issue = { holderId: subject.dependentId, requestedBy: subject.sponsorId, kind: 'single' as const, durationDays: 60, reference };
      const first = await subject.system.issueExitReentry(issue);
      const again = await subject.system.issueExitReentry(issue);
      assert.deepEqual(again, first);
      assert.equal(first.kind, 'exit_reentry_single');
      assert.equal(first.status, 'issued');
      assert.equal(first.issuedOn, subject.today);
      assert.ok(first.leaveBy > first.issuedOn);
      const visas = await subject.system.visasOf(subject.dependentId);
      assert.deepEqual(visas.map((visa) => visa.number), [first.number]);
      await assert.rejects(
        subject.system.issueExitReentry({ ...issue, reference: crypto.randomUUID(), kind: 'multiple' }),
        refused('visa_exists'),
        'a second visa while one is live is refused',
      );
    });

    it('when someone who is not the sponsor asks, then the visa is refused', async () => {
      const subject = await make();
      await assert.rejects(
        subject.system.issueExitReentry({ holderId: subject.dependentId, requestedBy: subject.citizenId, kind: 'single', durationDays: 30, reference: crypto.randomUUID() }),
        refused('not_sponsor'),
      );
    });

    it('when the dependent’s passport expires within 90 days, then the visa is refused', async (t) => {
      const subject = await make();
      if (!subject.shortPassportDependentId) return t.skip('no such dependent in this system');
      await assert.rejects(
        subject.system.issueExitReentry({ holderId: subject.shortPassportDependentId, requestedBy: subject.sponsorId, kind: 'single', durationDays: 30, reference: crypto.randomUUID() }),
        refused('passport_expiring'),
      );
    });

    it('when 10 requests for one dependent race, then exactly one visa is issued', async () => {
      const subject = await make();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, () =>
          subject.system.issueExitReentry({ holderId: subject.dependentId, requestedBy: subject.sponsorId, kind: 'multiple', durationDays: 90, reference: crypto.randomUUID() }),
        ),
      );
      assert.equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 1);
      for (const outcome of outcomes) if (outcome.status === 'rejected') assert.ok(refused('visa_exists')(outcome.reason), String(outcome.reason));
      assert.equal((await subject.system.visasOf(subject.dependentId)).filter((visa) => visa.status === 'issued').length, 1);
    });

    it('when an Iqama is renewed without fees paid, then it is refused; once paid, it is renewed once per reference', async () => {
      const subject = await make();
      const before = await subject.system.iqamaOf(subject.unpaidResidentId);
      assert.ok(before);
      await assert.rejects(subject.system.renewIqama(subject.unpaidResidentId, 1, crypto.randomUUID()), refused('fees_unpaid'));
      const from = before.expiresOn > subject.today ? before.expiresOn : subject.today;
      const newExpiry = `${Number(from.slice(0, 4)) + 1}${from.slice(4)}`;
      const paid = await subject.system.recordIqamaFees(subject.unpaidResidentId, newExpiry, crypto.randomUUID());
      assert.equal(paid.feesPaidThrough, newExpiry);
      const reference = crypto.randomUUID();
      const renewed = await subject.system.renewIqama(subject.unpaidResidentId, 1, reference);
      assert.equal(renewed.expiresOn, newExpiry);
      assert.equal(renewed.status, 'valid');
      assert.deepEqual(await subject.system.renewIqama(subject.unpaidResidentId, 1, reference), renewed, 'the same reference renews once');
      assert.equal((await subject.system.iqamaOf(subject.unpaidResidentId))?.expiresOn, newExpiry);
    });

    it('when the system is down, then every call rejects with PassportsUnavailableError', async (t) => {
      const subject = await make();
      if (!subject.setAvailable) return t.skip('this adapter cannot be switched off');
      subject.setAvailable(false);
      try {
        await assert.rejects(subject.system.passportOf(subject.dependentId), PassportsUnavailableError);
        await assert.rejects(subject.system.iqamaOf(subject.dependentId), PassportsUnavailableError);
        await assert.rejects(
          subject.system.issueExitReentry({ holderId: subject.dependentId, requestedBy: subject.sponsorId, kind: 'single', durationDays: 30, reference: crypto.randomUUID() }),
          PassportsUnavailableError,
        );
      } finally {
        subject.setAvailable(true);
      }
    });
  });
}
