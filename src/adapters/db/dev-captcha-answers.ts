// Development only: the plain answers of visual codes, so tests and `/dev/captcha/{id}` can read
// them. Guarantees: an answer is readable only until its code expires; malformed ids never reach SQL.
// Never wire this in production.
import type { Kysely } from 'kysely';
import { isCaptchaId, type CaptchaAnswerSink } from '../../core/captcha/captcha-service.ts';
import type { Database } from './schema.ts';

export class DbCaptchaAnswerSink implements CaptchaAnswerSink {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async record(id: string, answer: string, expiresAt: Date): Promise<void> {
    await this.#db.insertInto('dev_captcha_answers').values({ id, answer, expires_at: expiresAt }).execute();
  }

  async answerFor(id: string, now: Date): Promise<string | null> {
    if (!isCaptchaId(id)) return null;
    const row = await this.#db
      .selectFrom('dev_captcha_answers')
      .select('answer')
      .where('id', '=', id)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row?.answer ?? null;
  }

  async deleteExpired(now: Date): Promise<number> {
    const result = await this.#db.deleteFrom('dev_captcha_answers').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
