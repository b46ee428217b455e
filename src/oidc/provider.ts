// The OpenID Provider (DESIGN §2 "Single sign-on"): oidc-provider configured for Absher. Guarantees:
// authorization code with PKCE S256 only (no implicit, no hybrid, no plain); pairwise subjects per
// portal; claims by scope, the national ID only under its own `national_id` scope and only for a
// client registered with it; acr values for the account level; refresh tokens only with
// offline_access, rotated; RP-initiated and back-channel logout; PAR, DPoP and private_key_jwt
// enforced per client by the FAPI 2.0 profile; client-credentials tokens for banks and kiosks as
// signed JWTs for the partner API audience. Storage is our database; keys come from oidc_keys.
import { createHmac, hkdfSync } from 'node:crypto';
import Provider, { errors, interactionPolicy, type Configuration, type KoaContextWithOIDC, type ResourceServer } from 'oidc-provider';
import type { Kysely } from 'kysely';
import type { Database } from '../adapters/db/schema.ts';
import type { Clock } from '../core/ports.ts';
import type { JWK } from 'jose';
import { adapterFactory } from './kysely-adapter.ts';
import type { ClientRegistry } from './client-registry.ts';
import { partnerApiAudience } from './partner-tokens.ts';
import type { AccountClaimsSource } from './claims.ts';
import { acrFor, acrSatisfies, acrValues, claimsByScope } from './claims.ts';

export const interactionPath = '/sso';

export type ProviderPages = {
  /** Renders the provider's own error page (bad client, bad redirect URI…) in our look. */
  error(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }): Promise<void> | void;
  /** Renders the "sign out of Absher?" question; `form` is the provider's hidden form (its id is op.logoutForm). */
  logout(ctx: KoaContextWithOIDC, form: string): Promise<void> | void;
  /** Renders "you are signed out". */
  loggedOut(ctx: KoaContextWithOIDC): Promise<void> | void;
};

export type OidcProviderOptions = {
  publicUrl: string;
  secretKey: string;
  db: Kysely<Database>;
  clients: ClientRegistry;
  clock: Clock;
  jwks: { keys: JWK[] };
  accounts: AccountClaimsSource;
  pages?: ProviderPages;
  /** Our own sign-in session behind a request (the `__Host-` session cookie), or null: the provider's session never outlives it. */
  absherSession: (ctx: KoaContextWithOIDC) => Promise<{ accountId: string; status: string; signedInAt: Date } | null>;
  production: boolean;
  /** Lifetimes in seconds (tests shorten them). */
  ttl?: Partial<ProviderTtl>;
};

export type ProviderTtl = {
  authorizationCode: number;
  accessToken: number;
  clientCredentials: number;
  idToken: number;
  refreshToken: number;
  interaction: number;
  session: number;
  grant: number;
};

export const defaultTtl: ProviderTtl = {
  authorizationCode: 60,
  accessToken: 10 * 60,
  clientCredentials: 10 * 60,
  idToken: 10 * 60,
  refreshToken: 12 * 60 * 60,
  interaction: 30 * 60,
  // The provider's session follows our own: 12 hours at most (DESIGN §2 sessions).
  session: 12 * 60 * 60,
  grant: 30 * 24 * 60 * 60,
};

/** Scopes of partner clients (client credentials only) and the audience their tokens carry. */
export const partnerScopes = ['activation', 'kiosk'] as const;

/** Our own facts on a provider client (extra metadata keeps its snake_case names). */
export function clientFacts(client: unknown): { kind: string | undefined; partner: string | undefined; fapi: boolean } {
  const metadata = (client ?? {}) as { absher_kind?: string; absher_partner?: string | null; absher_fapi?: boolean };
  return { kind: metadata.absher_kind, partner: metadata.absher_partner ?? undefined, fapi: metadata.absher_fapi === true };
}

/**
 * The default prompts plus one rule: the provider's session counts only while the person's Absher
 * session (same account) is alive, and max_age is measured on that session, so signing out of
 * Absher, or its idle and absolute limits, end single sign-on too; the login interaction then hands
 * over to our sign-in flow.
 */
function interactionPolicyFor(absherSession: OidcProviderOptions['absherSession'], clock: Clock) {
  const policy = interactionPolicy.base();
  const login = policy.get('login');
  if (!login) throw new Error('oidc-provider has no login prompt');
  login.checks.add(
    new interactionPolicy.Check('absher_session', 'the Absher session has ended', async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId) return interactionPolicy.Check.REQUEST_PROMPT;
      const current = await absherSession(ctx);
      if (current?.accountId !== accountId) return interactionPolicy.Check.REQUEST_PROMPT;
      if (ctx.oidc.result?.login) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      // The account level may have changed since sign-in (activated, say): the acr must say what it is now,
      // and requested acr values are checked against it (the interaction refuses what cannot be met).
      const level = acrFor({ status: current.status as 'active' }, 'password_otp');
      if (ctx.oidc.session?.acr !== level) return interactionPolicy.Check.REQUEST_PROMPT;
      const requested = String(ctx.oidc.params?.acr_values ?? '').split(' ').filter(Boolean);
      if (!acrSatisfies(level, requested)) return interactionPolicy.Check.REQUEST_PROMPT;
      // max_age is measured on our session's sign-in time and our clock; a sign-in just made in this request is enough.
      const maxAge = ctx.oidc.params?.max_age;
      if (maxAge !== undefined && (clock.now().getTime() - current.signedInAt.getTime()) / 1000 > Number(maxAge)) {
        return interactionPolicy.Check.REQUEST_PROMPT;
      }
      return interactionPolicy.Check.NO_NEED_TO_PROMPT;
    }),
    0,
  );
  return policy;
}

function derive(secretKey: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'absher', `absher:${purpose}`, 32));
}

export function createOidcProvider(options: OidcProviderOptions): Provider {
  const issuer = `${options.publicUrl}/oidc`;
  const partnerAudience = partnerApiAudience(options.publicUrl);
  const ttl = { ...defaultTtl, ...options.ttl };
  const pairwiseKey = derive(options.secretKey, 'oidc_pairwise');
  const cookieKeys = [derive(options.secretKey, 'oidc_cookies').toString('base64url')];

  const partnerResource: ResourceServer = {
    scope: partnerScopes.join(' '),
    audience: partnerAudience,
    accessTokenFormat: 'jwt',
    accessTokenTTL: ttl.clientCredentials,
    jwt: { sign: { alg: 'ES256' } },
  };

  const configuration: Configuration = {
    adapter: adapterFactory(options.db, options.clients, options.clock) as unknown as Configuration['adapter'],
    clients: [],
    jwks: options.jwks as Configuration['jwks'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    scopes: ['openid', 'offline_access', 'profile', 'absher', 'national_id', ...partnerScopes],
    claims: { ...claimsByScope, openid: ['sub', 'acr', 'auth_time'] } as Configuration['claims'],
    acrValues: [...acrValues],
    subjectTypes: ['pairwise', 'public'],
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
      subject_type: 'pairwise',
    },
    extraClientMetadata: { properties: ['absher_kind', 'absher_partner', 'absher_fapi'] },
    pairwiseIdentifier: async (_ctx, accountId, client) =>
      createHmac('sha256', pairwiseKey).update(`${client.sectorIdentifier ?? client.clientId}\u0000${accountId}`).digest('base64url'),
    findAccount: async (_ctx, sub) => options.accounts.findAccount(sub),
    conformIdTokenClaims: true,
    cookies: {
      keys: cookieKeys,
      // The session cookie is on path / and so can be `__Host-`; the interaction and resume cookies
      // are scoped to their own paths by the provider, so they carry the `__Secure-` prefix.
      names: { session: '__Host-absher-oidc-session', interaction: '__Secure-absher-oidc-interaction', resume: '__Secure-absher-oidc-resume' },
      long: { httpOnly: true, sameSite: 'lax', secure: true, path: '/' },
      short: { httpOnly: true, sameSite: 'lax', secure: true },
    },
    discovery: { ui_locales_supported: ['ar', 'en'], claims_locales_supported: ['ar', 'en'], service_documentation: `${options.publicUrl}/` },
    interactions: { url: async (_ctx, interaction) => `${interactionPath}/${interaction.uid}`, policy: interactionPolicyFor(options.absherSession, options.clock) },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      backchannelLogout: { enabled: true },
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: false, allowUnregisteredRedirectUris: false },
      dPoP: { enabled: true },
      fapi: {
        enabled: true,
        profile: (_ctx: KoaContextWithOIDC, client: unknown) => (clientFacts(client).fapi ? '2.0' : undefined),
      } as never,
      rpInitiatedLogout: {
        enabled: true,
        ...(options.pages
          ? {
              logoutSource: async (ctx: KoaContextWithOIDC, form: string) => options.pages!.logout(ctx, form),
              postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => options.pages!.loggedOut(ctx),
            }
          : {}),
      },
      resourceIndicators: {
        enabled: true,
        // Partner clients get tokens for the partner API without naming it; portals' tokens are for userinfo.
        defaultResource: async (ctx, client, oneOf) => {
          if (oneOf) return oneOf;
          return clientFacts(client).kind === 'portal' ? undefined! : partnerAudience;
        },
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resourceIndicator, client) => {
          const { kind } = clientFacts(client);
          if (resourceIndicator === partnerAudience && (kind === 'bank' || kind === 'kiosk')) return partnerResource;
          throw new errors.InvalidTarget();
        },
      },
    },
    ttl: {
      AuthorizationCode: ttl.authorizationCode,
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? ttl.accessToken,
      ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? ttl.clientCredentials,
      IdToken: ttl.idToken,
      RefreshToken: ttl.refreshToken,
      Interaction: ttl.interaction,
      Session: ttl.session,
      Grant: ttl.grant,
      DPoPProof: 60,
      BackchannelAuthenticationRequest: 600,
      DeviceCode: 600,
      PreAuthorizedCode: 600,
    } as Configuration['ttl'],
    issueRefreshToken: async (_ctx, client, code) => client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    rotateRefreshToken: true,
    expiresWithSession: async (_ctx, code) => !code.scopes.has('offline_access'),
    allowOmittingSingleRegisteredRedirectUri: false,
    ...(options.pages ? { renderError: async (ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }) => options.pages!.error(ctx, out) } : {}),
    enabledJWA: {
      clientAuthSigningAlgValues: ['ES256', 'PS256', 'RS256', 'EdDSA'],
      idTokenSigningAlgValues: ['RS256', 'ES256'],
      userinfoSigningAlgValues: ['RS256', 'ES256'],
      authorizationSigningAlgValues: ['RS256', 'ES256'],
      dPoPSigningAlgValues: ['ES256', 'PS256', 'EdDSA', 'RS256'],
      introspectionSigningAlgValues: ['RS256', 'ES256'],
    },
  };

  if (!options.production) {
    // Outside production the demo portals live on localhost: let back-channel logout reach loopback
    // addresses (production keeps oidc-provider's protection against calls to special-use addresses).
    configuration.fetch = (url, init) => globalThis.fetch(url, { ...init, dispatcher: undefined } as RequestInit);
  }
  const provider = new Provider(issuer, configuration);
  // Behind the load balancer in production the original scheme and host come from X-Forwarded-*.
  provider.proxy = options.production;
  if (!options.production) {
    // Outside production the platform is served over plain http on localhost, which browsers treat
    // as a secure context (they keep Secure and `__Host-` cookies from it). Koa refuses to set a
    // Secure cookie on a connection it does not see as https, so it is told the connection is secure.
    Object.defineProperty(provider.request, 'secure', { get: () => true });
  }
  return provider;
}
