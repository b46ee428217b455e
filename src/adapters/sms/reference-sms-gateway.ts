// The embedded reference SMS gateway: accepts messages for Saudi mobiles and keeps what it
// delivered in the database, where /dev/sms reads it (any app process sees the same inbox). It
// fails the way a real gateway does: it can be switched off (transient failure, the outbox retries)
// and it permanently rejects numbers it cannot deliver to and texts longer than 6 SMS segments.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { PermanentDeliveryError, TransientDeliveryError, type Clock, type SmsGateway, type SmsMessage } from '../../core/ports.ts';

const maxLength = 6 * 67;

export class ReferenceSmsGateway implements SmsGateway {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  #available = true;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  setAvailable(available: boolean): void {
    this.#available = available;
  }

  async send(message: SmsMessage): Promise<{ providerMessageId: string }> {
    if (!this.#available) throw new TransientDeliveryError('gateway unavailable');
    if (!/^\+9665\d{8}$/.test(message.to)) throw new PermanentDeliveryError('undeliverable number');
    if (message.text.length === 0 || message.text.length > maxLength) throw new PermanentDeliveryError('text length out of range');
    const id = crypto.randomUUID();
    await this.#db
      .insertInto('reference_sms')
      .values({ id, recipient: message.to, text: message.text, purpose: message.purpose, sent_at: this.#clock.now() })
      .execute();
    return { providerMessageId: id };
  }

  /** What was delivered to a number, newest first. */
  async inbox(to: string, limit = 50): Promise<Array<{ to: string; text: string; purpose: string; sentAt: string }>> {
    const rows = await this.#db
      .selectFrom('reference_sms')
      .selectAll()
      .where('recipient', '=', to)
      .orderBy('sent_at', 'desc')
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ to: row.recipient, text: row.text, purpose: row.purpose, sentAt: row.sent_at.toISOString() }));
  }
}
