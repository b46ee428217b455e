import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Notifier } from './notifier.ts';
import { FakeClock } from '../clock.ts';
import type { Repositories } from '../store.ts';

function outboxRecorder() {
  const queued: Array<{ channel: string; recipient: string }> = [];
  const tx = { outbox: { enqueue: async (message: { channel: string; recipient: string }) => void queued.push(message) } } as unknown as Repositories;
  return { tx, queued };
}

describe('Notifier', () => {
  it('when an account has no e-mail address (made at a kiosk), then no e-mail is queued, while its SMS is', async () => {
    const notifier = new Notifier(new FakeClock());
    const { tx, queued } = outboxRecorder();
    await notifier.email(tx, { to: '', language: 'ar', purpose: 'password_reset_done', messageId: 'email.password_reset_done' });
    await notifier.sms(tx, { to: '+966512345678', language: 'ar', purpose: 'password_reset_done', messageId: 'sms.password_reset_done' });
    assert.deepEqual(queued.map((message) => message.channel), ['sms']);
  });

  it('when an account has an e-mail address, then the e-mail is queued to it', async () => {
    const notifier = new Notifier(new FakeClock());
    const { tx, queued } = outboxRecorder();
    await notifier.email(tx, { to: 'holder@example.sa', language: 'en', purpose: 'password_changed', messageId: 'email.password_changed' });
    assert.deepEqual(queued.map((message) => [message.channel, message.recipient]), [['email', 'holder@example.sa']]);
  });
});
