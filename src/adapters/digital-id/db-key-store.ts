// The digital ID signing keys in the database (table digital_id_keys, migration 0010).
// Guarantees: at most one active key (a partial unique index; a losing insert is a no-op); the
// private key is stored only in its sealed form, as the core hands it over.
import type { Kysely } from 'kysely';
import type { JWK } from 'jose';
import type { Database } from '../db/schema.ts';
import type { DigitalIdKeyStore, StoredSigningKey } from '../../core/digital-id/digital-id-service.ts';

type KeysTable = {
  digital_id_keys: {
    kid: string;
    algorithm: string;
    public_jwk: string;
    sealed_private_jwk: string;
    active: boolean;
    created_at: Date;
    retired_at: Date | null;
  };
};

export class DbDigitalIdKeyStore implements DigitalIdKeyStore {
  readonly #db: Kysely<Database & KeysTable>;

  constructor(db: Kysely<Database>) {
    this.#db = db.withTables<KeysTable>();
  }

  async active(): Promise<StoredSigningKey | null> {
    const row = await this.#db.selectFrom('digital_id_keys').selectAll().where('active', '=', true).executeTakeFirst();
    return row ? toKey(row) : null;
  }

  async insertActive(key: StoredSigningKey): Promise<boolean> {
    const inserted = await this.#db
      .insertInto('digital_id_keys')
      .values({
        kid: key.kid,
        algorithm: key.algorithm,
        public_jwk: JSON.stringify(key.publicJwk),
        sealed_private_jwk: key.sealedPrivateJwk,
        active: true,
        created_at: key.createdAt,
        retired_at: null,
      })
      .onConflict((conflict) => conflict.column('active').where('active', '=', true).doNothing())
      .returning('kid')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async publishable(since: Date): Promise<StoredSigningKey[]> {
    const rows = await this.#db
      .selectFrom('digital_id_keys')
      .selectAll()
      .where((eb) => eb.or([eb('active', '=', true), eb('retired_at', '>', since)]))
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toKey);
  }

  /** Retires the active key (a rotation): the next token is signed with a new one; the old stays published while its tokens may live. */
  async retireActive(now: Date): Promise<void> {
    await this.#db.updateTable('digital_id_keys').set({ active: false, retired_at: now }).where('active', '=', true).execute();
  }
}

function toKey(row: KeysTable['digital_id_keys']): StoredSigningKey {
  return {
    kid: row.kid,
    algorithm: 'EdDSA',
    publicJwk: JSON.parse(row.public_jwk) as JWK,
    sealedPrivateJwk: row.sealed_private_jwk,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
  };
}
