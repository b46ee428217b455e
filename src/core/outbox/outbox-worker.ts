// Delivers queued messages through the SMS gateway and the e-mail sender, with retries.
// Guarantees: each message is claimed by one worker at a time; a transient gateway failure is
// retried with exponential backoff (up to 10 attempts), a permanent one is given up and counted;
// after delivery the rendered text (which may hold a code) is no longer stored.
import { PermanentDeliveryError, type Clock, type EmailSender, type SmsGateway } from '../ports.ts';
import type { OutboxMessage, Store } from '../store.ts';
import type { MessageParams } from '../errors.ts';
import type { Language } from '../store.ts';

export type MessageRenderer = (language: Language, messageId: string, params: MessageParams) => string;

export type OutboxWorkerDependencies = {
  store: Store;
  clock: Clock;
  sms: SmsGateway;
  email: EmailSender;
  render: MessageRenderer;
  onDelivery?: (channel: string, outcome: 'sent' | 'retry' | 'failed') => void;
  onError?: (error: unknown) => void;
};

const maxAttempts = 10;
const batchSize = 50;

export class OutboxWorker {
  readonly #deps: OutboxWorkerDependencies;
  #running: Promise<void> | null = null;
  readonly #draining = new Set<Promise<number>>();
  #again = false;
  #timer: NodeJS.Timeout | null = null;

  constructor(dependencies: OutboxWorkerDependencies) {
    this.#deps = dependencies;
  }

  /** Asks for a delivery pass soon; passes never overlap within a process. */
  kick(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#pass()
      .then(
        () => undefined,
        (error: unknown) => this.#deps.onError?.(error),
      )
      .finally(() => {
        this.#running = null;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
  }

  /**
   * Delivers everything due now; resolves when no due message is left and every message another
   * pass or drain in this process had already claimed is delivered too (so a caller who queued a
   * message finds it sent, whoever claimed it).
   */
  async drain(): Promise<number> {
    const run = this.#drainDue();
    this.#draining.add(run);
    try {
      return await run;
    } finally {
      this.#draining.delete(run);
      await this.idle();
    }
  }

  async #drainDue(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const batch = await this.#deps.store.outbox.claimDue(this.#deps.clock.now(), batchSize);
      if (batch.length === 0) return delivered;
      await Promise.all(batch.map((message) => this.#deliver(message)));
      delivered += batch.length;
    }
  }

  /**
   * One delivery pass: like drain, but a batch smaller than the batch size ends it (nothing else was
   * due when it was claimed), which saves a claim that would find nothing on every kick. Messages
   * queued meanwhile kicked again, so the pass after this one takes them.
   */
  async #pass(): Promise<void> {
    for (;;) {
      const batch = await this.#deps.store.outbox.claimDue(this.#deps.clock.now(), batchSize);
      await Promise.all(batch.map((message) => this.#deliver(message)));
      if (batch.length < batchSize) return;
    }
  }

  /** Waits for the pass and the drains in progress (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.#running || this.#draining.size > 0) {
      await Promise.allSettled([this.#running, ...this.#draining]);
    }
  }

  start(pollMilliseconds: number): void {
    this.#timer ??= setInterval(() => this.kick(), pollMilliseconds);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.idle();
  }

  async #deliver(message: OutboxMessage): Promise<void> {
    const { store, clock, render } = this.#deps;
    try {
      const params = JSON.parse(message.payload.params) as MessageParams;
      const text = render(message.payload.language, message.payload.messageId, params);
      if (message.channel === 'sms') {
        await this.#deps.sms.send({ to: message.recipient, text, purpose: message.purpose });
      } else {
        const subject = render(message.payload.language, `${message.payload.messageId}.subject`, params);
        await this.#deps.email.send({ to: message.recipient, subject, text, purpose: message.purpose });
      }
      await store.outbox.markSent(message.id, clock.now());
      this.#deps.onDelivery?.(message.channel, 'sent');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof PermanentDeliveryError || message.attempts >= maxAttempts) {
        await store.outbox.markFailed(message.id, reason);
        this.#deps.onDelivery?.(message.channel, 'failed');
      } else {
        const backoffSeconds = Math.min(3600, 2 ** message.attempts * 5);
        await store.outbox.markRetry(message.id, new Date(clock.now().getTime() + backoffSeconds * 1000), reason);
        this.#deps.onDelivery?.(message.channel, 'retry');
      }
    }
  }
}
