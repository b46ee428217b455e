// A person registers on the web, then their bank activates the account: the bank simulator
// (/dev/bank) obtains a real client-credentials token and calls the real partner API over HTTP.
// In Arabic on a phone (Al Rajhi, ATM) and in English on a desktop (Banque Saudi Fransi, phone
// banking); a refused request (a mobile the account does not have) shows the API's own error in
// the page's language; axe (WCAG 2.2 A/AA) on every page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { translate } from '../../src/i18n/i18n.ts';
import type { Language } from '../../src/core/store.ts';
import { expectNoAxeViolations, launchBrowser, newContext, viewports } from './browser.ts';
import { freshApplicant, startListeningPlatform, type ListeningPlatform } from './journey.ts';
import { registerOnTheWeb } from './partner-journey.ts';

let platform: ListeningPlatform;
let browser: Browser;

const url = (path: string) => `${platform.baseUrl}${path}`;

before(async () => {
  platform = await startListeningPlatform();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await platform?.close();
});

async function sendFromBank(page: Page, form: { bank: string; channel: string; idNumber: string; mobile: string }): Promise<void> {
  await page.locator(`#bank-${form.bank}`).check();
  await page.locator(`#channel-${form.channel}`).check();
  await page.locator('#idNumber').fill(form.idNumber);
  await page.locator('#mobile').fill(form.mobile);
  await Promise.all([page.waitForResponse((response) => response.request().method() === 'POST'), page.locator('form[action^="/dev/bank"] button[type="submit"]').click()]);
  await page.waitForLoadState();
}

async function journey(language: Language, viewport: { width: number; height: number }, bank: string, channel: string): Promise<void> {
  const context = await newContext(browser, { viewport });
  try {
    const page = await context.newPage();
    const applicant = await freshApplicant(platform);
    await registerOnTheWeb(page, platform, applicant, language);
    const account = await platform.store.accounts.findByIdNumber(applicant.idNumber);
    assert.equal(account?.status, 'registered');

    await page.goto(url(`/dev/bank?lang=${language}`));
    assert.equal(await page.evaluate(() => document.documentElement.lang), language);
    assert.equal((await page.locator('h1').textContent())?.trim(), translate(language, 'banksim.title'));
    await expectNoAxeViolations(page, `bank simulator (${language})`);

    // The bank knows another mobile: refused with the API's own message, in the page's language.
    await sendFromBank(page, { bank, channel, idNumber: applicant.idNumber, mobile: '0599999990' });
    assert.equal((await page.getByTestId('banksim-code').textContent())?.trim(), 'mobile.mismatch');
    await page.locator('.panel-invalid', { hasText: translate(language, 'mobile.mismatch') }).waitFor();
    await expectNoAxeViolations(page, `bank simulator, refused (${language})`);
    assert.equal((await platform.store.accounts.findById(account!.id))?.status, 'registered');

    await sendFromBank(page, { bank, channel, idNumber: applicant.idNumber, mobile: applicant.mobile });
    assert.equal((await page.getByTestId('banksim-code').textContent())?.trim(), 'activated');
    await page.locator('.panel-success h2', { hasText: translate(language, 'banksim.result.activated') }).waitFor();
    await expectNoAxeViolations(page, `bank simulator, activated (${language})`);

    const activated = await platform.activation.find(account!.id);
    assert.equal((await platform.store.accounts.findById(account!.id))?.status, 'active');
    assert.equal(activated?.channel, 'bank');
    assert.equal(activated?.partner, bank);
    await platform.outbox.idle();
    await platform.outbox.drain();
    const texts = (await platform.referenceSms.inbox(applicant.mobileE164)).map((message) => message.text);
    assert.ok(texts.includes(translate(language, 'activation.sms.bank')), 'the confirmation SMS in the holder’s language');
  } finally {
    await context.close();
  }
}

describe('activation through the bank simulator', () => {
  it('when a person registers in Arabic and Al Rajhi activates them at an ATM, then the account is active and every page is axe-clean', async () => {
    await journey('ar', viewports.phone, 'alrajhi', 'atm');
  });

  it('when a person registers in English and Banque Saudi Fransi activates them by phone banking, then the account is active and every page is axe-clean', async () => {
    await journey('en', viewports.desktop, 'bsf', 'phone_banking');
  });
});
