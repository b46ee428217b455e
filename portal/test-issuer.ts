// A small OpenID Provider for the portal's own tests (not used by the platform or the demo): a real
// `oidc-provider` on a free port with one client shaped like Absher's `national-portal`, accounts
// given by the test, and an interaction endpoint that signs in whichever account the test chose
// (Absher's own sign-in pages are tested with the platform in test/e2e/sso.e2e.test.ts).
// Guarantees: code + PKCE S256 only, RP-initiated and back-channel logout as Absher configures them.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Provider, { type Configuration } from 'oidc-provider';
import { exportJWK, generateKeyPair } from 'jose';
import { claimsByScope } from '../src/oidc/claims.ts';

export type TestIssuer = {
  issuer: string;
  provider: Provider;
  /** The account the next interaction signs in; null refuses (access_denied). */
  signInAs(accountId: string | null): void;
  close(): Promise<void>;
};

export async function startTestIssuer(options: {
  client: { clientId: string; clientSecret: string; portalUrl: string };
  accounts: Record<string, Record<string, unknown>>;
  /** The port to listen on (0 for any free one). */
  port?: number;
}): Promise<TestIssuer> {
  let handler: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;
  const server: Server = createServer((request, response) => handler?.(request, response));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the test issuer is not listening');
  const issuer = `http://localhost:${address.port}`;
  let nextAccount: string | null = null;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const configuration: Configuration = {
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'test-issuer-1', alg: 'RS256', use: 'sig' }] } as Configuration['jwks'],
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    clients: [
      {
        client_id: options.client.clientId,
        client_secret: options.client.clientSecret,
        redirect_uris: [`${options.client.portalUrl}/callback`],
        post_logout_redirect_uris: [`${options.client.portalUrl}/`],
        backchannel_logout_uri: `${options.client.portalUrl}/backchannel-logout`,
        backchannel_logout_session_required: true,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'absher', 'national_id'],
    // The same claims by scope as Absher's provider.
    claims: { ...claimsByScope, openid: ['sub'] } as Configuration['claims'],
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
      backchannelLogout: { enabled: true },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['test-issuer-cookie-key-0123456789abcdef'] },
    // oidc-provider refuses outgoing requests to loopback addresses (SSRF protection); the portal
    // under test listens on localhost, so the back channel goes without that dispatcher here.
    fetch: (url, init) => {
      const { dispatcher: _dispatcher, ...rest } = init as RequestInit & { dispatcher?: unknown };
      return fetch(url, rest);
    },
    findAccount: async (_ctx, sub) => {
      const claims = options.accounts[sub];
      return claims ? { accountId: sub, claims: async () => ({ sub, ...claims }) } : undefined;
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  handler = (request, response) => {
    if (!request.url?.startsWith('/interaction/')) return callback(request, response);
    void (async () => {
      try {
        const details = await provider.interactionDetails(request, response);
        if (nextAccount === null) {
          await provider.interactionFinished(request, response, { error: 'access_denied', error_description: 'the person declined' }, { mergeWithLastSubmission: false });
          return;
        }
        const grant = new provider.Grant({ accountId: nextAccount, clientId: String(details.params.client_id) });
        grant.addOIDCScope(String(details.params.scope));
        const grantId = await grant.save();
        await provider.interactionFinished(request, response, { login: { accountId: nextAccount }, consent: { grantId } }, { mergeWithLastSubmission: false });
      } catch (error) {
        response.statusCode = 500;
        response.end(error instanceof Error ? error.message : String(error));
      }
    })();
  };

  return {
    issuer,
    provider,
    signInAs(accountId) {
      nextAccount = accountId;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
