// Outbound messages to people (SMS and e-mail), queued in the outbox inside the caller's
// transaction. Guarantees: a message asked for is recorded with the change that caused it, so it
// is never lost when a gateway is down and never sent for a change that rolled back. Text is
// rendered at send time from a message id, the person's language and parameters.
import type { Clock } from '../ports.ts';
import type { Language, Repositories } from '../store.ts';
import type { MessageParams } from '../errors.ts';

export type OutboundRequest = {
  to: string;
  language: Language;
  purpose: string;
  messageId: string;
  params?: MessageParams;
};

export class Notifier {
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  sms(tx: Repositories, request: OutboundRequest): Promise<void> {
    return this.#enqueue(tx, 'sms', request);
  }

  /** Queues an e-mail; an account with no address (one made at a kiosk) is told by SMS alone, so nothing is queued. */
  async email(tx: Repositories, request: OutboundRequest): Promise<void> {
    if (request.to.trim() === '') return;
    await this.#enqueue(tx, 'email', request);
  }

  async notice(tx: Repositories, accountId: string, kind: string, params: Record<string, string | number> = {}): Promise<void> {
    await tx.notices.add({ id: crypto.randomUUID(), accountId, kind, params, createdAt: this.#clock.now() });
  }

  async #enqueue(tx: Repositories, channel: 'sms' | 'email', request: OutboundRequest): Promise<void> {
    const now = this.#clock.now();
    await tx.outbox.enqueue({
      id: crypto.randomUUID(),
      channel,
      recipient: request.to,
      purpose: request.purpose,
      payload: { language: request.language, messageId: request.messageId, params: JSON.stringify(request.params ?? {}) },
      nextAttemptAt: now,
      createdAt: now,
    });
  }
}
