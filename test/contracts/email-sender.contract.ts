// The shared contract of the EmailSender port: every adapter (reference or real) must pass it.
// Guarantees checked: a message to a well-formed address is accepted with a provider id and can be
// read back exactly (subject, text, purpose, Arabic included); an address that can never receive
// mail is refused with PermanentDeliveryError and nothing is sent; an unavailable sender refuses
// with TransientDeliveryError, sends nothing, and works again once available.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PermanentDeliveryError, TransientDeliveryError, type EmailSender } from '../../src/core/ports.ts';

export interface EmailSenderUnderTest {
  sender: EmailSender;
  /** An address this sender can deliver to, not used before in this run. */
  deliverableAddress(): string;
  /** Addresses this sender can never deliver to. */
  undeliverableAddresses: readonly string[];
  /** What the sender delivered to an address. */
  delivered(to: string): Promise<Array<{ subject: string; text: string; purpose: string }>>;
  /** Switch the sender off and on; when absent the unavailability checks are skipped. */
  setAvailable?: (available: boolean) => void;
}

export function describeEmailSenderContract(name: string, makeSender: () => Promise<EmailSenderUnderTest>): void {
  describe(`EmailSender contract: ${name}`, () => {
    it('when a message is sent to a deliverable address, then it is accepted with a provider id and can be read back', async () => {
      const subject = await makeSender();
      const to = subject.deliverableAddress();
      const receipt = await subject.sender.send({ to, subject: 'Absher notice', text: 'Your mobile number was moved.', purpose: 'mobile_moved_away' });
      assert.equal(typeof receipt.providerMessageId, 'string');
      assert.ok(receipt.providerMessageId.length > 0);
      const delivered = await subject.delivered(to);
      assert.equal(delivered.length, 1);
      assert.deepEqual(
        { subject: delivered[0]!.subject, text: delivered[0]!.text, purpose: delivered[0]!.purpose },
        { subject: 'Absher notice', text: 'Your mobile number was moved.', purpose: 'mobile_moved_away' },
      );
    });

    it('when two messages are sent to different addresses, then each gets its own provider id and only its own message', async () => {
      const subject = await makeSender();
      const first = subject.deliverableAddress();
      const second = subject.deliverableAddress();
      const a = await subject.sender.send({ to: first, subject: 's1', text: 'one', purpose: 'p' });
      const b = await subject.sender.send({ to: second, subject: 's2', text: 'two', purpose: 'p' });
      assert.notEqual(a.providerMessageId, b.providerMessageId);
      assert.deepEqual((await subject.delivered(first)).map((message) => message.text), ['one']);
      assert.deepEqual((await subject.delivered(second)).map((message) => message.text), ['two']);
    });

    it('when the subject and text are Arabic and multi-line, then they are delivered unchanged', async () => {
      const subject = await makeSender();
      const to = subject.deliverableAddress();
      const title = 'أبشر: أُزيل رقم الجوال من حسابك';
      const text = 'سُجّل رقم الجوال +966 5•••••678 في حساب أبشر جديد.\nإن لم تكن تتوقع ذلك فراجع مركز تفعيل.';
      await subject.sender.send({ to, subject: title, text, purpose: 'mobile_moved_away' });
      const [delivered] = await subject.delivered(to);
      assert.equal(delivered?.subject, title);
      assert.equal(delivered?.text, text);
    });

    it('when the address can never receive mail, then it rejects with PermanentDeliveryError and sends nothing', async () => {
      const subject = await makeSender();
      assert.ok(subject.undeliverableAddresses.length > 0);
      for (const to of subject.undeliverableAddresses) {
        await assert.rejects(subject.sender.send({ to, subject: 's', text: 't', purpose: 'p' }), PermanentDeliveryError, to);
        assert.deepEqual(await subject.delivered(to), [], to);
      }
    });

    it('when the sender is unavailable, then it rejects with TransientDeliveryError, sends nothing, and sends again once back', async (t) => {
      const subject = await makeSender();
      if (!subject.setAvailable) {
        t.skip('this sender cannot be switched off');
        return;
      }
      const to = subject.deliverableAddress();
      subject.setAvailable(false);
      try {
        const failure = await subject.sender.send({ to, subject: 's', text: 'while down', purpose: 'p' }).then(
          () => null,
          (error: unknown) => error,
        );
        assert.ok(failure instanceof TransientDeliveryError, `a TransientDeliveryError, got ${String(failure)}`);
        assert.ok(!(failure instanceof PermanentDeliveryError));
        assert.deepEqual(await subject.delivered(to), []);
      } finally {
        subject.setAvailable(true);
      }
      await subject.sender.send({ to, subject: 's', text: 'back up', purpose: 'p' });
      assert.deepEqual((await subject.delivered(to)).map((message) => message.text), ['back up']);
    });
  });
}
