// Visual codes no longer need a row when shown (the answer is derived from the id with a server
// key); only spent codes are kept, in `spent_proofs` beside spent proofs of work. Guarantees: the
// two tables that held shown codes and their development answers are gone.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('captchas').execute();
  await db.schema.dropTable('dev_captcha_answers').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('captchas')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('answer_hmac', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema
    .createTable('dev_captcha_answers')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
}
