// oidc-provider's storage adapter over our database (table oidc_payloads, migration 0005), and the
// client registry as the provider's `Client` model. Guarantees: an expired object is never found; a
// consumed one is found with `consumed` set (the provider then refuses it and revokes its grant);
// revoking a grant removes every object issued under it in one statement; secondary lookups (uid,
// user code) see only their own model. Times come from the given clock so tests can move it.
import type { Kysely } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Database } from '../adapters/db/schema.ts';
import type { Clock } from '../core/ports.ts';
import type { ClientRegistry } from './client-registry.ts';

type PayloadsTable = {
  oidc_payloads: {
    model: string;
    id: string;
    payload: unknown;
    grant_id: string | null;
    user_code: string | null;
    uid: string | null;
    expires_at: Date | null;
    consumed_at: Date | null;
  };
};

export type PayloadDatabase = Kysely<Database & PayloadsTable>;

/** The adapter of one model (what oidc-provider constructs per model name). */
export class KyselyPayloadAdapter implements Adapter {
  readonly #db: PayloadDatabase;
  readonly #model: string;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, model: string, clock: Clock) {
    this.#db = db.withTables<PayloadsTable>();
    this.#model = model;
    this.#clock = clock;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const row = {
      model: this.#model,
      id,
      payload: JSON.stringify(payload),
      grant_id: payload.grantId ?? null,
      user_code: payload.userCode ?? null,
      uid: payload.uid ?? null,
      expires_at: expiresIn ? new Date(this.#clock.now().getTime() + expiresIn * 1000) : null,
      consumed_at: null,
    };
    await this.#db
      .insertInto('oidc_payloads')
      .values(row as never)
      .onConflict((conflict) =>
        conflict.columns(['model', 'id']).doUpdateSet({
          payload: row.payload,
          grant_id: row.grant_id,
          user_code: row.user_code,
          uid: row.uid,
          expires_at: row.expires_at,
        } as never),
      )
      .execute();
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.#findWhere('id', id);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.#findWhere('uid', uid);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.#findWhere('user_code', userCode);
  }

  async consume(id: string): Promise<void> {
    await this.#db
      .updateTable('oidc_payloads')
      .set({ consumed_at: this.#clock.now() })
      .where('model', '=', this.#model)
      .where('id', '=', id)
      .where('consumed_at', 'is', null)
      .execute();
  }

  async destroy(id: string): Promise<void> {
    await this.#db.deleteFrom('oidc_payloads').where('model', '=', this.#model).where('id', '=', id).execute();
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.#db.deleteFrom('oidc_payloads').where('grant_id', '=', grantId).execute();
  }

  async #findWhere(column: 'id' | 'uid' | 'user_code', value: string): Promise<AdapterPayload | undefined> {
    if (typeof value !== 'string' || value.length === 0) return undefined;
    const now = this.#clock.now();
    const row = await this.#db
      .selectFrom('oidc_payloads')
      .select(['payload', 'consumed_at'])
      .where('model', '=', this.#model)
      .where(column, '=', value)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .executeTakeFirst();
    if (!row) return undefined;
    const payload = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as AdapterPayload;
    return row.consumed_at ? { ...payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : payload;
  }
}

/** Reads the client registry for the provider's `Client` model; the registry is written by the CLI, never by the provider. */
export class ClientRegistryAdapter implements Adapter {
  readonly #registry: ClientRegistry;

  constructor(registry: ClientRegistry) {
    this.#registry = registry;
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return (await this.#registry.providerMetadata(id)) as AdapterPayload | undefined;
  }

  async upsert(): Promise<void> {
    throw new Error('clients are registered with the clients command, not through the provider');
  }

  async findByUid(): Promise<undefined> {
    return undefined;
  }

  async findByUserCode(): Promise<undefined> {
    return undefined;
  }

  async consume(): Promise<void> {}

  async destroy(): Promise<void> {
    throw new Error('clients are removed with the clients command, not through the provider');
  }

  async revokeByGrantId(): Promise<void> {}
}

/** The adapter factory oidc-provider is configured with. */
export function adapterFactory(db: Kysely<Database>, registry: ClientRegistry, clock: Clock): (model: string) => Adapter {
  return (model) => (model === 'Client' ? new ClientRegistryAdapter(registry) : new KyselyPayloadAdapter(db, model, clock));
}

/** Deletes expired payloads (housekeeping); returns how many went. */
export async function deleteExpiredPayloads(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db.withTables<PayloadsTable>().deleteFrom('oidc_payloads').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
