// The office channel in a real browser (Debian's Chromium through playwright-core): a person
// registers and signs in, opens the activation form, downloads its PDF and finds a centre; an
// officer signs in to the back office with the password and a TOTP code computed here, finds the
// form by its reference and activates the account; the holder's page then says active. axe (WCAG
// 2.2 A/AA) runs on every back-office page in Arabic and in English, with and without errors, and
// on the holder's form and centres pages; an admin's officer pages and the enrolment page too.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { translate } from '../../src/i18n/i18n.ts';
import type { Language } from '../../src/core/store.ts';
import { displayReference } from '../../src/core/activation-form/reference.ts';
import { totpCode } from '../../src/core/backoffice/totp.ts';
import { registerCompletely } from '../helpers/registration.ts';
import { newOfficer, type TestOfficer } from '../integration/backoffice-support.ts';
import { expectNoAxeViolations, launchBrowser, newContext, viewports } from './browser.ts';
import { smsCodeFor, startListeningPlatform, type ListeningPlatform } from './journey.ts';
import { expectAccepted, expectHeading, expectPageLanguage } from './page-checks.ts';

let platform: ListeningPlatform;
let browser: Browser;

const url = (path: string) => `${platform.baseUrl}${path}`;
const languages: Language[] = ['ar', 'en'];

/** The submit button of the form posting to `action` (its path, with or without a query). */
const submitIn = (page: Page, action: string) =>
  page.locator(`form[action="${action}"] button[type="submit"], form[action^="${action}?"] button[type="submit"]`);

/** Signs an officer in through /backoffice/login with the password and the current TOTP code. */
async function officerSignsIn(page: Page, officer: TestOfficer, language: Language): Promise<void> {
  const t = (id: string) => translate(language, id);
  await page.goto(url(`/backoffice/login?lang=${language}`));
  await expectPageLanguage(page, language);
  await expectHeading(page, t('backoffice.sign_in.title'));
  await expectNoAxeViolations(page, `back-office sign-in (${language})`);
  await page.locator('#username').fill(officer.officer.username);
  await page.locator('#password').fill(officer.password);
  await page.locator('#code').fill(totpCode(officer.totpSecret, platform.clock.now()));
  await expectAccepted(page, () => submitIn(page, '/backoffice/login').click(), /\/backoffice\/search$/);
}

describe('the back office and the printed form in the browser', () => {
  before(async () => {
    [platform, browser] = await Promise.all([startListeningPlatform(), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await platform?.app.close();
    await platform?.close();
  });

  it('when a person downloads the activation form and an officer activates it by its reference, then every page passes axe in both languages and the holder is active', async () => {
    const email = `office.${process.pid}@example.sa`;
    const { body, mobile } = await registerCompletely(platform, { email, emailConfirmation: email });
    const holder = { username: String(body.username), password: String(body.password), mobile };

    // The holder: sign in, open the form, download the PDF, look up a centre.
    const holderContext = await newContext(browser, { viewport: viewports.phone, acceptDownloads: true });
    const holderPage = await holderContext.newPage();
    let reference = '';
    try {
      await holderPage.goto(url('/login?lang=ar'));
      await holderPage.locator('#login').fill(holder.username);
      await holderPage.locator('#password').fill(holder.password);
      await expectAccepted(holderPage, () => submitIn(holderPage, '/login').click(), /\/login\/verify\?flow=/);
      await holderPage.locator('#code').fill(await smsCodeFor(platform, holder.mobile));
      await expectAccepted(holderPage, () => submitIn(holderPage, '/login/verify').click(), /\/account$/);

      for (const language of languages) {
        await holderPage.goto(url(`/activation-form?lang=${language}`));
        await expectPageLanguage(holderPage, language);
        await expectHeading(holderPage, translate(language, 'activation_form.title'));
        await expectNoAxeViolations(holderPage, `activation form (${language})`);
        reference = (await holderPage.locator('[data-reference]').getAttribute('data-reference')) ?? '';
        assert.match(reference, /^[A-Z2-9]{10}$/);

        await holderPage.goto(url(`/centres?lang=${language}`));
        await expectHeading(holderPage, translate(language, 'centres.title'));
        await expectNoAxeViolations(holderPage, `centres (${language})`);
        await holderPage.locator('#city').fill(language === 'ar' ? 'جدة' : 'Jeddah');
        await Promise.all([holderPage.waitForURL(/\/centres\?city=/), holderPage.locator('form[action="/centres"] button[type="submit"]').click()]);
        assert.equal(await holderPage.locator('[data-centre]').count(), 2);
        await expectNoAxeViolations(holderPage, `centres, searched (${language})`);
      }

      await holderPage.goto(url('/activation-form'));
      const [download] = await Promise.all([holderPage.waitForEvent('download'), holderPage.locator('a[href="/activation-form.pdf"]').click()]);
      assert.equal(download.suggestedFilename(), `absher-activation-form-${displayReference(reference)}.pdf`);
      const path = await download.path();
      const { readFileSync } = await import('node:fs');
      assert.equal(readFileSync(path).subarray(0, 5).toString(), '%PDF-');
    } finally {
      await holderPage.close();
    }

    // The officer, at the counter: sign in, then every page in both languages, then activate.
    const officer = await newOfficer(platform, 'officer');
    const officeContext = await newContext(browser, { viewport: viewports.desktop });
    try {
      const page = await officeContext.newPage();
      await officerSignsIn(page, officer, 'ar');
      const account = await platform.store.accounts.findByUsername(holder.username);
      assert.ok(account);
      for (const language of languages) {
        const t = (id: string) => translate(language, id);
        await page.goto(url(`/backoffice/search?lang=${language}`));
        await expectPageLanguage(page, language);
        await expectHeading(page, t('backoffice.search.title'));
        await expectNoAxeViolations(page, `search (${language})`);
        await page.locator('#idNumber').fill('12345');
        await Promise.all([page.waitForLoadState(), submitIn(page, '/backoffice/search').click()]);
        await page.locator('.error-summary').waitFor();
        await expectNoAxeViolations(page, `search, with an error (${language})`);
        await page.locator('#idNumber').fill(account.idNumber);
        await Promise.all([page.waitForURL(/\/backoffice\/accounts\//), submitIn(page, '/backoffice/search').click()]);
        await expectHeading(page, t('backoffice.account.title'));
        await expectNoAxeViolations(page, `account (${language})`);

        await page.goto(url('/backoffice/forms'));
        await expectHeading(page, t('backoffice.forms.title'));
        await expectNoAxeViolations(page, `form lookup (${language})`);
        await page.locator('#reference').fill('ZZZZZ-ZZZZZ');
        await Promise.all([page.waitForLoadState(), submitIn(page, '/backoffice/forms').click()]);
        await page.locator('.error-summary').waitFor();
        await expectNoAxeViolations(page, `form lookup, with an error (${language})`);
      }

      // The reference typed in lower case with spaces, as people read it out.
      await page.goto(url('/backoffice/forms?lang=en'));
      await page.locator('#reference').fill(` ${displayReference(reference).toLowerCase()} `);
      await Promise.all([page.waitForURL(/\/backoffice\/forms\?reference=/), submitIn(page, '/backoffice/forms').click()]);
      await expectNoAxeViolations(page, 'form found (en)');
      await submitIn(page, '/backoffice/forms/activate').click();
      await page.locator('.error-summary').waitFor();
      await expectNoAxeViolations(page, 'form found, checks missing (en)');
      await page.locator('#form-check_identity_document').check();
      await page.locator('#form-check_form_matches_holder').check();
      await expectAccepted(page, () => submitIn(page, '/backoffice/forms/activate').click(), /\/backoffice\/accounts\/[0-9a-f-]+\?done=activated_by_form$/);
      assert.equal(await page.locator('[data-status]').getAttribute('data-status'), 'active');
      assert.equal((await page.locator('.notice').first().textContent())?.trim(), translate('en', 'backoffice.done.activated_by_form'));
      await expectNoAxeViolations(page, 'account, after the activation (en)');
      await page.goto(url('/backoffice/accounts/' + account.id + '?lang=ar&done=activated_by_form'));
      await expectNoAxeViolations(page, 'account, after the activation (ar)');
    } finally {
      await officeContext.close();
    }

    // The holder's page now says active.
    await holderContext.clearCookies({ name: '__Host-absher-lang' });
    const again = await holderContext.newPage();
    try {
      await again.goto(url('/account?lang=en'));
      assert.equal((await again.locator('.status').first().textContent())?.trim(), translate('en', 'account.status.active'));
      await again.goto(url('/activation-form?lang=en'));
      assert.ok(((await again.locator('main').textContent()) ?? '').includes(translate('en', 'activation_form.not_needed.active')));
    } finally {
      await holderContext.close();
    }
    const activated = await platform.store.accounts.findByUsername(holder.username);
    assert.equal(activated?.status, 'active');
  });

  it('when an admin adds an officer, then the officers page, its errors and the enrolment page pass axe in both languages, and a wrong code is refused', async () => {
    const admin = await newOfficer(platform, 'admin');
    const context = await newContext(browser, { viewport: viewports.desktop });
    try {
      const page = await context.newPage();
      await page.goto(url('/backoffice/login?lang=en'));
      await page.locator('#username').fill(admin.officer.username);
      await page.locator('#password').fill(admin.password);
      await page.locator('#code').fill('000000' === totpCode(admin.totpSecret, platform.clock.now()) ? '111111' : '000000');
      await submitIn(page, '/backoffice/login').click();
      await page.locator('.error-summary').waitFor();
      assert.ok(((await page.locator('.error-summary').textContent()) ?? '').includes(translate('en', 'backoffice.sign_in_invalid')));
      await expectNoAxeViolations(page, 'sign-in, with an error (en)');
      await page.goto(url('/backoffice/login?lang=ar'));
      await page.locator('#username').fill(admin.officer.username);
      await submitIn(page, '/backoffice/login').click();
      await page.locator('.error-summary').waitFor();
      await expectNoAxeViolations(page, 'sign-in, fields missing (ar)');

      await officerSignsIn(page, admin, 'ar');
      for (const language of languages) {
        const t = (id: string) => translate(language, id);
        await page.goto(url(`/backoffice/officers?lang=${language}`));
        await expectHeading(page, t('backoffice.officers.title'));
        await expectNoAxeViolations(page, `officers (${language})`);
        await page.locator('#username').fill('9bad');
        await submitIn(page, '/backoffice/officers').click();
        await page.locator('.error-summary').waitFor();
        await expectNoAxeViolations(page, `officers, with errors (${language})`);
        await page.locator('#username').fill(`enrol${language}${process.pid % 1000}`);
        await page.locator('#displayName').fill(language === 'ar' ? 'سارة العتيبي' : 'Sara Alotaibi');
        await page.locator('#role-supervisor').check();
        await Promise.all([page.waitForResponse((response) => response.request().method() === 'POST'), submitIn(page, '/backoffice/officers').click()]);
        await page.locator('.qr').waitFor();
        await expectHeading(page, t('backoffice.enrolment.title'));
        assert.match((await page.locator('.qr').getAttribute('src')) ?? '', /^data:image\/png;base64,/);
        await expectNoAxeViolations(page, `enrolment (${language})`);
      }
    } finally {
      await context.close();
    }
  });
});
