// Activation with Nafath in a real browser (Debian's Chromium through playwright-core): a person
// registers on the pages, signs in with the SMS code, presses "Activate with Nafath", reads the
// number, types it in the Nafath app simulator on another page (the phone), and the first page follows the
// status by itself and says the account is active — in Arabic on a phone and in English on a
// desktop; and without JavaScript a wrong number is rejected, "try again" and "check now" finish
// it. axe (WCAG 2.2 A/AA) on every page on the way. One platform and one browser serve the file.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { translate } from '../../src/i18n/i18n.ts';
import type { Language } from '../../src/core/store.ts';
import { nafathPerson, otherNumber } from '../helpers/activation.ts';
import { expectNoAxeViolations, launchBrowser, newContext, viewports } from './browser.ts';
import { captchaAnswerOnPage, fillRegistrationFields, freshApplicant, smsCodeFor, startListeningPlatform, type Applicant, type ListeningPlatform } from './journey.ts';
import { expectAccepted, expectHeading, expectPageLanguage } from './page-checks.ts';

let platform: ListeningPlatform;
let browser: Browser;

const url = (path: string) => `${platform.baseUrl}${path}`;

/** Registers on the pages (form, visual code, SMS code) as a citizen Nafath knows; ends on the done page. */
async function registerOnPages(page: Page, language: Language, javaScript: boolean): Promise<Applicant> {
  const applicant = { ...(await freshApplicant(platform)), idNumber: await nafathPerson(platform) };
  await page.goto(url(`/register?lang=${language}`));
  if (javaScript) await page.locator('.pow:not([hidden])').waitFor();
  await fillRegistrationFields(page, applicant, language);
  await page.locator('#captcha-answer').fill(await captchaAnswerOnPage(page, platform));
  await expectAccepted(page, () => page.locator('button[name="action"][value="register"]').click(), /\/register\/verify\?flow=/);
  await page.locator('#code').fill(await smsCodeFor(platform, applicant.mobileE164));
  await expectAccepted(page, () => page.locator('form[action^="/register/verify?"] button[type="submit"]').click(), /\/register\/done\?flow=/);
  return applicant;
}

async function signIn(page: Page, applicant: Applicant, language: Language): Promise<void> {
  await page.goto(url(`/login?lang=${language}`));
  await page.locator('#login').fill(applicant.username);
  await page.locator('#password').fill(applicant.password);
  await expectAccepted(page, () => page.locator('form[action="/login"] button[type="submit"]').click(), /\/login\/verify\?flow=/);
  await page.locator('#code').fill(await smsCodeFor(platform, applicant.mobileE164));
  await expectAccepted(page, () => page.locator('form[action^="/login/verify?"] button[type="submit"]').click(), /\/account$/);
}

async function shownNumber(page: Page): Promise<string> {
  const number = (await page.locator('.nafath-number').textContent())?.trim() ?? '';
  assert.match(number, /^[1-9]\d$/, 'the page shows a 2-digit number');
  return number;
}

/** The Nafath app simulator, in a page of its own (the phone the app runs on): finds the request and answers it. */
async function answerInSimulator(applicant: Applicant, language: Language, number: string, expected: 'completed' | 'rejected'): Promise<void> {
  const t = (id: string) => translate(language, id);
  const phone = await newContext(browser, { viewport: viewports.phone });
  const app = await phone.newPage();
  try {
    await app.goto(url(`/dev/nafath?lang=${language}`));
    await expectHeading(app, t('nafath.sim.title'));
    await app.locator('#sim-id').fill(applicant.idNumber);
    await app.locator('form[action="/dev/nafath"] button[type="submit"]').click();
    await app.locator('#sim-number').waitFor();
    await expectPageLanguage(app, language);
    await expectNoAxeViolations(app, `Nafath simulator, a request waiting (${language})`);
    await app.locator('#sim-number').fill(number);
    await app.locator('button[name="action"][value="approve"]').click();
    await app.locator('.panel', { hasText: t(`nafath.sim.result.${expected}`) }).waitFor();
    await expectNoAxeViolations(app, `Nafath simulator, answered (${language})`);
  } finally {
    await phone.close();
  }
}

async function activateWithJavaScript(language: Language, viewport: { width: number; height: number }): Promise<void> {
  const t = (id: string, params?: Record<string, string | number>) => translate(language, id, params);
  const context = await newContext(browser, { viewport });
  try {
    const page = await context.newPage();
    const applicant = await registerOnPages(page, language, true);
    await signIn(page, applicant, language);
    await expectPageLanguage(page, language);
    await expectHeading(page, t('account.welcome', { username: applicant.username }));
    assert.ok(await page.locator('a[href="/activation-form"]').isVisible(), 'the printed form is linked');
    assert.ok(await page.locator('a[href="/centres"]').first().isVisible(), 'the centres directory is linked');
    await expectNoAxeViolations(page, `account, registered (${language})`);

    await expectAccepted(page, () => page.getByRole('button', { name: t('nafath.start_button') }).click(), /\/account\/activate\/nafath\/[0-9a-f-]{36}$/);
    await expectHeading(page, t('nafath.waiting_title'));
    const number = await shownNumber(page);
    await expectNoAxeViolations(page, `Nafath number (${language})`);

    await answerInSimulator(applicant, language, number, 'completed');
    // No reload from the test: the page's script follows the status and shows the outcome.
    await expectHeading(page, t('nafath.completed_title'));
    await expectPageLanguage(page, language);
    await expectNoAxeViolations(page, `Nafath completed (${language})`);
    assert.equal((await platform.store.accounts.findByIdNumber(applicant.idNumber))?.status, 'active');

    await page.getByRole('link', { name: t('nafath.to_account') }).click();
    await page.waitForURL(/\/account$/);
    assert.equal(await page.locator('form[action="/account/activate/nafath"]').count(), 0, 'an active account is not offered activation');
  } finally {
    await context.close();
  }
}

describe('activation with Nafath in the browser', { concurrency: true }, () => {
  before(async () => {
    [platform, browser] = await Promise.all([startListeningPlatform(), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await platform?.app.close();
    await platform?.close();
  });

  it('when a person registers and activates with Nafath in Arabic on a phone, then the page follows the app and says the account is active, axe clean', () =>
    activateWithJavaScript('ar', viewports.phone));

  it('when a person registers and activates with Nafath in English on a desktop, then the page follows the app and says the account is active, axe clean', () =>
    activateWithJavaScript('en', viewports.desktop));

  it('when JavaScript is off, then a wrong number is rejected, "try again" opens a new request and "check now" shows it completed', async () => {
    const language: Language = 'en';
    const t = (id: string) => translate(language, id);
    const context = await newContext(browser, { javaScriptEnabled: false, viewport: viewports.desktop });
    try {
      const page = await context.newPage();
      const applicant = await registerOnPages(page, language, false);
      await signIn(page, applicant, language);
      await expectAccepted(page, () => page.getByRole('button', { name: t('nafath.start_button') }).click(), /\/account\/activate\/nafath\//);
      const first = await shownNumber(page);
      await answerInSimulator(applicant, language, otherNumber(first), 'rejected');
      await page.getByRole('link', { name: t('nafath.check_now') }).click();
      await expectHeading(page, t('nafath.rejected_title'));
      // axe runs in the page, so it looks at the same page in a browser with JavaScript, same cookies.
      const checker = await newContext(browser, { viewport: viewports.desktop, storageState: await context.storageState() });
      try {
        const copy = await checker.newPage();
        await copy.goto(page.url());
        await expectHeading(copy, t('nafath.rejected_title'));
        await expectNoAxeViolations(copy, 'Nafath rejected (en)');
      } finally {
        await checker.close();
      }

      await expectAccepted(page, () => page.getByRole('button', { name: t('nafath.try_again') }).click(), /\/account\/activate\/nafath\//);
      const second = await shownNumber(page);
      await answerInSimulator(applicant, language, second, 'completed');
      await page.getByRole('link', { name: t('nafath.check_now') }).click();
      await expectHeading(page, t('nafath.completed_title'));
    } finally {
      await context.close();
    }
  });
});
