// The portal as an OpenID Connect relying party of Absher, on `openid-client`: discovery (retried in
// the background until Absher answers, so the portal can start before it), the authorization
// request (code + PKCE S256, state, nonce, ui_locales), the callback (code exchange, ID token and
// UserInfo checks), RP-initiated logout and the verification of back-channel logout tokens.
// Guarantees: plain-http requests are allowed only when the issuer itself is http (development);
// a callback whose state, nonce, PKCE verifier or signature does not check out yields no session;
// a logout token is accepted only when signed by Absher's keys for this portal, fresh, carrying the
// back-channel logout event, a jti, and a sid or sub, and no nonce.
import * as client from 'openid-client';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Clock } from './sessions.ts';
import { systemClock } from './sessions.ts';
import type { Language } from './i18n.ts';

export type RelyingPartyOptions = {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  scope: string;
  clock?: Clock;
  /** Called when a discovery attempt fails (for the log); the portal keeps retrying. */
  onDiscoveryError?: (error: unknown, attempt: number) => void;
  /** First and longest pause between discovery attempts, ms. */
  retry?: { initialMs: number; maxMs: number };
};

/** Why a sign-in or logout could not be completed, as the portal tells the person. */
export type PortalFailure = 'unavailable' | 'denied' | 'login_required' | 'expired' | 'failed';

export class PortalSignInError extends Error {
  override name = 'PortalSignInError';
  readonly reason: PortalFailure;
  constructor(reason: PortalFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

export const backchannelLogoutEvent = 'http://schemas.openid.net/event/backchannel-logout';

export type SignInResult = {
  sub: string;
  sid: string | undefined;
  idToken: string;
  claims: Record<string, unknown>;
};

export class RelyingParty {
  readonly #options: RelyingPartyOptions;
  readonly #clock: Clock;
  #configuration: client.Configuration | undefined;
  #keys: JWTVerifyGetKey | undefined;
  #attempt: Promise<client.Configuration> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #failures = 0;

  constructor(options: RelyingPartyOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  get ready(): boolean {
    return this.#configuration !== undefined;
  }

  /** Starts discovery now and retries it (250 ms doubling to 5 s) until Absher answers or stop(). */
  start(): void {
    void this.#discoverWithRetry();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  async #discoverWithRetry(): Promise<void> {
    if (this.#stopped || this.#configuration) return;
    try {
      await this.#discover();
    } catch (error) {
      this.#failures += 1;
      this.#options.onDiscoveryError?.(error, this.#failures);
      if (this.#stopped) return;
      const { initialMs, maxMs } = this.#options.retry ?? { initialMs: 250, maxMs: 5_000 };
      this.#timer = setTimeout(() => void this.#discoverWithRetry(), Math.min(maxMs, initialMs * 2 ** (this.#failures - 1)));
      this.#timer.unref();
    }
  }

  #discover(): Promise<client.Configuration> {
    this.#attempt ??= (async () => {
      try {
        const { issuer, clientId, clientSecret } = this.#options;
        const configuration = await client.discovery(
          issuer,
          clientId,
          { client_secret: clientSecret },
          client.ClientSecretBasic(clientSecret),
          // Plain http only for a development issuer (DESIGN §6); https everywhere else.
          { execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [], timeout: 10 },
        );
        const jwksUri = configuration.serverMetadata().jwks_uri;
        if (!jwksUri) throw new Error('Absher publishes no jwks_uri');
        this.#keys = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: 5_000, cooldownDuration: 30_000 });
        this.#configuration = configuration;
        return configuration;
      } finally {
        this.#attempt = undefined;
      }
    })();
    return this.#attempt;
  }

  /** The discovered configuration, trying once more now when the background attempts have not succeeded yet. */
  async configuration(): Promise<client.Configuration> {
    if (this.#configuration) return this.#configuration;
    try {
      return await this.#discover();
    } catch {
      // The attempt joined may have begun before Absher was up: one fresh attempt decides.
      try {
        return await this.#discover();
      } catch (error) {
        throw new PortalSignInError('unavailable', 'Absher could not be reached for discovery', { cause: error });
      }
    }
  }

  /** Where to send the person to sign in at Absher, with the values the callback will check. */
  async authorizationRequest(language: Language, extraScopes: readonly string[] = []): Promise<{ url: URL; state: string; nonce: string; codeVerifier: string }> {
    const configuration = await this.configuration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.#options.redirectUri,
      response_type: 'code',
      scope: [...new Set([...this.#options.scope.split(' '), ...extraScopes])].join(' '),
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ui_locales: language,
    });
    return { url, state, nonce, codeVerifier };
  }

  /**
   * Completes a sign-in from the callback URL: checks state, exchanges the code with the PKCE
   * verifier, checks the ID token (signature, issuer, audience, nonce, times), then reads UserInfo
   * for the same subject. The claims are the ID token's with UserInfo's on top.
   */
  async completeSignIn(callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }): Promise<SignInResult> {
    const configuration = await this.configuration();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: expected.codeVerifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      if (error instanceof client.AuthorizationResponseError) {
        const reason: PortalFailure =
          error.error === 'access_denied' ? 'denied' : error.error === 'login_required' || error.error === 'consent_required' || error.error === 'interaction_required' ? 'login_required' : 'failed';
        throw new PortalSignInError(reason, `Absher answered ${error.error}`, { cause: error });
      }
      if (error instanceof client.ResponseBodyError && error.error === 'invalid_grant') {
        throw new PortalSignInError('expired', 'the code was refused (used or expired)', { cause: error });
      }
      if (isNetworkError(error)) throw new PortalSignInError('unavailable', 'Absher could not be reached for the code exchange', { cause: error });
      throw new PortalSignInError('failed', 'the answer from Absher did not verify', { cause: error });
    }
    const idClaims = tokens.claims();
    if (!idClaims || !tokens.id_token) throw new PortalSignInError('failed', 'Absher sent no ID token');
    let userInfo: Record<string, unknown> = {};
    try {
      userInfo = await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
    } catch (error) {
      if (isNetworkError(error)) throw new PortalSignInError('unavailable', 'Absher could not be reached for UserInfo', { cause: error });
      throw new PortalSignInError('failed', 'the UserInfo answer did not verify', { cause: error });
    }
    const claims: Record<string, unknown> = { ...idClaims, ...userInfo };
    return { sub: idClaims.sub, sid: typeof idClaims.sid === 'string' ? idClaims.sid : undefined, idToken: tokens.id_token, claims };
  }

  /** Absher's end-session URL for RP-initiated logout; undefined when Absher offers none. */
  async endSessionUrl(input: { idToken: string; state: string; language: Language }): Promise<URL | undefined> {
    const configuration = await this.configuration();
    if (!configuration.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(configuration, {
      id_token_hint: input.idToken,
      post_logout_redirect_uri: this.#options.postLogoutRedirectUri,
      state: input.state,
      ui_locales: input.language,
    });
  }

  /** Verifies a back-channel logout token (OpenID Connect Back-Channel Logout 1.0 §2.6). */
  async verifyLogoutToken(token: string): Promise<LogoutTarget> {
    const configuration = await this.configuration();
    const metadata = configuration.serverMetadata();
    return verifyLogoutToken(token, {
      keys: this.#keys!,
      issuer: metadata.issuer,
      audience: this.#options.clientId,
      algorithms: metadata.id_token_signing_alg_values_supported,
      now: this.#clock.now(),
    });
  }
}

export type LogoutTarget = { jti: string; sub: string | undefined; sid: string | undefined };

export class LogoutTokenError extends Error {
  override name = 'LogoutTokenError';
}

/** The checks of a logout token, apart from fetching keys (tests give local keys). */
export async function verifyLogoutToken(
  token: string,
  options: { keys: JWTVerifyGetKey; issuer: string; audience: string; algorithms?: string[] | undefined; now: Date; maxAgeSeconds?: number },
): Promise<LogoutTarget> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, options.keys, {
      issuer: options.issuer,
      audience: options.audience,
      algorithms: (options.algorithms ?? ['RS256', 'PS256', 'ES256', 'EdDSA']).filter((alg) => alg !== 'none' && !alg.startsWith('HS')),
      currentDate: options.now,
      maxTokenAge: `${options.maxAgeSeconds ?? 300}s`,
      requiredClaims: ['iat', 'jti'],
      clockTolerance: 30,
    }));
  } catch (error) {
    throw new LogoutTokenError(`the logout token did not verify: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const events = payload.events;
  if (typeof events !== 'object' || events === null || typeof (events as Record<string, unknown>)[backchannelLogoutEvent] !== 'object') {
    throw new LogoutTokenError('the logout token carries no back-channel logout event');
  }
  if ('nonce' in payload) throw new LogoutTokenError('a logout token must not carry a nonce');
  const sub = typeof payload.sub === 'string' ? payload.sub : undefined;
  const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
  if (sub === undefined && sid === undefined) throw new LogoutTokenError('the logout token names neither sub nor sid');
  if (typeof payload.jti !== 'string' || payload.jti.length === 0) throw new LogoutTokenError('the logout token has no jti');
  return { jti: payload.jti, sub, sid };
}

function isNetworkError(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  return (
    (error instanceof TypeError && /fetch failed/i.test(error.message)) ||
    (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) ||
    (cause !== undefined && typeof cause.code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|UND_ERR)/.test(cause.code))
  );
}
