// The shared contract of the PostSystem port (national address and shipments): every adapter must
// pass it. Checks: a person's national address is well formed (or absent); a shipment is created once
// per reference, goes to the recipient's national address, is tracked forward to delivered; no
// address means PostRefusal 'no_address'; PostUnavailableError when down.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PostRefusal, PostUnavailableError, type PostSystem } from '../../src/core/services/sectors/post.ts';

export interface PostUnderTest {
  system: PostSystem;
  /** A person with a national address and one without. */
  withAddressId: string;
  withoutAddressId: string;
  advance(milliseconds: number): void;
  setAvailable?: (available: boolean) => void;
}

const DAY = 86_400_000;
const order = ['created', 'in_transit', 'out_for_delivery', 'delivered'];

export function describePostContract(name: string, make: () => Promise<PostUnderTest>): void {
  describe(`PostSystem contract: ${name}`, () => {
    it('when asked for a national address, then it is well formed (short address, postal code), or null', async () => {
      const subject = await make();
      const address = await subject.system.nationalAddressOf(subject.withAddressId);
      assert.ok(address);
      assert.equal(address.holderId, subject.withAddressId);
      assert.match(address.shortAddress, /^[A-Z]{4}\d{4}$/);
      assert.match(address.postalCode, /^\d{5}$/);
      assert.match(address.buildingNumber, /^\d{4}$/);
      assert.ok(address.cityAr.length > 0 && address.cityEn.length > 0);
      assert.equal(await subject.system.nationalAddressOf(subject.withoutAddressId), null);
    });

    it('when a shipment is created twice with one reference, then one shipment goes to the national address and is tracked forward', async () => {
      const subject = await make();
      const reference = crypto.randomUUID();
      const shipment = await subject.system.createShipment({ reference, recipientId: subject.withAddressId, contents: 'driving_licence' });
      assert.match(shipment.trackingNumber, /^[A-Z]{2}\d{9}SA$/);
      assert.equal(shipment.status, 'created');
      assert.deepEqual(shipment.address, await subject.system.nationalAddressOf(subject.withAddressId));
      const again = await subject.system.createShipment({ reference, recipientId: subject.withAddressId, contents: 'driving_licence' });
      assert.equal(again.trackingNumber, shipment.trackingNumber);
      let last = 0;
      for (let day = 1; day <= 4; day += 1) {
        subject.advance(DAY);
        const tracked = (await subject.system.shipment(shipment.trackingNumber))!;
        const position = order.indexOf(tracked.status);
        assert.ok(position >= last, 'tracking only moves forward');
        last = position;
        assert.deepEqual(tracked.events.map((event) => event.status), order.slice(0, position + 1));
      }
      assert.equal(order[last], 'delivered');
      assert.equal(await subject.system.shipment('RR000000000SA'), null);
    });

    it('when the recipient has no national address, then the shipment is refused', async () => {
      const subject = await make();
      await assert.rejects(
        subject.system.createShipment({ reference: crypto.randomUUID(), recipientId: subject.withoutAddressId, contents: 'driving_licence' }),
        (error: unknown) => error instanceof PostRefusal && error.reason === 'no_address',
      );
    });

    it('when the system is down, then calls fail with PostUnavailableError', async (context) => {
      const subject = await make();
      if (!subject.setAvailable) return context.skip('this adapter cannot be switched off');
      subject.setAvailable(false);
      try {
        await assert.rejects(subject.system.nationalAddressOf(subject.withAddressId), PostUnavailableError);
        await assert.rejects(subject.system.createShipment({ reference: crypto.randomUUID(), recipientId: subject.withAddressId, contents: 'x' }), PostUnavailableError);
      } finally {
        subject.setAvailable(true);
      }
    });
  });
}
