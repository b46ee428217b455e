// The demo national portal's configuration, from its own environment variables (the portal is a
// separate application: it reads nothing of the platform's configuration). Guarantees: every value
// is checked at start and a bad one stops the portal with a message naming the variable; the
// session and CSRF cookies are `__Host-` cookies whenever the portal is served over https.

export type PortalConfig = {
  /** Absher's OpenID Provider (its issuer identifier), e.g. http://localhost:3000/oidc. */
  issuer: URL;
  host: string;
  port: number;
  /** Where people reach the portal; its /callback, / and /backchannel-logout are registered at Absher. */
  publicUrl: URL;
  clientId: string;
  clientSecret: string;
  /** Scopes asked for at sign-in (openid is always first). */
  scope: string;
  /** Per-address limits on the portal's routes (benchmarks and tests may turn them off). */
  rateLimits: boolean;
};

export class PortalConfigError extends Error {
  override name = 'PortalConfigError';
}

/** The scopes the portal asks for unless PORTAL_SCOPES says otherwise: the profile and the account level. */
export const defaultPortalScope = 'openid profile absher';

export function loadPortalConfig(env: Record<string, string | undefined> = process.env, defaults: { clientSecret?: string; issuer?: string } = {}): PortalConfig {
  // Without PORTAL_PORT the portal listens on the port of PORTAL_URL (Absher registers that URL's callbacks).
  const urlPort = env.PORTAL_URL ? URL.parse(env.PORTAL_URL)?.port || undefined : undefined;
  const port = parsePort(env.PORTAL_PORT ?? urlPort ?? '3001', 'PORTAL_PORT');
  const issuer = parseUrl(env.ABSHER_ISSUER ?? defaults.issuer ?? 'http://localhost:3000/oidc', 'ABSHER_ISSUER');
  const publicUrl = parseUrl(env.PORTAL_URL ?? `http://localhost:${port}`, 'PORTAL_URL');
  const clientSecret = env.PORTAL_CLIENT_SECRET ?? defaults.clientSecret;
  if (!clientSecret) throw new PortalConfigError('PORTAL_CLIENT_SECRET is required (the secret Absher holds for this portal)');
  const scope = (env.PORTAL_SCOPES ?? defaultPortalScope).split(/[\s,]+/).filter(Boolean);
  if (!scope.includes('openid')) scope.unshift('openid');
  if (env.NODE_ENV === 'production' && (issuer.protocol !== 'https:' || publicUrl.protocol !== 'https:')) {
    throw new PortalConfigError('in production ABSHER_ISSUER and PORTAL_URL must be https');
  }
  return {
    issuer,
    // `localhost` listens on both 127.0.0.1 and ::1: Absher's back channel resolves "localhost" to either.
    host: env.PORTAL_HOST ?? 'localhost',
    port,
    publicUrl: new URL(publicUrl.origin),
    clientId: env.PORTAL_CLIENT_ID ?? 'national-portal',
    clientSecret,
    scope: [...new Set(scope)].join(' '),
    rateLimits: (env.PORTAL_RATE_LIMITS ?? env.RATE_LIMITS ?? 'true') !== 'false',
  };
}

function parsePort(value: string, name: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new PortalConfigError(`${name} must be a port number, not "${value}"`);
  return port;
}

function parseUrl(value: string, name: string): URL {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    // The issuer identifier has no trailing slash (oidc-provider's is PUBLIC_URL/oidc).
    if (url.pathname.length > 1 && url.pathname.endsWith('/')) url.pathname = url.pathname.slice(0, -1);
    return url;
  } catch {
    throw new PortalConfigError(`${name} must be an http(s) URL, not "${value}"`);
  }
}
