// The client registry (table oidc_clients, migration 0005): government portals (authorization code)
// and partner clients (banks and kiosks: client credentials). Guarantees: every record is validated
// before it is written (redirect URIs, scopes allowed for its kind, an auth method with what it needs);
// a FAPI 2.0 client always has private_key_jwt, PAR and DPoP; a secret is stored only sealed; the
// provider sees a client exactly as the registry describes it, at most `cacheMs` later.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { JWK } from 'jose';
import type { Database } from '../adapters/db/schema.ts';
import type { Clock } from '../core/ports.ts';
import type { Sealer } from '../core/sealer.ts';

export type ClientKind = 'portal' | 'bank' | 'kiosk';
export type ClientAuthMethod = 'client_secret_basic' | 'private_key_jwt';

/** Scopes each kind of client may hold. */
export const scopesByKind: Record<ClientKind, readonly string[]> = {
  portal: ['openid', 'profile', 'absher', 'national_id', 'offline_access'],
  bank: ['activation'],
  kiosk: ['kiosk'],
};

export type ClientRecord = {
  clientId: string;
  kind: ClientKind;
  /** Bank code or kiosk device id (partners); null for portals. */
  partner: string | null;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  scopes: string[];
  authMethod: ClientAuthMethod;
  /** Public keys for private_key_jwt (inline JWKS). */
  jwks: { keys: JWK[] } | null;
  fapi: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export type ClientInput = Omit<ClientRecord, 'createdAt' | 'updatedAt'> & { secret?: string | null };

type ClientsTable = {
  oidc_clients: {
    client_id: string;
    kind: string;
    partner: string | null;
    name: string;
    metadata: unknown;
    sealed_secret: string | null;
    fapi: boolean;
    created_at: Date;
    updated_at: Date;
  };
};

type StoredMetadata = Pick<ClientRecord, 'redirectUris' | 'postLogoutRedirectUris' | 'backchannelLogoutUri' | 'scopes' | 'authMethod' | 'jwks'>;

export class ClientValidationError extends Error {
  override name = 'ClientValidationError';
}

const httpUrl = z.url({ protocol: /^https?$/ }).refine((value) => !new URL(value).hash, 'no fragment allowed');

const inputSchema = z
  .object({
    clientId: z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'client id: 3–64 lowercase letters, digits, dot, dash or underscore'),
    kind: z.enum(['portal', 'bank', 'kiosk']),
    partner: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/).nullable(),
    name: z.string().trim().min(1).max(120),
    redirectUris: z.array(httpUrl).max(10),
    postLogoutRedirectUris: z.array(httpUrl).max(10),
    backchannelLogoutUri: httpUrl.nullable(),
    scopes: z.array(z.string()).min(1),
    authMethod: z.enum(['client_secret_basic', 'private_key_jwt']),
    jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1) }).nullable(),
    fapi: z.boolean(),
    secret: z.string().min(32).nullable().optional(),
  })
  .superRefine((input, context) => {
    const allowed = scopesByKind[input.kind];
    for (const scope of input.scopes) {
      if (!allowed.includes(scope)) context.addIssue({ code: 'custom', path: ['scopes'], message: `scope "${scope}" is not allowed for a ${input.kind} client` });
    }
    if (input.kind === 'portal') {
      if (input.redirectUris.length === 0) context.addIssue({ code: 'custom', path: ['redirectUris'], message: 'a portal needs at least one redirect URI' });
      if (!input.scopes.includes('openid')) context.addIssue({ code: 'custom', path: ['scopes'], message: 'a portal needs the openid scope' });
      if (input.partner !== null) context.addIssue({ code: 'custom', path: ['partner'], message: 'a portal has no partner code' });
      const hosts = new Set(input.redirectUris.map((uri) => new URL(uri).host));
      if (hosts.size > 1) context.addIssue({ code: 'custom', path: ['redirectUris'], message: 'redirect URIs of one portal share one host (its pairwise sector)' });
    } else {
      if (input.partner === null) context.addIssue({ code: 'custom', path: ['partner'], message: `a ${input.kind} client needs its partner code` });
      if (input.redirectUris.length > 0 || input.postLogoutRedirectUris.length > 0 || input.backchannelLogoutUri) {
        context.addIssue({ code: 'custom', path: ['redirectUris'], message: 'partner clients use client credentials only: no redirect URIs' });
      }
    }
    if (input.fapi && input.authMethod !== 'private_key_jwt') context.addIssue({ code: 'custom', path: ['authMethod'], message: 'FAPI 2.0 needs private_key_jwt' });
    if (input.authMethod === 'private_key_jwt' && !input.jwks) context.addIssue({ code: 'custom', path: ['jwks'], message: 'private_key_jwt needs the client public keys (jwks)' });
    if (input.authMethod === 'client_secret_basic' && !input.secret) context.addIssue({ code: 'custom', path: ['secret'], message: 'client_secret_basic needs a secret (32+ characters)' });
    for (const key of input.jwks?.keys ?? []) {
      if ('d' in key) context.addIssue({ code: 'custom', path: ['jwks'], message: 'jwks must hold public keys only' });
    }
  });

export type ClientRegistryOptions = { clock: Clock; sealer: Sealer; cacheMs?: number };

export class ClientRegistry {
  readonly #db: Kysely<Database & ClientsTable>;
  readonly #clock: Clock;
  readonly #sealer: Sealer;
  readonly #cacheMs: number;
  readonly #cache = new Map<string, { at: number; metadata: Record<string, unknown> | undefined }>();
  readonly #records = new Map<string, { at: number; record: ClientRecord | undefined }>();

  constructor(db: Kysely<Database>, options: ClientRegistryOptions) {
    this.#db = db.withTables<ClientsTable>();
    this.#clock = options.clock;
    this.#sealer = options.sealer;
    this.#cacheMs = options.cacheMs ?? 5_000;
  }

  /** Checks an input; throws ClientValidationError listing every problem. */
  static validate(input: ClientInput): ClientInput {
    const parsed = inputSchema.safeParse(input);
    if (!parsed.success) {
      throw new ClientValidationError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'client'}: ${issue.message}`).join('; '));
    }
    return { ...input, scopes: [...new Set(input.scopes)] };
  }

  /** Registers a new client; false when the id is taken. */
  async register(input: ClientInput): Promise<boolean> {
    const valid = ClientRegistry.validate(input);
    const now = this.#clock.now();
    const inserted = await this.#db
      .insertInto('oidc_clients')
      .values({ ...this.#row(valid), created_at: now, updated_at: now } as never)
      .onConflict((conflict) => conflict.column('client_id').doNothing())
      .returning('client_id')
      .executeTakeFirst();
    this.#forget(valid.clientId);
    return inserted !== undefined;
  }

  /** Inserts or replaces a client (seeding of development data). */
  async put(input: ClientInput): Promise<void> {
    const valid = ClientRegistry.validate(input);
    const now = this.#clock.now();
    const row = this.#row(valid);
    await this.#db
      .insertInto('oidc_clients')
      .values({ ...row, created_at: now, updated_at: now } as never)
      .onConflict((conflict) => conflict.column('client_id').doUpdateSet({ ...row, updated_at: now } as never))
      .execute();
    this.#forget(valid.clientId);
  }

  /** Applies a change to an existing client; false when there is none. A secret left out is kept. */
  async update(clientId: string, change: (current: ClientInput) => ClientInput): Promise<boolean> {
    const current = await this.get(clientId);
    if (!current) return false;
    const secret = await this.#secretOf(clientId);
    const next = ClientRegistry.validate(change({ ...current, secret }));
    if (next.clientId !== clientId) throw new ClientValidationError('clientId: cannot be changed');
    const row = this.#row(next);
    await this.#db
      .updateTable('oidc_clients')
      .set({ ...row, updated_at: this.#clock.now() } as never)
      .where('client_id', '=', clientId)
      .execute();
    this.#forget(clientId);
    return true;
  }

  async remove(clientId: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('oidc_clients').where('client_id', '=', clientId).executeTakeFirst();
    this.#forget(clientId);
    return Number(result.numDeletedRows) > 0;
  }

  async get(clientId: string): Promise<ClientRecord | undefined> {
    const row = await this.#db.selectFrom('oidc_clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  /** get() through a short cache (for verifying tokens on every partner request). */
  async getCached(clientId: string): Promise<ClientRecord | undefined> {
    const now = Date.now();
    const cached = this.#records.get(clientId);
    if (cached && now - cached.at < this.#cacheMs) return cached.record;
    const record = await this.get(clientId);
    this.#records.set(clientId, { at: now, record });
    return record;
  }

  async list(): Promise<ClientRecord[]> {
    const rows = await this.#db.selectFrom('oidc_clients').selectAll().orderBy('kind').orderBy('client_id').execute();
    return rows.map(toRecord);
  }

  /** The client as oidc-provider's metadata (with its secret unsealed), or undefined. */
  async providerMetadata(clientId: string): Promise<Record<string, unknown> | undefined> {
    const now = Date.now();
    const cached = this.#cache.get(clientId);
    if (cached && now - cached.at < this.#cacheMs) return cached.metadata;
    const row = await this.#db.selectFrom('oidc_clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
    const metadata = row ? toProviderMetadata(toRecord(row), row.sealed_secret ? this.#sealer.unseal(row.sealed_secret) : null) : undefined;
    this.#cache.set(clientId, { at: now, metadata });
    return metadata;
  }

  #forget(clientId: string): void {
    this.#cache.delete(clientId);
    this.#records.delete(clientId);
  }

  async #secretOf(clientId: string): Promise<string | null> {
    const row = await this.#db.selectFrom('oidc_clients').select('sealed_secret').where('client_id', '=', clientId).executeTakeFirst();
    return row?.sealed_secret ? this.#sealer.unseal(row.sealed_secret) : null;
  }

  #row(input: ClientInput) {
    const metadata: StoredMetadata = {
      redirectUris: input.redirectUris,
      postLogoutRedirectUris: input.postLogoutRedirectUris,
      backchannelLogoutUri: input.backchannelLogoutUri,
      scopes: input.scopes,
      authMethod: input.authMethod,
      jwks: input.jwks,
    };
    return {
      client_id: input.clientId,
      kind: input.kind,
      partner: input.partner,
      name: input.name,
      metadata: JSON.stringify(metadata),
      sealed_secret: input.authMethod === 'client_secret_basic' && input.secret ? this.#sealer.seal(input.secret) : null,
      fapi: input.fapi,
    };
  }
}

function toRecord(row: ClientsTable['oidc_clients']): ClientRecord {
  const metadata = (typeof row.metadata === 'string' ? JSON.parse(row.metadata) : row.metadata) as StoredMetadata;
  return {
    clientId: row.client_id,
    kind: row.kind as ClientKind,
    partner: row.partner,
    name: row.name,
    ...metadata,
    fapi: row.fapi,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** oidc-provider client metadata for a record; the FAPI 2.0 profile turns on PAR, DPoP and ES256. */
export function toProviderMetadata(record: ClientRecord, secret: string | null): Record<string, unknown> {
  const common: Record<string, unknown> = {
    client_id: record.clientId,
    client_name: record.name,
    scope: record.scopes.join(' '),
    token_endpoint_auth_method: record.authMethod,
    ...(record.authMethod === 'client_secret_basic' && secret ? { client_secret: secret } : {}),
    ...(record.jwks ? { jwks: record.jwks } : {}),
    ...(record.authMethod === 'private_key_jwt' && record.fapi ? { token_endpoint_auth_signing_alg: 'ES256' } : {}),
    absher_kind: record.kind,
    absher_partner: record.partner,
    absher_fapi: record.fapi,
  };
  if (record.kind !== 'portal') {
    return { ...common, grant_types: ['client_credentials'], response_types: [], redirect_uris: [] };
  }
  return {
    ...common,
    grant_types: record.scopes.includes('offline_access') ? ['authorization_code', 'refresh_token'] : ['authorization_code'],
    response_types: ['code'],
    redirect_uris: record.redirectUris,
    post_logout_redirect_uris: record.postLogoutRedirectUris,
    ...(record.backchannelLogoutUri ? { backchannel_logout_uri: record.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
    subject_type: 'pairwise',
    ...(record.fapi
      ? {
          require_pushed_authorization_requests: true,
          dpop_bound_access_tokens: true,
          id_token_signed_response_alg: 'ES256',
          authorization_signed_response_alg: 'ES256',
        }
      : {}),
  };
}
