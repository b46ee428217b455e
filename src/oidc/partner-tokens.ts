// Verification of partner access tokens (INTERFACES §2): client-credentials tokens the provider
// issued to banks and kiosks for the partner API. Guarantees: a token is accepted only when its
// signature verifies against the provider's live signing keys, it is an access token (`at+jwt`)
// from our issuer, for the partner API audience, unexpired, and names a registered bank or kiosk
// client that still holds the scopes it carries; anything else yields undefined, never an exception.
import { createLocalJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Clock } from '../core/ports.ts';
import type { ClientRegistry } from './client-registry.ts';
import type { SigningKeyStore } from './signing-keys.ts';

export type PartnerClientKind = 'bank' | 'kiosk';
export type PartnerToken = { clientId: string; kind: PartnerClientKind; partner: string /* bank code or kiosk device id */; scopes: string[] };
export interface PartnerTokenVerifier {
  verify(bearer: string): Promise<PartnerToken | undefined>;
}

/** The audience (resource indicator) of partner tokens. */
export function partnerApiAudience(publicUrl: string): string {
  return `${publicUrl}/api/v1/partner`;
}

export type JwtPartnerTokenVerifierOptions = {
  issuer: string;
  audience: string;
  keys: Pick<SigningKeyStore, 'publicJwks'>;
  clients: Pick<ClientRegistry, 'getCached'>;
  clock: Clock;
  /** How long the key set is kept before it is read again (a new kid also triggers a reload). */
  keysCacheMs?: number;
};

export class JwtPartnerTokenVerifier implements PartnerTokenVerifier {
  readonly #options: JwtPartnerTokenVerifierOptions;
  #jwks: { at: number; get: JWTVerifyGetKey; kids: Set<string> } | null = null;

  constructor(options: JwtPartnerTokenVerifierOptions) {
    this.#options = options;
  }

  async verify(bearer: string): Promise<PartnerToken | undefined> {
    if (typeof bearer !== 'string' || bearer.split('.').length !== 3) return undefined;
    try {
      const getKey = await this.#keySet(bearer);
      const { payload } = await jwtVerify(bearer, getKey, {
        issuer: this.#options.issuer,
        audience: this.#options.audience,
        typ: 'at+jwt',
        currentDate: this.#options.clock.now(),
        algorithms: ['RS256', 'ES256'],
      });
      const clientId = typeof payload.client_id === 'string' ? payload.client_id : undefined;
      if (!clientId || payload.sub !== clientId) return undefined;
      const client = await this.#options.clients.getCached(clientId);
      if (!client || (client.kind !== 'bank' && client.kind !== 'kiosk') || !client.partner) return undefined;
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter((scope) => client.scopes.includes(scope)) : [];
      if (scopes.length === 0) return undefined;
      return { clientId, kind: client.kind, partner: client.partner, scopes };
    } catch {
      return undefined;
    }
  }

  async #keySet(token: string): Promise<JWTVerifyGetKey> {
    const kid = readKid(token);
    const now = Date.now();
    const cached = this.#jwks;
    if (cached && now - cached.at < (this.#options.keysCacheMs ?? 60_000) && (!kid || cached.kids.has(kid))) return cached.get;
    // An unknown kid reloads the keys, at most every 5 seconds (tokens with made-up kids cannot hammer the database).
    if (cached && kid && !cached.kids.has(kid) && now - cached.at < 5_000) return cached.get;
    const jwks = await this.#options.keys.publicJwks();
    this.#jwks = { at: now, get: createLocalJWKSet(jwks), kids: new Set(jwks.keys.map((key) => key.kid ?? '')) };
    return this.#jwks.get;
  }
}

function readKid(token: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: unknown };
    return typeof header.kid === 'string' ? header.kid : undefined;
  } catch {
    return undefined;
  }
}
