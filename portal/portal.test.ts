// The demo national portal against a real OpenID Provider (a small oidc-provider, test-issuer.ts):
// discovery retried until the issuer answers, sign-in with code + PKCE + state + nonce, the profile
// of the claims received, refusals, RP-initiated logout and back-channel logout, plus its config,
// locales and state rules. Absher's own provider is exercised in test/e2e/sso.e2e.test.ts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { startPortal, type RunningPortal } from './main.ts';
import { loadPortalConfig, PortalConfigError } from './config.ts';
import { startTestIssuer, type TestIssuer } from './test-issuer.ts';
import { backchannelLogoutEvent, LogoutTokenError, verifyLogoutToken } from './relying-party.ts';
import { loadPortalLocale } from './i18n.ts';
import { PortalState, sessionRules } from './sessions.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A browser's cookie jar for one host (cookies ignore ports, as the portal and the issuer share localhost). */
class Browser {
  readonly cookies = new Map<string, string>();

  async get(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: this.cookieHeader() } });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const [name = '', ...value] = pair.split('=');
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute) || /^\s*expires=Thu, 01 Jan 1970/i.test(attribute));
      if (expired) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join('='));
    }
    return response;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Follows redirects (303/302) from `url` until an answer that is not a redirect. */
  async follow(url: string, init: RequestInit = {}): Promise<{ response: Response; url: string; trail: string[] }> {
    let current = url;
    let response = await this.get(current, init);
    const trail = [current];
    while (response.status >= 300 && response.status < 400) {
      current = new URL(response.headers.get('location')!, current).href;
      trail.push(current);
      response = await this.get(current);
    }
    return { response, url: current, trail };
  }
}

const accounts = {
  'person-1': {
    name: 'Sara Al-Qahtani',
    name_ar: 'سارة القحطاني',
    name_en: 'Sara Al-Qahtani',
    birthdate: '1990-05-17',
    nationality: 'SAU',
    person_type: 'citizen',
    account_level: 'active',
    national_id: '1012345678',
    id_type: 'national_id',
  },
};

describe('the demo national portal against an OpenID Provider', () => {
  let issuer: TestIssuer;
  let portal: RunningPortal;
  let portalUrl: string;

  before(async () => {
    const portalPort = await freePort();
    const issuerPort = await freePort();
    portalUrl = `http://localhost:${portalPort}`;
    // The portal starts first, while nothing answers at the issuer: it must keep retrying, not crash.
    const config = loadPortalConfig({
      ABSHER_ISSUER: `http://localhost:${issuerPort}`,
      PORTAL_PORT: String(portalPort),
      PORTAL_CLIENT_SECRET: 'portal-test-secret-0123456789abcdef',
      PORTAL_SCOPES: 'openid profile absher',
    });
    portal = await startPortal(config);
    // Discovery is refused now (nothing listens at the issuer): the sign-in page says Absher is unavailable.
    const early = await fetch(`${portalUrl}/login`, { redirect: 'manual' });
    assert.equal(early.status, 503);
    assert.match(await early.text(), /تعذّر الوصول إلى أبشر/);
    issuer = await startTestIssuer({
      client: { clientId: 'national-portal', clientSecret: 'portal-test-secret-0123456789abcdef', portalUrl },
      accounts,
      port: issuerPort,
    });
  });

  after(async () => {
    await portal?.close();
    await issuer?.close();
  });

  it('when Absher becomes reachable after the portal started, then the sign-in goes through and the profile shows the claims in Arabic', async () => {
    issuer.signInAs('person-1');
    const browser = new Browser();
    const { response, url, trail } = await browser.follow(`${portalUrl}/login`);
    assert.ok(trail.length > 2, `the sign-in went to Absher and back (${response.status} at ${url}: ${trail.length === 1 ? await response.clone().text() : ''})`);
    const authorize = new URL(trail[1]!);
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(authorize.searchParams.get('ui_locales'), 'ar');
    assert.ok(authorize.searchParams.get('state') && authorize.searchParams.get('nonce') && authorize.searchParams.get('code_challenge'));
    assert.equal(url, `${portalUrl}/profile`);
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /<html lang="ar" dir="rtl">/);
    for (const text of ['سارة القحطاني', 'Sara Al-Qahtani', 'مواطن', 'مفعّل', 'السعودية', '17 مايو 1990']) assert.ok(html.includes(text), `the profile shows ${text}`);
    assert.ok(!html.includes('1012345678'), 'the ID number was not asked for, so it is not shown');
    assert.ok(browser.cookies.has('portal-session'));
    assert.ok(!browser.cookies.has('portal-signin'), 'the pending sign-in is gone');
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.ok(!csp.includes('unsafe-inline'));
  });

  it('when the person signs in in English, then Absher is asked in English and the profile is in English', async () => {
    issuer.signInAs('person-1');
    const browser = new Browser();
    await browser.get(`${portalUrl}/?lang=en`);
    const { response, trail } = await browser.follow(`${portalUrl}/login`);
    assert.equal(new URL(trail[1]!).searchParams.get('ui_locales'), 'en');
    const html = await response.text();
    assert.match(html, /<html lang="en" dir="ltr">/);
    assert.ok(html.includes('Citizen') && html.includes('17 May 1990') && html.includes('Sign out everywhere'));
  });

  it('when the person chooses to share the ID number, then its scope is asked for and the profile shows it', async () => {
    issuer.signInAs('person-1');
    const browser = new Browser();
    const { response, trail } = await browser.follow(`${portalUrl}/login?share=national_id`);
    assert.deepEqual(new URL(trail[1]!).searchParams.get('scope')?.split(' ').sort(), ['absher', 'national_id', 'openid', 'profile']);
    const html = await response.text();
    assert.ok(html.includes('1012345678') && html.includes('هوية وطنية'));
  });

  it('when the person declines at Absher, then the portal says so and starts no session', async () => {
    issuer.signInAs(null);
    const browser = new Browser();
    const { response, url } = await browser.follow(`${portalUrl}/login`);
    assert.equal(new URL(url).pathname, '/callback');
    assert.equal(response.status, 403);
    assert.match(await response.text(), /لم تُشارَك بياناتك/);
    assert.ok(!browser.cookies.has('portal-session'));
  });

  it('when a callback arrives without the sign-in it answers (forged, replayed or from another browser), then no session starts', async () => {
    issuer.signInAs('person-1');
    // A browser that started no sign-in presents a callback URL.
    const attacker = new Browser();
    const forged = await attacker.get(`${portalUrl}/callback?code=abc&state=def`);
    assert.equal(forged.status, 400);
    assert.ok(!attacker.cookies.has('portal-session'));

    // A callback whose state is not the one sent is refused even with the right cookie.
    const browser = new Browser();
    const login = await browser.get(`${portalUrl}/login`);
    const sent = new URL(login.headers.get('location')!);
    const wrongState = await browser.get(`${portalUrl}/callback?code=whatever&state=not-${sent.searchParams.get('state')}`);
    assert.equal(wrongState.status, 502);
    assert.ok(!browser.cookies.has('portal-session'));
  });

  it('when the profile is opened without a session, then the portal sends the person home', async () => {
    const response = await fetch(`${portalUrl}/profile`, { redirect: 'manual' });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/');
  });

  it('when the person signs out everywhere, then the portal session ends, Absher ends its session and sends the person back', async () => {
    issuer.signInAs('person-1');
    const browser = new Browser();
    const { response } = await browser.follow(`${portalUrl}/login`);
    const csrf = (await response.text()).match(/name="_csrf" value="([^"]+)"/)?.[1];
    assert.ok(csrf);

    const refused = await browser.get(`${portalUrl}/logout`, { method: 'POST', body: new URLSearchParams({ _csrf: 'forged' }) });
    assert.equal(refused.status, 403);
    assert.ok(browser.cookies.has('portal-session'), 'a forged sign-out changes nothing');

    const logout = await browser.get(`${portalUrl}/logout`, { method: 'POST', body: new URLSearchParams({ _csrf: csrf }) });
    assert.equal(logout.status, 303);
    const endSession = new URL(logout.headers.get('location')!);
    assert.equal(endSession.origin, issuer.issuer);
    assert.ok(endSession.searchParams.get('id_token_hint'));
    assert.equal(endSession.searchParams.get('post_logout_redirect_uri'), `${portalUrl}/`);
    assert.ok(!browser.cookies.has('portal-session'));

    // Absher's confirmation page, then its confirmation form: back to the portal with the state.
    const confirmation = await browser.get(endSession.href);
    const page = await confirmation.text();
    const xsrf = page.match(/name="xsrf" value="([^"]+)"/)?.[1];
    const action = page.match(/action="([^"]+)"/)?.[1];
    assert.ok(xsrf && action);
    const { response: home, url } = await browser.follow(new URL(action, issuer.issuer).href, { method: 'POST', body: new URLSearchParams({ xsrf, logout: 'yes' }) });
    assert.equal(new URL(url).pathname, '/');
    assert.match(await home.text(), /تم تسجيل خروجك من البوابة الوطنية/);
    const again = await browser.get(`${portalUrl}/profile`);
    assert.equal(again.status, 303);
  });

  it('when Absher ends the session elsewhere, then its back-channel logout ends the portal session', async () => {
    issuer.signInAs('person-1');
    const browser = new Browser();
    await browser.follow(`${portalUrl}/login`);
    assert.equal((await browser.get(`${portalUrl}/profile`)).status, 200);
    const sessionsBefore = portal.state.sessionCount;

    // Absher's own end-session, started without this portal (no id_token_hint): it calls the back channel.
    const received: string[] = [];
    const confirmation = await browser.get(`${issuer.issuer}/session/end`);
    const page = await confirmation.text();
    const xsrf = page.match(/name="xsrf" value="([^"]+)"/)?.[1];
    const action = page.match(/action="([^"]+)"/)?.[1];
    assert.ok(xsrf && action);
    issuer.provider.once('backchannel.success', (_ctx: unknown, _client: unknown, accountId: string) => received.push(accountId));
    issuer.provider.once('backchannel.error', (_ctx: unknown, error: Error) => received.push(`error: ${error.message}`));
    await browser.get(new URL(action, issuer.issuer).href, { method: 'POST', body: new URLSearchParams({ xsrf, logout: 'yes' }) });
    assert.deepEqual(received, ['person-1']);
    assert.equal(portal.state.sessionCount, sessionsBefore - 1);
    const profile = await browser.get(`${portalUrl}/profile`);
    assert.equal(profile.status, 303, 'the portal session is gone');
  });

  it('when something other than Absher posts to the back channel, then it is refused and no session ends', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ events: { [backchannelLogoutEvent]: {} }, sub: 'someone', jti: crypto.randomUUID() })
      .setProtectedHeader({ alg: 'RS256', typ: 'logout+jwt' })
      .setIssuer(issuer.issuer)
      .setAudience('national-portal')
      .setIssuedAt()
      .sign(privateKey);
    const sessions = portal.state.sessionCount;
    const response = await fetch(`${portalUrl}/backchannel-logout`, { method: 'POST', body: new URLSearchParams({ logout_token: token }) });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_request');
    const missing = await fetch(`${portalUrl}/backchannel-logout`, { method: 'POST', body: new URLSearchParams({}) });
    assert.equal(missing.status, 400);
    assert.equal(portal.state.sessionCount, sessions);
  });
});

describe('logout tokens', () => {
  const issuer = 'https://absher.example/oidc';
  const audience = 'national-portal';
  const now = new Date('2026-11-22T08:00:00Z');

  async function keysAndSigner() {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
    const keys = createLocalJWKSet({ keys: [jwk] });
    const sign = (claims: Record<string, unknown>, iat = now) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'logout+jwt' }).setIssuer(issuer).setAudience(audience).setIssuedAt(Math.floor(iat.getTime() / 1000)).sign(privateKey);
    return { keys, sign };
  }

  it('when a logout token is well formed, then it names the session and subject', async () => {
    const { keys, sign } = await keysAndSigner();
    const token = await sign({ events: { [backchannelLogoutEvent]: {} }, sid: 'sid-1', sub: 'sub-1', jti: 'j1' });
    assert.deepEqual(await verifyLogoutToken(token, { keys, issuer, audience, now }), { jti: 'j1', sid: 'sid-1', sub: 'sub-1' });
  });

  it('when a logout token lacks the event, carries a nonce, names nobody, has no jti, is stale or is for another portal, then it is refused', async () => {
    const { keys, sign } = await keysAndSigner();
    const event = { events: { [backchannelLogoutEvent]: {} } };
    const bad = [
      await sign({ sid: 's', jti: 'a' }),
      await sign({ ...event, sid: 's', jti: 'b', nonce: 'n' }),
      await sign({ ...event, jti: 'c' }),
      await sign({ ...event, sid: 's' }),
      await sign({ ...event, sid: 's', jti: 'd' }, new Date(now.getTime() - 10 * 60_000)),
    ];
    for (const token of bad) await assert.rejects(verifyLogoutToken(token, { keys, issuer, audience, now }), LogoutTokenError);
    const good = await sign({ ...event, sid: 's', jti: 'e' });
    await assert.rejects(verifyLogoutToken(good, { keys, issuer, audience: 'another-portal', now }), LogoutTokenError);
    await assert.rejects(verifyLogoutToken(good, { keys, issuer: 'https://elsewhere.example', audience, now }), LogoutTokenError);
  });
});

describe('portal state', () => {
  it('when a pending sign-in is taken twice or after 10 minutes, then only the first timely take gets it', () => {
    let now = new Date('2026-11-22T08:00:00Z');
    const state = new PortalState({ now: () => now });
    const key = state.addPending({ state: 's', nonce: 'n', codeVerifier: 'v', language: 'ar' });
    assert.equal(state.takePending(key)?.state, 's');
    assert.equal(state.takePending(key), undefined);
    const late = state.addPending({ state: 's2', nonce: 'n', codeVerifier: 'v', language: 'en' });
    now = new Date(now.getTime() + sessionRules.pendingSeconds * 1000 + 1);
    assert.equal(state.takePending(late), undefined);
  });

  it('when a session idles 30 minutes, then it ends; when back-channel logout names its sid or sub, then it ends', () => {
    let now = new Date('2026-11-22T08:00:00Z');
    const state = new PortalState({ now: () => now });
    const idle = state.createSession({ sub: 'a', sid: 'x', claims: {}, idToken: 't' });
    now = new Date(now.getTime() + sessionRules.idleSeconds * 1000 + 1);
    assert.equal(state.resolve(idle.id), undefined);
    const one = state.createSession({ sub: 'a', sid: 'x', claims: {}, idToken: 't' });
    const two = state.createSession({ sub: 'a', sid: 'y', claims: {}, idToken: 't' });
    const other = state.createSession({ sub: 'b', sid: 'x2', claims: {}, idToken: 't' });
    assert.equal(state.endByLogout({ sid: 'x' }), 1);
    assert.equal(state.resolve(one.id), undefined);
    assert.ok(state.resolve(two.id));
    assert.equal(state.endByLogout({ sub: 'a' }), 1);
    assert.ok(state.resolve(other.id));
    assert.equal(state.useLogoutToken('j'), true);
    assert.equal(state.useLogoutToken('j'), false);
  });

  it('when a logout state comes back, then it is recognised once', () => {
    const state = new PortalState();
    const logout = state.startLogout();
    assert.equal(state.finishLogout(logout), true);
    assert.equal(state.finishLogout(logout), false);
    assert.equal(state.finishLogout('made-up'), false);
  });
});

describe('portal configuration and locales', () => {
  it('when the secret is missing or a value is malformed, then the portal refuses to start and names the variable', () => {
    assert.throws(() => loadPortalConfig({}), PortalConfigError);
    assert.throws(() => loadPortalConfig({ PORTAL_CLIENT_SECRET: 's', PORTAL_PORT: 'x' }), /PORTAL_PORT/);
    assert.throws(() => loadPortalConfig({ PORTAL_CLIENT_SECRET: 's', ABSHER_ISSUER: 'ftp://x' }), /ABSHER_ISSUER/);
    assert.throws(() => loadPortalConfig({ PORTAL_CLIENT_SECRET: 's', NODE_ENV: 'production' }), /https/);
    const config = loadPortalConfig({ PORTAL_CLIENT_SECRET: 's', ABSHER_ISSUER: 'http://localhost:3000/oidc/' });
    assert.equal(config.issuer.href, 'http://localhost:3000/oidc');
    assert.equal(config.clientId, 'national-portal');
    assert.equal(config.port, 3001);
    assert.match(config.scope, /^openid /);
  });

  it('when the two locales are compared, then they have the same keys and placeholders', () => {
    const ar = loadPortalLocale('ar');
    const en = loadPortalLocale('en');
    assert.deepEqual(Object.keys(ar).sort(), Object.keys(en).sort());
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const key of Object.keys(ar)) assert.deepEqual(placeholders(ar[key]!), placeholders(en[key]!), key);
  });
});
