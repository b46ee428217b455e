// The provider's signing keys, kept in the database (table oidc_keys, migration 0005). Keys come in
// generations: each has an RS256 key (the ID token default every relying party supports) and an ES256
// key (FAPI 2.0). The newest generation signs; older, unretired generations stay published in the
// JWKS so what they signed still verifies; a retired generation is gone. Guarantees: the first start
// generates generation 1 exactly once even when several processes start together (a unique
// constraint; the loser reloads); private halves are stored only sealed and never logged.
import type { Kysely } from 'kysely';
import { exportJWK, generateKeyPair, calculateJwkThumbprint, type JWK } from 'jose';
import type { Database } from '../adapters/db/schema.ts';
import type { Sealer } from '../core/sealer.ts';

type KeysTable = {
  oidc_keys: {
    kid: string;
    generation: number;
    algorithm: string;
    public_jwk: unknown;
    sealed_private_jwk: string;
    created_at: Date;
    retired_at: Date | null;
  };
};

export const signingAlgorithms = ['RS256', 'ES256'] as const;

export type KeyGeneration = { generation: number; kids: string[]; createdAt: Date; retiredAt: Date | null };

export class SigningKeyStore {
  readonly #db: Kysely<Database & KeysTable>;
  readonly #sealer: Sealer;

  constructor(db: Kysely<Database>, sealer: Sealer) {
    this.#db = db.withTables<KeysTable>();
    this.#sealer = sealer;
  }

  /** The private JWKS for the provider: newest generation first; generates the first one when there is none. */
  async privateJwks(now: Date): Promise<{ keys: JWK[] }> {
    let rows = await this.#live();
    if (rows.length === 0) {
      await this.#insertGeneration(1, now);
      rows = await this.#live();
    }
    return { keys: rows.map((row) => JSON.parse(this.#sealer.unseal(row.sealed_private_jwk)) as JWK) };
  }

  /** The public JWKS (newest first), for verifiers that must not hold private keys. */
  async publicJwks(): Promise<{ keys: JWK[] }> {
    const rows = await this.#live();
    return { keys: rows.map((row) => (typeof row.public_jwk === 'string' ? JSON.parse(row.public_jwk) : row.public_jwk) as JWK) };
  }

  /** Adds a new generation that signs from the next start on; the previous ones keep verifying. */
  async rotate(now: Date): Promise<KeyGeneration> {
    const top = await this.#db.selectFrom('oidc_keys').select((eb) => eb.fn.max('generation').as('top')).executeTakeFirst();
    const next = Number(top?.top ?? 0) + 1;
    await this.#insertGeneration(next, now);
    const generations = await this.list();
    return generations.find((generation) => generation.generation === next)!;
  }

  /** Retires a generation (never the newest live one): its keys leave the JWKS. */
  async retire(generation: number, now: Date): Promise<'retired' | 'unknown' | 'newest'> {
    const live = await this.list();
    const target = live.find((entry) => entry.generation === generation && entry.retiredAt === null);
    if (!target) return 'unknown';
    const newest = Math.max(...live.filter((entry) => entry.retiredAt === null).map((entry) => entry.generation));
    if (generation === newest) return 'newest';
    await this.#db.updateTable('oidc_keys').set({ retired_at: now }).where('generation', '=', generation).where('retired_at', 'is', null).execute();
    return 'retired';
  }

  async list(): Promise<KeyGeneration[]> {
    const rows = await this.#db.selectFrom('oidc_keys').select(['kid', 'generation', 'created_at', 'retired_at']).orderBy('generation', 'desc').orderBy('algorithm').execute();
    const generations = new Map<number, KeyGeneration>();
    for (const row of rows) {
      const generation = Number(row.generation);
      const entry = generations.get(generation) ?? { generation, kids: [], createdAt: row.created_at, retiredAt: row.retired_at };
      entry.kids.push(row.kid);
      generations.set(generation, entry);
    }
    return [...generations.values()];
  }

  async #live() {
    return this.#db.selectFrom('oidc_keys').selectAll().where('retired_at', 'is', null).orderBy('generation', 'desc').orderBy('algorithm', 'desc').execute();
  }

  async #insertGeneration(generation: number, now: Date): Promise<void> {
    const values = [];
    for (const algorithm of signingAlgorithms) {
      const { privateKey } = await generateKeyPair(algorithm, { extractable: true, ...(algorithm === 'RS256' ? { modulusLength: 2048 } : {}) });
      const privateJwk = await exportJWK(privateKey);
      const kid = await calculateJwkThumbprint(privateJwk);
      const full: JWK = { ...privateJwk, kid, alg: algorithm, use: 'sig' };
      const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = full;
      values.push({
        kid,
        generation,
        algorithm,
        public_jwk: JSON.stringify(publicJwk),
        sealed_private_jwk: this.#sealer.seal(JSON.stringify(full)),
        created_at: now,
        retired_at: null,
      });
    }
    await this.#db
      .insertInto('oidc_keys')
      .values(values as never)
      .onConflict((conflict) => conflict.columns(['generation', 'algorithm']).doNothing())
      .execute();
  }
}
