// Development data: the demo clients registered at start outside production (INTERFACES §2): four
// banks (scope activation), one kiosk device (scope kiosk) and the demo national portal. Their secrets
// are derived from the platform's root secret, so the dev simulators and the demo portal can compute
// them (never in production: the server refuses the development secret there).
import { createHmac } from 'node:crypto';
import type { ClientInput } from './client-registry.ts';

export const demoBankCodes = ['alrajhi', 'anb', 'saib', 'bsf'] as const;
export const demoKioskDevice = 'kiosk-riyadh-01';
export const demoPortalClientId = 'national-portal';
export const defaultPortalUrl = 'http://localhost:3001';

/** The development secret of a demo client: HMAC of its id under the root secret. */
export function demoClientSecret(secretKey: string, clientId: string): string {
  return createHmac('sha256', secretKey).update(`absher:oidc-demo-client:${clientId}`).digest('base64url');
}

/** The demo clients; `portalUrl` is where the demo national portal runs (PORTAL_URL). */
export function demoClients(options: { secretKey: string; portalUrl?: string }): ClientInput[] {
  const portal = (options.portalUrl ?? defaultPortalUrl).replace(/\/$/, '');
  const partner = (clientId: string, kind: 'bank' | 'kiosk', code: string, name: string): ClientInput => ({
    clientId,
    kind,
    partner: code,
    name,
    redirectUris: [],
    postLogoutRedirectUris: [],
    backchannelLogoutUri: null,
    scopes: [kind === 'bank' ? 'activation' : 'kiosk'],
    authMethod: 'client_secret_basic',
    jwks: null,
    fapi: false,
    secret: demoClientSecret(options.secretKey, clientId),
  });
  return [
    ...demoBankCodes.map((code) => partner(`bank-${code}`, 'bank', code, `Bank ${code}`)),
    partner(demoKioskDevice, 'kiosk', demoKioskDevice, 'Kiosk Riyadh 01'),
    {
      clientId: demoPortalClientId,
      kind: 'portal',
      partner: null,
      name: 'National portal (demo)',
      redirectUris: [`${portal}/callback`],
      postLogoutRedirectUris: [`${portal}/`],
      backchannelLogoutUri: `${portal}/backchannel-logout`,
      scopes: ['openid', 'profile', 'absher', 'national_id', 'offline_access'],
      authMethod: 'client_secret_basic',
      jwks: null,
      fapi: false,
      secret: demoClientSecret(options.secretKey, demoPortalClientId),
    },
  ];
}
