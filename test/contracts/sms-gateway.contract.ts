// The shared contract of the SmsGateway port: every adapter (reference or real) must pass it.
// Guarantees checked: a message to a deliverable number is accepted with a provider id and can be
// read back exactly (text, purpose, Arabic included); a number the gateway can never reach is refused
// with PermanentDeliveryError and nothing is delivered; an unavailable gateway refuses with
// TransientDeliveryError, delivers nothing, and works again once available.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PermanentDeliveryError, TransientDeliveryError, type SmsGateway } from '../../src/core/ports.ts';

export interface SmsGatewayUnderTest {
  gateway: SmsGateway;
  /** A number this gateway can deliver to, not used before in this run. */
  deliverableNumber(): string;
  /** Numbers this gateway can never deliver to. */
  undeliverableNumbers: readonly string[];
  /** What the gateway delivered to a number (the provider's own record or a test inbox). */
  delivered(to: string): Promise<Array<{ text: string; purpose: string }>>;
  /** Switch the gateway off and on; when absent the unavailability checks are skipped. */
  setAvailable?: (available: boolean) => void;
  /** The longest text the gateway takes, when it has a limit. */
  maxTextLength?: number;
}

export function describeSmsGatewayContract(name: string, makeGateway: () => Promise<SmsGatewayUnderTest>): void {
  describe(`SmsGateway contract: ${name}`, () => {
    it('when a message is sent to a deliverable number, then it is accepted with a provider id and can be read back', async () => {
      const subject = await makeGateway();
      const to = subject.deliverableNumber();
      const receipt = await subject.gateway.send({ to, text: 'Absher: your code is 123456.', purpose: 'registration' });
      assert.equal(typeof receipt.providerMessageId, 'string');
      assert.ok(receipt.providerMessageId.length > 0);
      const delivered = await subject.delivered(to);
      assert.equal(delivered.length, 1);
      assert.deepEqual({ text: delivered[0]!.text, purpose: delivered[0]!.purpose }, { text: 'Absher: your code is 123456.', purpose: 'registration' });
    });

    it('when two messages are sent, then each gets its own provider id and both are delivered to their own numbers only', async () => {
      const subject = await makeGateway();
      const first = subject.deliverableNumber();
      const second = subject.deliverableNumber();
      const a = await subject.gateway.send({ to: first, text: 'one', purpose: 'p1' });
      const b = await subject.gateway.send({ to: first, text: 'two', purpose: 'p2' });
      const c = await subject.gateway.send({ to: second, text: 'three', purpose: 'p3' });
      assert.equal(new Set([a.providerMessageId, b.providerMessageId, c.providerMessageId]).size, 3);
      assert.deepEqual((await subject.delivered(first)).map((message) => message.text).sort(), ['one', 'two']);
      assert.deepEqual((await subject.delivered(second)).map((message) => message.text), ['three']);
    });

    it('when the text is Arabic, then it is delivered unchanged', async () => {
      const subject = await makeGateway();
      const to = subject.deliverableNumber();
      const text = 'أبشر: رمز التحقق لتسجيلك هو 654321 وهو صالح لمدة 5 دقائق.';
      await subject.gateway.send({ to, text, purpose: 'registration' });
      assert.deepEqual((await subject.delivered(to)).map((message) => message.text), [text]);
    });

    it('when the number can never be reached, then it rejects with PermanentDeliveryError and delivers nothing', async () => {
      const subject = await makeGateway();
      assert.ok(subject.undeliverableNumbers.length > 0);
      for (const to of subject.undeliverableNumbers) {
        await assert.rejects(subject.gateway.send({ to, text: 'hello', purpose: 'registration' }), PermanentDeliveryError, to);
        assert.deepEqual(await subject.delivered(to), [], to);
      }
    });

    it('when the text is longer than the gateway takes, then it rejects with PermanentDeliveryError', async (t) => {
      const subject = await makeGateway();
      if (subject.maxTextLength === undefined) {
        t.skip('this gateway declares no text limit');
        return;
      }
      const to = subject.deliverableNumber();
      await subject.gateway.send({ to, text: 'x'.repeat(subject.maxTextLength), purpose: 'registration' });
      await assert.rejects(subject.gateway.send({ to, text: 'x'.repeat(subject.maxTextLength + 1), purpose: 'registration' }), PermanentDeliveryError);
      assert.equal((await subject.delivered(to)).length, 1);
    });

    it('when the gateway is unavailable, then it rejects with TransientDeliveryError, delivers nothing, and delivers again once back', async (t) => {
      const subject = await makeGateway();
      if (!subject.setAvailable) {
        t.skip('this gateway cannot be switched off');
        return;
      }
      const to = subject.deliverableNumber();
      subject.setAvailable(false);
      try {
        const failure = await subject.gateway.send({ to, text: 'while down', purpose: 'registration' }).then(
          () => null,
          (error: unknown) => error,
        );
        assert.ok(failure instanceof TransientDeliveryError, `a TransientDeliveryError, got ${String(failure)}`);
        assert.ok(!(failure instanceof PermanentDeliveryError));
        assert.deepEqual(await subject.delivered(to), []);
      } finally {
        subject.setAvailable(true);
      }
      await subject.gateway.send({ to, text: 'back up', purpose: 'registration' });
      assert.deepEqual((await subject.delivered(to)).map((message) => message.text), ['back up']);
    });
  });
}
