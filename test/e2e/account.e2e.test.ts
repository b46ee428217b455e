// The signed-in holder's account changes in a real browser (Debian's Chromium through
// playwright-core): sign in with the SMS code and change the mobile (a code to the old number, then
// to the new one) in Arabic on a phone and in English on a desktop, once with the keyboard alone;
// axe (WCAG 2.2 A/AA) on every account page on the way, with and without errors. One platform and
// one browser serve the file; each journey has its own context (cookies) and its own holder.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { translate } from '../../src/i18n/i18n.ts';
import type { Language } from '../../src/core/store.ts';
import { maskMobile } from '../../src/core/identity/mobile.ts';
import { registerCompletely, uniqueMobile } from '../helpers/registration.ts';
import { expectNoAxeViolations, launchBrowser, newContext, viewports } from './browser.ts';
import { smsCodeFor, startListeningPlatform, type ListeningPlatform } from './journey.ts';
import { expectAccepted, expectHeading, expectPageLanguage } from './page-checks.ts';

let platform: ListeningPlatform;
let browser: Browser;

const url = (path: string) => `${platform.baseUrl}${path}`;

type Holder = { username: string; password: string; mobile: string; email: string };

let emailCounter = 0;

/** A registered holder (over the API) with a distinct e-mail address. */
async function registeredHolder(): Promise<Holder> {
  emailCounter += 1;
  const email = `e2e.${process.pid}.${emailCounter}@example.sa`;
  const { body, mobile } = await registerCompletely(platform, { email, emailConfirmation: email });
  return { username: String(body.username), password: String(body.password), mobile, email };
}

/** The submit button of the form posting to `action` (its path, with or without a query). */
const submitIn = (page: Page, action: string) =>
  page.locator(`form[action="${action}"] button[type="submit"], form[action^="${action}?"] button[type="submit"]`);

/** Signs in through the pages with the password and the SMS code; ends on the account page. */
async function signInWithMouse(page: Page, holder: Holder, language: Language): Promise<void> {
  await page.goto(url(`/login?lang=${language}`));
  await expectPageLanguage(page, language);
  await page.locator('#login').fill(holder.username);
  await page.locator('#password').fill(holder.password);
  await expectAccepted(page, () => submitIn(page, '/login').click(), /\/login\/verify\?flow=/);
  await page.locator('#code').fill(await smsCodeFor(platform, holder.mobile));
  await expectAccepted(page, () => submitIn(page, '/login/verify').click(), /\/account$/);
}

/** Changes the mobile with the mouse, from the account page to the confirmation, axe on each page. */
async function changeMobileWithAxe(page: Page, holder: Holder, language: Language): Promise<string> {
  const t = (id: string, params?: Record<string, string | number>) => translate(language, id, params);
  await expectHeading(page, t('account.welcome', { username: holder.username }));
  await expectNoAxeViolations(page, `account (${language})`);

  await page.getByRole('link', { name: t('account.settings') }).click();
  await page.waitForURL(/\/account\/settings$/);
  await expectHeading(page, t('settings.title'));
  await expectNoAxeViolations(page, `settings (${language})`);

  await page.getByRole('link', { name: t('settings.change_mobile') }).click();
  await page.waitForURL(/\/account\/mobile$/);
  await expectPageLanguage(page, language);
  await expectNoAxeViolations(page, `mobile form (${language})`);

  // The current number again: refused, said in the summary and at the field.
  await page.locator('#mobile').fill(`0${holder.mobile.slice(4)}`);
  await submitIn(page, '/account/mobile').click();
  await page.locator('.error-summary').waitFor();
  assert.equal(await page.locator('#mobile').getAttribute('aria-invalid'), 'true');
  assert.match((await page.locator('.error-summary').textContent()) ?? '', new RegExp(t('mobile.same_as_current').slice(0, 20)));
  await expectNoAxeViolations(page, `mobile form, with an error (${language})`);

  const newMobile = uniqueMobile();
  const newE164 = `+966${newMobile.slice(1)}`;
  await page.locator('#mobile').fill(newMobile);
  await expectAccepted(page, () => submitIn(page, '/account/mobile').click(), /\/account\/mobile\/verify-old\?flow=/);
  await expectHeading(page, t('mobile_change.verify_old_title'));
  assert.equal((await page.locator('.lead bdi').textContent())?.trim(), maskMobile(holder.mobile));
  await expectNoAxeViolations(page, `old number's code (${language})`);

  await page.locator('#code').fill('000000');
  await submitIn(page, '/account/mobile/verify-old').click();
  await page.locator('.error-summary').waitFor();
  await expectNoAxeViolations(page, `old number's code, with an error (${language})`);

  await page.locator('#code').fill(await smsCodeFor(platform, holder.mobile));
  await expectAccepted(page, () => submitIn(page, '/account/mobile/verify-old').click(), /\/account\/mobile\/verify-new\?flow=/);
  await expectHeading(page, t('mobile_change.verify_new_title'));
  assert.equal((await page.locator('.lead bdi').textContent())?.trim(), maskMobile(newE164));
  await expectNoAxeViolations(page, `new number's code (${language})`);

  await page.locator('#code').fill(await smsCodeFor(platform, newE164));
  await expectAccepted(page, () => submitIn(page, '/account/mobile/verify-new').click(), /\/account\/settings\?done=mobile$/);
  assert.equal((await page.locator('.panel-success').textContent())?.trim(), t('settings.done.mobile'));
  assert.ok(((await page.locator('.summary-list').textContent()) ?? '').includes(maskMobile(newE164)), 'the settings show the new number');
  await expectNoAxeViolations(page, `settings, after the change (${language})`);
  return newE164;
}

/**
 * The other account pages, each with axe: e-mail (form, code page), password, language, sessions,
 * events; with `withErrors`, the e-mail and password forms are also checked showing their errors.
 */
async function visitOtherAccountPagesWithAxe(page: Page, holder: Holder, language: Language, withErrors: boolean): Promise<void> {
  const t = (id: string) => translate(language, id);
  await page.goto(url('/account/email'));
  await expectHeading(page, t('email_change.title'));
  await expectNoAxeViolations(page, `e-mail form (${language})`);
  const newEmail = `new.${holder.email}`;
  await page.locator('#email').fill(newEmail);
  if (withErrors) {
    await page.locator('#emailConfirmation').fill(`other.${holder.email}`);
    await submitIn(page, '/account/email').click();
    await page.locator('.error-summary').waitFor();
    await expectNoAxeViolations(page, `e-mail form, with an error (${language})`);
  }
  await page.locator('#emailConfirmation').fill(newEmail);
  await expectAccepted(page, () => submitIn(page, '/account/email').click(), /\/account\/email\/verify\?flow=/);
  await expectHeading(page, t('email_change.verify_title'));
  await expectNoAxeViolations(page, `e-mail code (${language})`);
  const mail = (await platform.emailTo(newEmail)).find((message) => message.purpose === 'email_change');
  const code = mail?.text.match(/\b\d{6}\b/)?.[0];
  assert.ok(code, 'the code went to the new address');
  await page.locator('#code').fill(code);
  await expectAccepted(page, () => submitIn(page, '/account/email/verify').click(), /\/account\/settings\?done=email$/);
  assert.equal((await page.locator('.panel-success').textContent())?.trim(), t('settings.done.email'));

  await page.goto(url('/account/password'));
  await expectHeading(page, t('password_change.title'));
  await expectNoAxeViolations(page, `password form (${language})`);
  if (withErrors) {
    await page.locator('#currentPassword').fill(holder.password);
    await page.locator('#password').fill('abcd');
    await page.locator('#passwordConfirmation').fill('abce');
    await submitIn(page, '/account/password').click();
    await page.locator('.error-summary').waitFor();
    assert.equal(await page.locator('#password').getAttribute('aria-invalid'), 'true');
    await expectNoAxeViolations(page, `password form, with errors (${language})`);
  }

  await page.goto(url('/account/language'));
  await expectHeading(page, t('language_change.title'));
  await expectNoAxeViolations(page, `language form (${language})`);

  for (const [path, title] of [
    ['/account/sessions', 'sessions.title'],
    ['/account/events', 'events.title'],
  ] as const) {
    await page.goto(url(path));
    await expectHeading(page, t(title));
    await expectNoAxeViolations(page, `${path} (${language})`);
  }
}

/** Whether the element that has focus matches a CSS selector. */
function focusedMatches(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector);
}

async function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element) return '(nothing)';
    return `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.getAttribute('href') ? `[href=${element.getAttribute('href')}]` : ''}`;
  });
}

/** Presses Tab until `selector` has focus (at most `limit` times), then checks the focus can be seen. */
async function tabTo(page: Page, selector: string, limit = 40): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press('Tab');
    if (await focusedMatches(page, selector)) {
      const ring = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement as Element);
        return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      assert.ok(ring.style !== 'none' && ring.width >= 2, `${selector} shows a focus outline (${JSON.stringify(ring)})`);
      return;
    }
  }
  assert.fail(`Tab never reached ${selector}; focus is on ${await describeFocus(page)}`);
}

describe('account changes in the browser', { concurrency: true }, () => {
  before(async () => {
    [platform, browser] = await Promise.all([startListeningPlatform(), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await platform?.app.close();
    await platform?.close();
  });

  it('when a holder signs in with the SMS code and changes the mobile in Arabic on a phone, then each page passes axe and the settings confirm it', async () => {
    const context = await newContext(browser, { viewport: viewports.phone });
    try {
      const page = await context.newPage();
      const holder = await registeredHolder();
      await signInWithMouse(page, holder, 'ar');
      await expectPageLanguage(page, 'ar');
      const newMobile = await changeMobileWithAxe(page, holder, 'ar');
      const account = await platform.store.accounts.findByUsername(holder.username);
      assert.equal(account?.mobile, newMobile);
      await visitOtherAccountPagesWithAxe(page, holder, 'ar', true);
    } finally {
      await context.close();
    }
  });

  it('when a holder signs in with the SMS code and changes the mobile in English on a desktop, then each page passes axe and the settings confirm it', async () => {
    const context = await newContext(browser, { viewport: viewports.desktop });
    try {
      const page = await context.newPage();
      const holder = await registeredHolder();
      await signInWithMouse(page, holder, 'en');
      const newMobile = await changeMobileWithAxe(page, holder, 'en');
      const account = await platform.store.accounts.findByUsername(holder.username);
      assert.equal(account?.mobile, newMobile);
      await visitOtherAccountPagesWithAxe(page, holder, 'en', false);

      // Choosing Arabic as the preferred language switches the pages to it at once.
      await page.goto(url('/account/language'));
      await page.locator('#preferredLanguage-ar').check();
      await expectAccepted(page, () => submitIn(page, '/account/language').click(), /\/account\/settings\?done=language&lang=ar$/);
      await expectPageLanguage(page, 'ar');
      assert.equal((await page.locator('.panel-success').textContent())?.trim(), translate('ar', 'settings.done.language'));
      await expectNoAxeViolations(page, 'settings, after the language change (ar)');
    } finally {
      await context.close();
    }
  });

  it('when a holder signs in and changes the mobile with the keyboard alone, then every step is reached with a visible focus and the change is made', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      const holder = await registeredHolder();
      const press = (key: string) => page.keyboard.press(key);

      await page.goto(url('/login?lang=ar'));
      await tabTo(page, 'a.skip-link');
      await press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'main');
      await tabTo(page, '#login');
      await page.keyboard.type(holder.username);
      await tabTo(page, '#password');
      await page.keyboard.type(holder.password);
      await expectAccepted(page, () => press('Enter'), /\/login\/verify\?flow=/);
      await tabTo(page, '#code');
      await page.keyboard.type(await smsCodeFor(platform, holder.mobile));
      await expectAccepted(page, () => press('Enter'), /\/account$/);

      await tabTo(page, 'a[href="/account/settings"]');
      await Promise.all([page.waitForURL(/\/account\/settings$/), press('Enter')]);
      await tabTo(page, 'a[href="/account/mobile"]');
      await Promise.all([page.waitForURL(/\/account\/mobile$/), press('Enter')]);
      await tabTo(page, '#mobile');
      const newMobile = uniqueMobile();
      await page.keyboard.type(newMobile);
      await expectAccepted(page, () => press('Enter'), /\/account\/mobile\/verify-old\?flow=/);
      await tabTo(page, '#code');
      await page.keyboard.type(await smsCodeFor(platform, holder.mobile));
      await expectAccepted(page, () => press('Enter'), /\/account\/mobile\/verify-new\?flow=/);
      await tabTo(page, '#code');
      const newE164 = `+966${newMobile.slice(1)}`;
      await page.keyboard.type(await smsCodeFor(platform, newE164));
      await expectAccepted(page, () => press('Enter'), /\/account\/settings\?done=mobile$/);
      assert.equal((await page.locator('.panel-success').textContent())?.trim(), translate('ar', 'settings.done.mobile'));
      const account = await platform.store.accounts.findByUsername(holder.username);
      assert.equal(account?.mobile, newE164);
    } finally {
      await context.close();
    }
  });
});
