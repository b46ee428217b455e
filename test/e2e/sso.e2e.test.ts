// Single sign-on in a real browser (Debian's Chromium through playwright-core): from the demo
// national portal, "sign in with Absher" in Arabic and in English — Absher's sign-in pages (password,
// then the SMS code from the development sink), the consent screen, back to the portal's national
// profile with the claims — then "sign out everywhere": the portal's session and Absher's are both
// gone. axe (WCAG 2.2 A/AA) on the portal's pages and on Absher's sign-in and consent pages in both
// languages. The test boots the platform and the portal itself, each on a free port.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { translate } from '../../src/i18n/i18n.ts';
import type { Language } from '../../src/core/store.ts';
import { demoClientSecret, demoPortalClientId } from '../../src/oidc/demo-clients.ts';
import { startPortal, type RunningPortal } from '../../portal/main.ts';
import { loadPortalConfig } from '../../portal/config.ts';
import { translator as portalTranslator } from '../../portal/i18n.ts';
import { startTestPlatform } from '../helpers/platform.ts';
import { registerCompletely } from '../helpers/registration.ts';
import { expectNoAxeViolations, launchBrowser, newContext, viewports } from './browser.ts';
import { smsCodeFor, type ListeningPlatform } from './journey.ts';
import { expectAccepted, expectPageLanguage } from './page-checks.ts';

let platform: ListeningPlatform;
let portal: RunningPortal;
let browser: Browser;

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

/** The platform on a known port, so its issuer (PUBLIC_URL/oidc) is the address the browser uses. */
async function startPlatformAndPortal(): Promise<void> {
  const [platformPort, portalPort] = [await freePort(), await freePort()];
  const publicUrl = `http://localhost:${platformPort}`;
  const portalUrl = `http://localhost:${portalPort}`;
  const started = await startTestPlatform({ env: { PORT: String(platformPort), PUBLIC_URL: publicUrl, PORTAL_URL: portalUrl } });
  // `localhost` listens on 127.0.0.1 and ::1, whichever the browser and the portal pick.
  await started.app.listen({ port: platformPort, host: 'localhost' });
  platform = Object.assign(started, { baseUrl: publicUrl });
  portal = await startPortal(
    loadPortalConfig({
      ABSHER_ISSUER: `${publicUrl}/oidc`,
      PORTAL_PORT: String(portalPort),
      PORTAL_URL: portalUrl,
      PORTAL_CLIENT_SECRET: demoClientSecret(started.config.secretKey, demoPortalClientId),
      PORTAL_RATE_LIMITS: 'false',
    }),
  );
}

type Holder = { username: string; password: string; mobile: string };

let emailCounter = 0;

async function registeredHolder(): Promise<Holder> {
  emailCounter += 1;
  const email = `sso.${process.pid}.${emailCounter}@example.sa`;
  const { body, mobile } = await registerCompletely(platform, { email, emailConfirmation: email });
  return { username: String(body.username), password: String(body.password), mobile };
}

const submitIn = (page: Page, action: string) =>
  page.locator(`form[action="${action}"] button[type="submit"], form[action^="${action}?"] button[type="submit"]`);

/**
 * From the portal's home to its national profile in one language: "sign in with Absher" → Absher's
 * sign-in (password, SMS code) → consent → the profile with the claims. With `axe`, every page on the
 * way is checked.
 */
async function signInFromPortal(page: Page, holder: Holder, language: Language, options: { axe: boolean; shareNationalId?: boolean }): Promise<void> {
  const { axe, shareNationalId = false } = options;
  const t = (id: string) => translate(language, id);
  const p = portalTranslator(language);
  const portalOrigin = portal.url;
  const check = (where: string) => (axe ? expectNoAxeViolations(page, `${where} (${language})`) : Promise.resolve());

  await page.goto(`${portalOrigin}/?lang=${language}`);
  await expectPageLanguage(page, language);
  assert.equal((await page.locator('h1').textContent())?.trim(), p('home.title'));
  await check('portal home');

  // "Sign in with Absher": Absher's sign-in page, in the portal's language (ui_locales).
  await page.getByRole('link', { name: p(shareNationalId ? 'home.sign_in_with_id' : 'home.sign_in'), exact: true }).click();
  await page.waitForURL(/\/login(\?|$)/);
  assert.ok(page.url().startsWith(`${platform.baseUrl}/`), `Absher's sign-in page (${page.url()})`);
  await expectPageLanguage(page, language);
  await check('Absher sign-in for the portal');
  await page.locator('#login').fill(holder.username);
  await page.locator('#password').fill(holder.password);
  await expectAccepted(page, () => submitIn(page, '/login').click(), /\/login\/verify\?flow=/);
  await expectPageLanguage(page, language);
  await check('Absher SMS code for the portal');
  await page.locator('#code').fill(await smsCodeFor(platform, holder.mobile));
  await Promise.all([page.waitForURL(/\/sso\/[^/?]+$/), submitIn(page, '/login/verify').click()]);

  // The consent screen: what the portal will receive, in the portal's language.
  const allow = page.locator('form[action$="/consent"] button[name="decision"][value="allow"]');
  await allow.waitFor();
  await expectPageLanguage(page, language);
  await check('Absher consent');
  const consentText = (await page.locator('main').textContent()) ?? '';
  for (const scope of ['profile', 'absher']) {
    assert.ok(consentText.includes(t(`oidc.scope.${scope}`)), `the consent screen lists ${t(`oidc.scope.${scope}`)}`);
  }
  assert.equal(consentText.includes(t('oidc.scope.national_id')), shareNationalId, 'the ID number is listed only when the portal asks for it');
  await Promise.all([page.waitForURL(`${portalOrigin}/profile`), allow.click()]);

  // The national profile: the claims Absher sent.
  await expectPageLanguage(page, language);
  assert.equal((await page.locator('h1').textContent())?.trim(), p('profile.title'));
  const account = await platform.store.accounts.findByUsername(holder.username);
  const person = account ? await platform.registry.findPerson(account.idNumber) : undefined;
  assert.ok(person);
  const profile = (await page.locator('.summary-list').first().textContent()) ?? '';
  assert.ok(profile.includes(person.nameAr), 'the Arabic name is shown');
  assert.ok(profile.includes(person.nameEn), 'the English name is shown');
  assert.ok(profile.includes(p(`person_type.${person.category}`)), 'the person type is shown');
  assert.ok(profile.includes(p('account_level.registered')), 'the account level is shown');
  assert.equal(profile.includes(account!.idNumber), shareNationalId, 'the ID number is shown only when it was shared');
  await check('portal profile');
}

/** Both sessions are gone: the portal's profile sends home, Absher's account page asks to sign in. */
async function expectSignedOutOfBoth(page: Page): Promise<void> {
  await page.goto(`${portal.url}/profile`);
  assert.equal(page.url(), `${portal.url}/`, 'the portal session is gone');
  await page.goto(`${platform.baseUrl}/account`);
  assert.equal(new URL(page.url()).pathname, '/login', 'the Absher session is gone');
}

/** The whole journey from the portal, in one language, with axe on every page: sign in, then sign out everywhere. */
async function signInThroughAbsherAndOut(language: Language, viewport: { width: number; height: number }, shareNationalId: boolean): Promise<void> {
  const p = portalTranslator(language);
  const holder = await registeredHolder();
  const context = await newContext(browser, { viewport });
  try {
    const page = await context.newPage();
    await signInFromPortal(page, holder, language, { axe: true, shareNationalId });

    // Sign out everywhere: the portal ends its session, Absher asks, then ends its own and comes back.
    await page.getByRole('button', { name: p('profile.sign_out') }).click();
    await page.waitForURL((url) => url.href.startsWith(`${platform.baseUrl}/oidc/`));
    await expectPageLanguage(page, language);
    await expectNoAxeViolations(page, `Absher sign-out question (${language})`);
    await Promise.all([page.waitForURL((url) => url.href.startsWith(`${portal.url}/?`)), page.locator('button[name="logout"][value="yes"]').click()]);
    assert.equal((await page.locator('.panel-success').textContent())?.trim(), p('home.signed_out'));
    await expectNoAxeViolations(page, `portal home after signing out (${language})`);
    await expectSignedOutOfBoth(page);
  } finally {
    await context.close();
  }
}

describe('single sign-on from the demo national portal in the browser', { concurrency: true }, () => {
  before(async () => {
    [, browser] = await Promise.all([startPlatformAndPortal(), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await portal?.close();
    await platform?.app.close();
    await platform?.close();
  });

  it('when a person signs in to the portal through Absher in Arabic on a phone, consents and signs out everywhere, then the profile shows the claims and both sessions end', async () => {
    await signInThroughAbsherAndOut('ar', viewports.phone, false);
  });

  it('when a person signs in to the portal through Absher in English on a desktop sharing the ID number, consents and signs out everywhere, then the profile shows the claims with the ID and both sessions end', async () => {
    await signInThroughAbsherAndOut('en', viewports.desktop, true);
  });

  it('when a person already signed in to Absher signs in to the portal, then no password is asked; when they then sign out everywhere at Absher, then the back channel ends the portal session too', async () => {
    const holder = await registeredHolder();
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(`${platform.baseUrl}/login?lang=ar`);
      await page.locator('#login').fill(holder.username);
      await page.locator('#password').fill(holder.password);
      await expectAccepted(page, () => submitIn(page, '/login').click(), /\/login\/verify\?flow=/);
      await page.locator('#code').fill(await smsCodeFor(platform, holder.mobile));
      await expectAccepted(page, () => submitIn(page, '/login/verify').click(), /\/account$/);

      // Single sign-on: straight from the portal to the consent screen, then the profile.
      await page.goto(`${portal.url}/?lang=ar`);
      await Promise.all([page.waitForURL(/\/sso\/[^/?]+$/), page.getByRole('link', { name: portalTranslator('ar')('home.sign_in'), exact: true }).click()]);
      await Promise.all([page.waitForURL(`${portal.url}/profile`), page.locator('form[action$="/consent"] button[name="decision"][value="allow"]').click()]);

      await page.goto(`${platform.baseUrl}/oidc/session/end`);
      await Promise.all([page.waitForURL((url) => !url.pathname.endsWith('/session/end')), page.locator('button[name="logout"][value="yes"]').click()]);
      await expectSignedOutOfBoth(page);
    } finally {
      await context.close();
    }
  });
});
