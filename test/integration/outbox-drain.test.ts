// The outbox worker's drain, as tests and shutdown use it: when several callers drain at once, each
// returns only once every message due when it asked has been delivered, whoever claimed it (a
// delivery pass kicked by the change that queued it, or another drain).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { startRegistration } from '../helpers/registration.ts';
import type { SmsGateway, SmsMessage } from '../../src/core/ports.ts';

/** An SMS gateway that holds every send until the test opens it. */
class GatedSms implements SmsGateway {
  readonly events: string[] = [];
  #open!: () => void;
  #gate = new Promise<void>((resolve) => (this.#open = resolve));
  #arrived!: () => void;
  readonly arrived = new Promise<void>((resolve) => (this.#arrived = resolve));

  async send(message: SmsMessage): Promise<{ providerMessageId: string }> {
    this.#arrived();
    await this.#gate;
    this.events.push(`sent ${message.to}`);
    return { providerMessageId: crypto.randomUUID() };
  }

  open(): void {
    this.#open();
  }
}

describe('outbox drain', () => {
  let platform: TestPlatform;
  const sms = new GatedSms();
  before(async () => {
    platform = await startTestPlatform({ overrides: { sms } });
  });
  after(() => platform.close());

  it('when a drain finds the message claimed by a delivery pass in progress, then it returns only after that message is delivered', async () => {
    const started = await startRegistration(platform);
    assert.equal(started.response.statusCode, 201);
    await sms.arrived; // the pass the registration kicked holds the claimed code at the gateway
    const drained = platform.outbox.drain().then(() => sms.events.push('drain returned'));
    // Let the drain's own claim run (and find nothing) before the gateway answers.
    for (let query = 0; query < 5; query += 1) await platform.database.ping();
    sms.open();
    await drained;
    assert.deepEqual(sms.events, [`sent +966${String(started.body.mobile).replace(/^0/, '')}`, 'drain returned']);
  });
});
