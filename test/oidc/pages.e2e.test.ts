// The provider's pages in a real browser (Debian's Chromium), in Arabic and in English, checked with
// axe (WCAG 2.2 A/AA): the consent screen, the "continue" step after a sign-in (its script blocked, as
// without JavaScript), the account-level refusal, the provider's error page, the sign-out question
// and "signed out". The sign-in itself goes through our own pages.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import * as client from 'openid-client';
import { startOidcTestPlatform, type OidcTestPlatform } from './support.ts';
import { registerCompletely } from '../helpers/registration.ts';
import { expectNoAxeViolations, launchBrowser, newContext } from '../e2e/browser.ts';

const secret = 'pages-portal-secret-0123456789-abcdefghijklm';

describe('single sign-on pages in the browser, with axe', () => {
  let platform: OidcTestPlatform;
  let browser: Browser;
  let config: client.Configuration;
  let portal: Server;
  let redirectUri: string;

  before(async () => {
    platform = await startOidcTestPlatform();
    // The portal's callback: answers anything, so the browser lands somewhere real.
    portal = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('portal'));
    await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
    redirectUri = `http://127.0.0.1:${(portal.address() as { port: number }).port}/cb`;
    await platform.oidc.clients.register({
      clientId: 'pages-portal',
      kind: 'portal',
      partner: null,
      name: 'Pages portal',
      redirectUris: [redirectUri],
      postLogoutRedirectUris: [],
      backchannelLogoutUri: null,
      scopes: ['openid', 'profile', 'absher', 'national_id'],
      authMethod: 'client_secret_basic',
      jwks: null,
      fapi: false,
      secret,
    });
    config = await client.discovery(platform.issuer, 'pages-portal', secret, client.ClientSecretBasic(secret), { execute: [client.allowInsecureRequests] });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    portal?.close();
    await platform.close();
  });

  async function authorizationUrl(parameters: Record<string, string>): Promise<string> {
    return client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile absher national_id',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      ...parameters,
    }).href;
  }

  async function signIn(page: Page, holder: { username: string; password: string; mobile: string }) {
    await page.waitForURL(/\/login\?/);
    await page.locator('#login').fill(holder.username);
    await page.locator('#password').fill(holder.password);
    await Promise.all([page.waitForURL(/\/login\/verify\?/), page.locator('form[action^="/login"] button[type="submit"]').first().click()]);
    await page.locator('#code').fill(await platform.lastCodeTo(holder.mobile));
    await Promise.all([page.waitForURL(/\/sso\//), page.locator('form[action^="/login/verify"] button[type="submit"]').first().click()]);
  }

  for (const language of ['ar', 'en'] as const) {
    test(`when a person goes through single sign-on in ${language === 'ar' ? 'Arabic' : 'English'}, then every provider page is in that language and axe-clean`, async () => {
      const registered = await registerCompletely(platform, { email: `pages.${language}@example.sa`, emailConfirmation: `pages.${language}@example.sa` });
      const holder = { username: String(registered.body.username), password: String(registered.body.password), mobile: registered.mobile };
      const context = await newContext(browser);
      const page = await context.newPage();
      try {
        await page.goto(await authorizationUrl({ ui_locales: language }));
        await signIn(page, holder);
        assert.equal(await page.getAttribute('html', 'lang'), language);
        await expectNoAxeViolations(page, `consent (${language})`);
        await Promise.all([page.waitForURL((url) => url.href.startsWith(redirectUri)), page.locator('button[name="decision"][value="allow"]').click()]);
        assert.ok(new URL(page.url()).searchParams.get('code'));

        // prompt=login: the person signs in again; consent is already given, so a "continue" step follows.
        await page.route('**/static/js/sso-continue.js', (route) => route.abort());
        await page.goto(await authorizationUrl({ ui_locales: language, prompt: 'login' }));
        await signIn(page, holder);
        assert.ok(await page.locator('a[data-auto-continue]').isVisible());
        await expectNoAxeViolations(page, `continue (${language})`);

        await page.goto(await authorizationUrl({ ui_locales: language, acr_values: 'urn:absher:acr:active' }));
        await page.waitForURL(/\/sso\//);
        assert.ok(await page.locator('button[name="reason"][value="acr"]').isVisible());
        await expectNoAxeViolations(page, `account level refused (${language})`);

        await page.goto(await authorizationUrl({ ui_locales: language, redirect_uri: 'https://elsewhere.example/cb' }));
        assert.equal(await page.getAttribute('html', 'lang'), language);
        await expectNoAxeViolations(page, `provider error (${language})`);

        await page.goto(`${platform.baseUrl}/oidc/session/end?ui_locales=${language}`);
        assert.equal(await page.getAttribute('html', 'lang'), language);
        await expectNoAxeViolations(page, `sign-out question (${language})`);
        await Promise.all([page.waitForURL(/\/session\/end\/success/), page.locator('button[name="logout"][value="yes"]').click()]);
        await expectNoAxeViolations(page, `signed out (${language})`);
      } finally {
        await context.close();
      }
    });
  }
});
