// Wires single sign-on from configuration (called by the composition root, src/main.ts): the sealer,
// the signing keys (generated on first start), the client registry (demo clients seeded outside
// production), the provider and the partner token verifier. Guarantees: nothing here reads
// process.env; production never gets the demo clients.
import { Secrets } from '../core/secrets.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AuditEvent } from '../core/audit/audit-log.ts';
import type { Config } from '../config/config.ts';
import type { Database } from '../adapters/db/schema.ts';
import type { CivilRegistry, Clock } from '../core/ports.ts';
import type { AccountRepository } from '../core/store.ts';
import type { SessionService } from '../core/sessions/session-service.ts';
import { SigningKeyStore } from './signing-keys.ts';
import { ClientRegistry } from './client-registry.ts';
import { demoClients } from './demo-clients.ts';
import { createOidcProvider, type ProviderPages, type ProviderTtl } from './provider.ts';
import { JwtPartnerTokenVerifier, partnerApiAudience, type PartnerTokenVerifier } from './partner-tokens.ts';
import { RegistryAccountClaims } from './claims.ts';
import { deleteExpiredPayloads } from './kysely-adapter.ts';
import { endBrowserSingleSignOn, type SingleLogoutResult } from './single-logout.ts';

export type OidcHttp = {
  provider: Provider;
  clients: ClientRegistry;
  /** Appends a security event to the audit chain (consent given or declined). */
  audit: (event: AuditEvent) => Promise<void>;
  /** Absher's own sign-out: ends this browser's provider session and tells its portals (back-channel logout). */
  endBrowserSingleSignOn: (request: IncomingMessage, response: ServerResponse, accountId: string) => Promise<SingleLogoutResult>;
};

export type OidcComposition = {
  provider: Provider;
  clients: ClientRegistry;
  keys: SigningKeyStore;
  partnerTokens: PartnerTokenVerifier;
  http: OidcHttp;
  issuer: string;
  /** Removes expired provider objects (housekeeping). */
  sweep(now: Date): Promise<number>;
};

export async function composeOidc(options: {
  config: Config;
  db: Kysely<Database>;
  clock: Clock;
  accounts: AccountRepository;
  registry: CivilRegistry;
  /** Our sign-in sessions and the name of their cookie: the provider's session lives only while ours does. */
  sessions: Pick<SessionService, 'resolve' | 'signOut'>;
  sessionCookie: string;
  pages?: ProviderPages;
  ttl?: Partial<ProviderTtl>;
  logger?: Pick<Logger, 'error' | 'warn'> | false;
  /** Appends to the audit chain (single sign-on to a portal, sign-out, consent); none in some tests. */
  recordAudit?: (event: AuditEvent) => Promise<void>;
}): Promise<OidcComposition> {
  const { config, db, clock } = options;
  const sealer = new Secrets(config.secretKey).sealer('oidc_seal');
  const keys = new SigningKeyStore(db, sealer);
  const clients = new ClientRegistry(db, { clock, sealer });
  if (config.devRoutes && config.environment !== 'production') {
    for (const client of demoClients({ secretKey: config.secretKey, portalUrl: config.portalUrl })) await clients.put(client);
  }
  const provider = createOidcProvider({
    publicUrl: config.publicUrl,
    secretKey: config.secretKey,
    db,
    clients,
    clock,
    jwks: await keys.privateJwks(clock.now()),
    accounts: new RegistryAccountClaims(options.accounts, options.registry),
    absherSession: async (ctx) => {
      const resolved = await options.sessions.resolve(ctx.cookies.get(options.sessionCookie, { signed: false }));
      return resolved ? { accountId: resolved.account.id, status: resolved.account.status, signedInAt: resolved.session.createdAt } : null;
    },
    production: config.environment === 'production',
    ...(options.pages ? { pages: options.pages } : {}),
    ...(options.ttl ? { ttl: options.ttl } : {}),
  });
  const logger = options.logger || null;
  // The provider answers its own errors; only unexpected ones and failed back-channel calls are logged (never tokens).
  provider.on('server_error', (_ctx: unknown, error: Error) => logger?.error({ err: error }, 'oidc provider: unexpected error'));
  provider.on('backchannel.error', (_ctx: unknown, error: Error, client: { clientId: string }) =>
    logger?.warn({ client: client.clientId, reason: error.message }, 'oidc provider: back-channel logout not delivered'),
  );
  const audit = async (event: AuditEvent) => {
    try {
      await options.recordAudit?.(event);
    } catch (error) {
      logger?.error({ err: error, type: event.type }, 'oidc provider: audit event not recorded');
    }
  };
  // A portal got a sign-in (an authorization code) for the person; they see it among their security
  // events. Recorded before the answer leaves, so the event exists when the portal comes back.
  provider.use(async (ctx: KoaContextWithOIDC, next) => {
    await next();
    const code = ctx.oidc?.entities?.AuthorizationCode;
    if (!code || ctx.status >= 400 || (ctx.oidc.route !== 'authorization' && ctx.oidc.route !== 'resume')) return;
    await audit({ type: 'oidc.portal_sign_in', accountId: code.accountId, actor: 'person', data: { client: code.clientId, acr: code.acr ?? null } });
  });
  // "Sign out everywhere" at the provider (RP-initiated logout with logout=yes) ends the Absher session too.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.method !== 'POST' || !ctx.path.endsWith('/session/end/confirm') || ctx.status !== 303 || !ctx.oidc?.params?.logout) return;
    const resolved = await options.sessions.resolve(ctx.cookies.get(options.sessionCookie, { signed: false }));
    if (resolved) await options.sessions.signOut(resolved.session.id, resolved.account.id);
    if (resolved) await audit({ type: 'oidc.signed_out_everywhere', accountId: resolved.account.id, actor: 'person', data: { client: ctx.oidc.client?.clientId ?? null } });
    ctx.res.appendHeader('set-cookie', `${options.sessionCookie}=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax`);
  });
  const issuer = `${config.publicUrl}/oidc`;
  const partnerTokens = new JwtPartnerTokenVerifier({ issuer, audience: partnerApiAudience(config.publicUrl), keys, clients, clock });
  return {
    provider,
    clients,
    keys,
    partnerTokens,
    issuer,
    http: {
      provider,
      clients,
      audit,
      endBrowserSingleSignOn: async (request, response, accountId) => {
        const outcome = await endBrowserSingleSignOn(provider, request, response, accountId);
        for (const clientId of outcome.unreachable) logger?.warn({ client: clientId }, 'oidc provider: back-channel logout not delivered');
        return outcome;
      },
    },
    sweep: (now) => deleteExpiredPayloads(db, now),
  };
}
