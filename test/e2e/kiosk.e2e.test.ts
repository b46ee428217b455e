// Self-service kiosks in a real browser: the kiosk simulator (/dev/kiosk) acts as the device
// kiosk-riyadh-01 with a real token and the real kiosk API. In Arabic, a person who registered on
// the web presents a wrong finger (refused), then the right one and the code: activated. In
// English, a person with no online account gets one at the kiosk, then signs in with the temporary
// password and must choose a new one before anything else. axe on every page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { translate } from '../../src/i18n/i18n.ts';
import type { Language } from '../../src/core/store.ts';
import { uniqueMobile } from '../helpers/registration.ts';
import { expectNoAxeViolations, launchBrowser, newContext, viewports } from './browser.ts';
import { freshApplicant, smsCodeFor, startListeningPlatform, type Applicant, type ListeningPlatform } from './journey.ts';
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

async function enrolledApplicant(): Promise<Applicant> {
  for (;;) {
    const applicant = await freshApplicant(platform);
    if ((await platform.registry.findPerson(applicant.idNumber))?.fingerprintEnrolled) return applicant;
  }
}

async function submit(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForResponse((response) => response.request().method() === 'POST'), page.locator(selector).click()]);
  await page.waitForLoadState();
}

async function scan(page: Page, language: Language, form: { action: string; idNumber: string; mobile?: string; finger: 'matching' | 'wrong' }): Promise<void> {
  await page.goto(url(`/dev/kiosk?lang=${language}`));
  await page.locator(`#action-${form.action}`).check();
  await page.locator('#idNumber').fill(form.idNumber);
  if (form.mobile) await page.locator('#mobile').fill(form.mobile);
  await page.locator(`#finger-${form.finger}`).check();
  await submit(page, 'form[action^="/dev/kiosk?"] button[type="submit"]');
}

describe('activation through the kiosk simulator', () => {
  it('when a registered person presents a wrong finger then the right one and the code (Arabic), then the account is active', async () => {
    const context = await newContext(browser, { viewport: viewports.phone });
    try {
      const page = await context.newPage();
      const applicant = await enrolledApplicant();
      await registerOnTheWeb(page, platform, applicant, 'ar');

      await page.goto(url('/dev/kiosk?lang=ar'));
      assert.equal((await page.locator('h1').textContent())?.trim(), translate('ar', 'kiosk.sim.title'));
      await expectNoAxeViolations(page, 'kiosk simulator (ar)');

      await scan(page, 'ar', { action: 'activate', idNumber: applicant.idNumber, finger: 'wrong' });
      await page.locator('.error-summary', { hasText: translate('ar', 'kiosk.fingerprint_mismatch', { count: 4 }) }).waitFor();
      await expectNoAxeViolations(page, 'kiosk simulator, wrong finger (ar)');

      await scan(page, 'ar', { action: 'activate', idNumber: applicant.idNumber, finger: 'matching' });
      assert.equal((await page.locator('h1').textContent())?.trim(), translate('ar', 'kiosk.sim.code_title'));
      await expectNoAxeViolations(page, 'kiosk code (ar)');
      await page.locator('#code').fill(await smsCodeFor(platform, applicant.mobileE164));
      await submit(page, 'button[name="intent"][value="verify"]');
      assert.equal((await page.getByTestId('kiosk-result').textContent())?.trim(), translate('ar', 'kiosk.sim.result.activated'));
      await expectNoAxeViolations(page, 'kiosk done (ar)');

      const account = await platform.store.accounts.findByIdNumber(applicant.idNumber);
      assert.equal(account?.status, 'active');
      assert.equal((await platform.activation.find(account!.id))?.channel, 'kiosk');
    } finally {
      await context.close();
    }
  });

  it('when a person without an online account uses the kiosk (English), then one is created and the temporary password must be replaced at first sign-in', async () => {
    const context = await newContext(browser, { viewport: viewports.desktop });
    try {
      const page = await context.newPage();
      const person = await enrolledApplicant();
      const mobile = uniqueMobile();
      const mobileE164 = `+966${mobile.slice(1)}`;

      await scan(page, 'en', { action: 'activate', idNumber: person.idNumber, mobile, finger: 'matching' });
      await page.locator('.notice', { hasText: translate('en', 'kiosk.sim.new_account_note') }).waitFor();
      await expectNoAxeViolations(page, 'kiosk code, new account (en)');
      await page.locator('#code').fill(await smsCodeFor(platform, mobileE164));
      await submit(page, 'button[name="intent"][value="verify"]');
      assert.equal((await page.getByTestId('kiosk-result').textContent())?.trim(), translate('en', 'kiosk.sim.result.account_created'));
      await expectNoAxeViolations(page, 'kiosk done, new account (en)');

      await platform.outbox.idle();
      await platform.outbox.drain();
      const sms = await platform.referenceSms.inbox(mobileE164);
      const temporary = sms.find((message) => message.purpose === 'kiosk_temporary_password')?.text.match(/Temporary password: ([A-Za-z0-9]+)\./)?.[1];
      assert.ok(temporary);

      await page.goto(url('/login?lang=en'));
      await page.locator('#login').fill(person.idNumber);
      await page.locator('#password').fill(temporary);
      await Promise.all([page.waitForURL(/\/login\/verify\?flow=/), page.locator('form[action^="/login"] button[type="submit"]').click()]);
      await page.locator('#code').fill(await smsCodeFor(platform, mobileE164));
      await Promise.all([page.waitForURL(/\/login\/new-password\?flow=/), page.locator('form[action^="/login/verify"] button[type="submit"]').first().click()]);
      assert.equal((await page.locator('h1').textContent())?.trim(), translate('en', 'kiosk.first_password.title'));
      await expectNoAxeViolations(page, 'first password (en)');

      await page.locator('#password').fill('Wq7nTr5pKz');
      await page.locator('#passwordConfirmation').fill('Wq7nTr5pKz');
      await Promise.all([page.waitForURL(/\/account/), page.locator('form[action^="/login/new-password"] button[type="submit"]').click()]);
      const account = await platform.store.accounts.findByIdNumber(person.idNumber);
      assert.deepEqual([account?.status, account?.mustChangePassword, account?.username], ['active', false, person.idNumber]);
    } finally {
      await context.close();
    }
  });
});
