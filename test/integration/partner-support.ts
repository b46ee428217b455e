// What the partner tests share: real client-credentials tokens from the platform's token endpoint
// for the demo banks and kiosk, a registered (not yet active) holder, and the partner API calls.
import type { TestPlatform } from '../helpers/platform.ts';
import { demoClientSecret } from '../../src/oidc/demo-clients.ts';
import { registerCompletely } from '../helpers/registration.ts';

/** A real access token from POST /oidc/token (client_credentials, client_secret_basic). */
export async function partnerToken(platform: TestPlatform, clientId: string, scope: string, secret?: string): Promise<string> {
  const basic = Buffer.from(`${clientId}:${secret ?? demoClientSecret(platform.config.secretKey, clientId)}`).toString('base64');
  const response = await platform.app.inject({
    method: 'POST',
    url: '/oidc/token',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
  });
  const body = response.json() as { access_token?: string };
  if (response.statusCode !== 200 || !body.access_token) throw new Error(`no token for ${clientId}: ${response.statusCode} ${response.body}`);
  return body.access_token;
}

/** A holder who registered online: `registered`, with a verified mobile (E.164) and their ID number. */
export async function registeredHolder(platform: TestPlatform, overrides: Record<string, unknown> = {}): Promise<{ idNumber: string; mobile: string; localMobile: string; accountId: string; username: string; password: string }> {
  const { body, mobile } = await registerCompletely(platform, overrides);
  const account = await platform.store.accounts.findByIdNumber(String(body.idNumber));
  if (!account) throw new Error('registration left no account');
  return { idNumber: account.idNumber, mobile, localMobile: String(body.mobile), accountId: account.id, username: account.username, password: String(body.password) };
}

export function activationRequest(
  platform: TestPlatform,
  token: string,
  body: Record<string, unknown>,
  options: { key?: string | null; language?: 'ar' | 'en' } = {},
) {
  const key = options.key === undefined ? crypto.randomUUID() : options.key;
  return platform.app.inject({
    method: 'POST',
    url: '/api/v1/partner/activations',
    headers: { authorization: `Bearer ${token}`, 'accept-language': options.language ?? 'en', ...(key === null ? {} : { 'idempotency-key': key }) },
    payload: body,
  });
}
