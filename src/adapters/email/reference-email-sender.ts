// The embedded reference e-mail sender: keeps what it delivered in the database, where /dev/email
// reads it. Like a real relay it can be unavailable (transient, retried) and refuses malformed
// addresses for good.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { PermanentDeliveryError, TransientDeliveryError, type Clock, type EmailMessage, type EmailSender } from '../../core/ports.ts';

export class ReferenceEmailSender implements EmailSender {
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

  async send(message: EmailMessage): Promise<{ providerMessageId: string }> {
    if (!this.#available) throw new TransientDeliveryError('relay unavailable');
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(message.to)) throw new PermanentDeliveryError('malformed address');
    const id = crypto.randomUUID();
    await this.#db
      .insertInto('reference_email')
      .values({ id, recipient: message.to.toLowerCase(), subject: message.subject, text: message.text, purpose: message.purpose, sent_at: this.#clock.now() })
      .execute();
    return { providerMessageId: id };
  }

  async inbox(to: string, limit = 50): Promise<Array<{ to: string; subject: string; text: string; purpose: string; sentAt: string }>> {
    const rows = await this.#db
      .selectFrom('reference_email')
      .selectAll()
      .where('recipient', '=', to.toLowerCase())
      .orderBy('sent_at', 'desc')
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ to: row.recipient, subject: row.subject, text: row.text, purpose: row.purpose, sentAt: row.sent_at.toISOString() }));
  }
}
