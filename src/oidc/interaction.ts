// The bridge from the provider's login prompt to our own sign-in (no second sign-in here): decides,
// from the person's Absher session and the portal's request, whether that session can be used, a
// sign-in must happen first, or the request cannot be met. Guarantees: `prompt=login` and `max_age`
// are met only by a sign-in that completed after the request began (a new session, created after the
// moment recorded when the person was sent to sign in), or by a session younger than max_age; the
// auth time handed to the provider is our session's sign-in time; the acr is the account's level,
// and requested acr values the account cannot meet end the request with an error, never a token.
import { acrFor, acrSatisfies, type AcrValue } from './claims.ts';

export type AbsherAuth = { accountId: string; status: string; sessionId: string; signedInAt: Date };
export type ReauthMarker = { since: string; previousSessionId: string | null };
export type LoginParams = { prompt?: string | undefined; max_age?: number | string | undefined; acr_values?: string | undefined };

export type LoginDecision =
  /** Send the person to sign in; `reauth` when they already have a session that is not enough. */
  | { kind: 'sign_in'; reauth: boolean }
  | { kind: 'finish'; login: { accountId: string; acr: AcrValue; amr: string[]; ts: number; remember: boolean } }
  | { kind: 'refuse'; error: 'unmet_authentication_requirements'; acr: AcrValue };

export function decideLogin(input: { auth: AbsherAuth | null; params: LoginParams; marker: ReauthMarker | null; now: Date }): LoginDecision {
  const { auth, params, marker, now } = input;
  const forced = (params.prompt ?? '').split(' ').includes('login');
  const maxAge = params.max_age === undefined || params.max_age === '' ? undefined : Number(params.max_age);
  if (!auth) return { kind: 'sign_in', reauth: false };
  const freshSinceMarker =
    marker !== null && auth.sessionId !== marker.previousSessionId && auth.signedInAt.getTime() >= new Date(marker.since).getTime() - 1000;
  if (forced && !freshSinceMarker) return { kind: 'sign_in', reauth: true };
  if (maxAge !== undefined && Number.isFinite(maxAge) && !freshSinceMarker && (now.getTime() - auth.signedInAt.getTime()) / 1000 > maxAge) {
    return { kind: 'sign_in', reauth: true };
  }
  const acr = acrFor({ status: auth.status as 'active' }, 'password_otp');
  const requested = (params.acr_values ?? '').split(' ').filter(Boolean);
  if (!acrSatisfies(acr, requested)) return { kind: 'refuse', error: 'unmet_authentication_requirements', acr };
  return {
    kind: 'finish',
    login: { accountId: auth.accountId, acr, amr: ['pwd', 'sms', 'mfa'], ts: Math.floor(auth.signedInAt.getTime() / 1000), remember: true },
  };
}

/** Scopes a consent screen lists (what the portal will receive), in a stable order. */
export const consentScopeOrder = ['openid', 'profile', 'absher', 'national_id', 'offline_access'] as const;

export function scopesToList(requested: readonly string[]): string[] {
  return consentScopeOrder.filter((scope) => requested.includes(scope));
}
