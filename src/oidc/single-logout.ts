// Single logout from Absher's own sign-out: the browser's provider session (its cookie) is ended, every
// portal it signed in to with a back-channel logout URI is told (a signed logout token), and the
// grants of that session are revoked with their tokens. Guarantees: only the provider session of this
// browser and only when it belongs to the account signing out; a portal that cannot be reached does
// not stop the sign-out (it is reported to the caller).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';

type SessionAuthorizations = Record<string, { sid?: string; grantId?: string; persistsLogout?: boolean }>;
type LogoutCapableClient = { backchannelLogoutUri?: string; backchannelLogout(accountId: string, sid: string): Promise<void> };

export type SingleLogoutResult = { told: string[]; unreachable: string[] };

export async function endBrowserSingleSignOn(provider: Provider, request: IncomingMessage, response: ServerResponse, accountId: string): Promise<SingleLogoutResult> {
  const result: SingleLogoutResult = { told: [], unreachable: [] };
  const ctx = provider.createContext(request, response);
  const session = await provider.Session.get(ctx as never);
  if (!session.accountId || session.accountId !== accountId) return result;
  const authorizations = ((session as unknown as { authorizations?: SessionAuthorizations }).authorizations ?? {}) as SessionAuthorizations;
  for (const [clientId, authorization] of Object.entries(authorizations)) {
    const client = (await provider.Client.find(clientId)) as unknown as LogoutCapableClient | undefined;
    if (client?.backchannelLogoutUri && authorization.sid) {
      try {
        await client.backchannelLogout(accountId, authorization.sid);
        result.told.push(clientId);
      } catch {
        result.unreachable.push(clientId);
      }
    }
    if (authorization.grantId && !authorization.persistsLogout) {
      const grant = await provider.Grant.find(authorization.grantId);
      if (grant) {
        await provider.AccessToken.adapter.revokeByGrantId(authorization.grantId);
        await grant.destroy();
      }
    }
  }
  await session.destroy();
  return result;
}
