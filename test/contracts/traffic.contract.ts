// The shared contract of the TrafficSystem port: every adapter (reference or real) must pass it.
// Checks: lookups (licence, vehicles, medical checks, violations well formed; nothing for an unknown
// person), paying violations (idempotent on reference, refused when already paid or not the
// person's, exactly one winner among concurrent payments), disputes (one per violation, idempotent),
// licence renewal (extends from the expiry, idempotent), and TrafficUnavailableError when down.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TrafficRefusal, TrafficUnavailableError, type TrafficSystem } from '../../src/core/services/sectors/traffic.ts';

export interface TrafficUnderTest {
  system: TrafficSystem;
  /** A person with a valid licence and at least two unpaid violations from the last 30 days. */
  holderId: string;
  /** A vehicle registered to the holder and not reported stolen. */
  vehicleSerial: string;
  /** Another person with at least one unpaid violation. */
  otherId: string;
  unknownId: string;
  setAvailable?: (available: boolean) => void;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const refused = (reason: string) => (error: unknown) => error instanceof TrafficRefusal && error.reason === reason;

export function describeTrafficContract(name: string, make: () => Promise<TrafficUnderTest>): void {
  describe(`TrafficSystem contract: ${name}`, () => {
    it('when asked about a driver, then the licence, checks and violations are well formed and theirs', async () => {
      const subject = await make();
      const licence = await subject.system.licenceOf(subject.holderId);
      assert.ok(licence);
      assert.equal(licence.holderId, subject.holderId);
      assert.match(licence.expiresOn, ISO);
      assert.ok(licence.issuedOn < licence.expiresOn);
      for (const check of await subject.system.medicalChecksOf(subject.holderId)) assert.match(check.checkedOn, ISO);
      const violations = await subject.system.violationsOf(subject.holderId);
      assert.ok(violations.filter((violation) => violation.status === 'unpaid').length >= 2);
      for (const violation of violations) {
        assert.equal(violation.offenderId, subject.holderId);
        assert.match(violation.occurredOn, ISO);
        assert.ok(Number.isInteger(violation.amountHalalas) && violation.amountHalalas > 0);
      }
      const sorted = [...violations].sort((a, b) => b.occurredOn.localeCompare(a.occurredOn));
      assert.deepEqual(violations.map((violation) => violation.occurredOn), sorted.map((violation) => violation.occurredOn), 'newest first');
      for (const vehicle of await subject.system.vehiclesOf(subject.holderId)) assert.equal(vehicle.ownerId, subject.holderId);
    });

    it('when asked about an unknown person, then there is nothing', async () => {
      const subject = await make();
      assert.equal(await subject.system.licenceOf(subject.unknownId), null);
      assert.deepEqual(await subject.system.violationsOf(subject.unknownId), []);
      assert.deepEqual(await subject.system.vehiclesOf(subject.unknownId), []);
    });

    it('when violations are paid, then they are paid once: the same reference again answers the same, another is refused', async () => {
      const subject = await make();
      const [first] = (await subject.system.violationsOf(subject.holderId)).filter((violation) => violation.status === 'unpaid');
      const reference = crypto.randomUUID();
      const paid = await subject.system.payViolations(subject.holderId, [first!.number], reference);
      assert.deepEqual(paid.map((violation) => [violation.number, violation.status, violation.paidReference]), [[first!.number, 'paid', reference]]);
      const replay = await subject.system.payViolations(subject.holderId, [first!.number], reference);
      assert.deepEqual(replay.map((violation) => violation.status), ['paid']);
      await assert.rejects(subject.system.payViolations(subject.holderId, [first!.number], crypto.randomUUID()), refused('already_paid'));
    });

    it('when someone pays another person’s violation, then it is refused and nothing changes', async () => {
      const subject = await make();
      const [theirs] = (await subject.system.violationsOf(subject.otherId)).filter((violation) => violation.status === 'unpaid');
      await assert.rejects(subject.system.payViolations(subject.holderId, [theirs!.number], crypto.randomUUID()), refused('not_found'));
      const after = (await subject.system.violationsOf(subject.otherId)).find((violation) => violation.number === theirs!.number);
      assert.equal(after!.status, 'unpaid');
    });

    it('when five payments of one violation race under different references, then exactly one succeeds', async () => {
      const subject = await make();
      const unpaid = (await subject.system.violationsOf(subject.holderId)).filter((violation) => violation.status === 'unpaid');
      const target = unpaid.at(-1)!;
      const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => subject.system.payViolations(subject.holderId, [target.number], crypto.randomUUID())));
      assert.equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 1);
      for (const outcome of outcomes) if (outcome.status === 'rejected') assert.ok(refused('already_paid')(outcome.reason));
    });

    it('when a violation is disputed, then one dispute is under review; the same reference returns it, another dispute is refused', async () => {
      const subject = await make();
      const [first] = (await subject.system.violationsOf(subject.holderId)).filter((violation) => violation.status === 'unpaid');
      const reference = crypto.randomUUID();
      const dispute = await subject.system.fileDispute({ holderId: subject.holderId, violationNumber: first!.number, reason: 'not my car', reference });
      assert.equal(dispute.status, 'under_review');
      assert.equal(dispute.decidedAt, null);
      const replay = await subject.system.fileDispute({ holderId: subject.holderId, violationNumber: first!.number, reason: 'not my car', reference });
      assert.equal(replay.id, dispute.id);
      await assert.rejects(
        subject.system.fileDispute({ holderId: subject.holderId, violationNumber: first!.number, reason: 'again', reference: crypto.randomUUID() }),
        refused('dispute_exists'),
      );
      assert.ok((await subject.system.disputesOf(subject.holderId)).some((each) => each.id === dispute.id));
    });

    it('when a licence is renewed, then it runs years more from its expiry, once per reference', async () => {
      const subject = await make();
      const before = (await subject.system.licenceOf(subject.holderId))!;
      const reference = crypto.randomUUID();
      const renewed = await subject.system.renewLicence(subject.holderId, 5, reference);
      assert.equal(renewed.expiresOn, `${Number(before.expiresOn.slice(0, 4)) + 5}${before.expiresOn.slice(4)}`);
      assert.equal(renewed.version, before.version + 1);
      const replay = await subject.system.renewLicence(subject.holderId, 5, reference);
      assert.equal(replay.expiresOn, renewed.expiresOn);
      assert.equal((await subject.system.licenceOf(subject.holderId))!.expiresOn, renewed.expiresOn);
      await assert.rejects(subject.system.renewLicence(subject.unknownId, 1, crypto.randomUUID()), refused('no_licence'));
    });

    it('when the owner reports their vehicle stolen, then one report exists; the same reference returns it, a second report or a stranger is refused', async () => {
      const subject = await make();
      const vehicle = (await subject.system.vehiclesOf(subject.holderId)).find((each) => each.serial === subject.vehicleSerial);
      assert.ok(vehicle, 'the vehicle is the holder’s');
      await assert.rejects(
        subject.system.reportStolen({ ownerId: subject.otherId, serial: subject.vehicleSerial, stolenOn: '2026-01-10', city: 'riyadh', reference: crypto.randomUUID() }),
        refused('not_found'),
      );
      const reference = crypto.randomUUID();
      const report = await subject.system.reportStolen({ ownerId: subject.holderId, serial: subject.vehicleSerial, stolenOn: '2026-01-10', city: 'riyadh', reference });
      assert.equal(report.serial, subject.vehicleSerial);
      const replay = await subject.system.reportStolen({ ownerId: subject.holderId, serial: subject.vehicleSerial, stolenOn: '2026-01-10', city: 'riyadh', reference });
      assert.equal(replay.number, report.number);
      await assert.rejects(
        subject.system.reportStolen({ ownerId: subject.holderId, serial: subject.vehicleSerial, stolenOn: '2026-01-10', city: 'riyadh', reference: crypto.randomUUID() }),
        refused('already_reported'),
      );
      assert.deepEqual((await subject.system.theftReportsOf(subject.holderId)).map((each) => each.number), [report.number]);
    });

    it('when the system is down, then every call fails with TrafficUnavailableError', async (context) => {
      const subject = await make();
      if (!subject.setAvailable) return context.skip('this adapter cannot be switched off');
      subject.setAvailable(false);
      try {
        await assert.rejects(subject.system.licenceOf(subject.holderId), TrafficUnavailableError);
        await assert.rejects(subject.system.violationsOf(subject.holderId), TrafficUnavailableError);
        await assert.rejects(subject.system.renewLicence(subject.holderId, 1, crypto.randomUUID()), TrafficUnavailableError);
      } finally {
        subject.setAvailable(true);
      }
    });
  });
}
