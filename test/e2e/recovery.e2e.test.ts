// Forgot password in a real browser (Debian's Chromium through playwright-core): the whole journey
// from the sign-in page in Arabic (on a phone, typing Arabic digits) and in English (on a desktop),
// with a wrong answer and a rule-breaking password on the way, and axe (WCAG 2.2 A/AA) on every
// page and every error state. One platform and one browser serve the file; each journey has its
// own browser context and its own registered holder.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { translate } from '../../src/i18n/i18n.ts';
import type { Language } from '../../src/core/store.ts';
import type { RegistryPerson } from '../../src/core/ports.ts';
import { freshPerson, registerCompletely } from '../helpers/registration.ts';
import { expectNoAxeViolations, launchBrowser, newContext, viewports } from './browser.ts';
import { captchaAnswerOnPage, smsCodeFor, startListeningPlatform, type ListeningPlatform } from './journey.ts';
import { expectAccepted, expectPageLanguage } from './page-checks.ts';

let platform: ListeningPlatform;
let browser: Browser;

const url = (path: string) => `${platform.baseUrl}${path}`;
const arabicDigits = (text: string) => text.replace(/\d/g, (digit) => String.fromCharCode(0x0660 + Number(digit)));

async function expectHeading(page: Page, language: Language, id: string): Promise<void> {
  assert.equal((await page.locator('h1').textContent())?.trim(), translate(language, id));
}

/** Submits and expects the same page back with an error summary (which takes focus). */
async function expectRefused(page: Page, submit: () => Promise<void>): Promise<string> {
  await Promise.all([page.waitForResponse((candidate) => candidate.request().method() === 'POST'), submit()]);
  await page.waitForLoadState();
  await page.locator('.error-summary').waitFor();
  await page.waitForFunction(() => document.activeElement?.matches('.error-summary') ?? false, undefined, { timeout: 5000 });
  return (await page.locator('.error-summary').textContent()) ?? '';
}

const mainSubmit = (page: Page) => page.locator('main form button[type="submit"]:not([value="new_captcha"])').first();

/** Forgot password from the sign-in page to the done page, in one language, with axe on every page. */
async function resetPasswordWithAxe(language: Language, viewport: { width: number; height: number }, category: RegistryPerson['category']): Promise<void> {
  const person = await freshPerson(platform, category);
  const registered = await registerCompletely(platform, { idNumber: person.idNumber });
  const localMobile = String(registered.body.mobile);
  const newPassword = language === 'ar' ? 'Hb4kZm8q' : 'Jx3vRt6w';
  const context = await newContext(browser, { viewport });
  try {
    const page = await context.newPage();
    await page.goto(url(`/login?lang=${language}`));
    await expectPageLanguage(page, language);
    await expectNoAxeViolations(page, `sign-in page (${language})`);
    await page.getByRole('link', { name: translate(language, 'login.forgot_password') }).click();
    await page.waitForURL(/\/forgot-password$/);
    await expectHeading(page, language, 'forgot_password.title');
    await page.locator('.pow:not([hidden])').waitFor();
    await expectNoAxeViolations(page, `forgot password, empty (${language})`);

    // Nothing filled in: every field is reported, linked from the summary.
    const empty = await expectRefused(page, () => mainSubmit(page).click());
    assert.ok(empty.includes(translate(language, 'id.required')), empty);
    assert.ok(empty.includes(translate(language, 'captcha.required')), empty);
    await expectNoAxeViolations(page, `forgot password, with errors (${language})`);

    // The ID and the mobile (in Arabic digits on the Arabic journey) and the visual code.
    await page.locator('#idNumber').fill(language === 'ar' ? arabicDigits(person.idNumber) : person.idNumber);
    await page.locator('#mobile').fill(language === 'ar' ? arabicDigits(localMobile) : localMobile);
    await page.locator('#captcha-answer').fill(await captchaAnswerOnPage(page, platform));
    await expectAccepted(page, () => mainSubmit(page).click(), /\/forgot-password\/question\?flow=/);
    await expectPageLanguage(page, language);
    await expectHeading(page, language, 'forgot_password.question_title');
    const kind = category === 'citizen' ? 'id_card_expiry' : category === 'visitor' || category === 'gcc' ? 'passport_number' : 'iqama_expiry';
    assert.equal((await page.locator('label[for="answer"]').textContent())?.trim(), translate(language, `recovery.question.${kind}`));
    await expectNoAxeViolations(page, `question (${language})`);

    // A wrong answer first, then the right one (day first, in Arabic digits on the Arabic journey).
    const wrongDate = `01/01/${Number(person.documentExpiry.slice(0, 4)) + 3}`;
    await page.locator('#answer').fill(wrongDate);
    const wrong = await expectRefused(page, () => mainSubmit(page).click());
    assert.ok(wrong.includes(translate(language, 'recovery.wrong_answer', { count: 2 })), wrong);
    assert.equal(await page.locator('#answer').getAttribute('aria-invalid'), 'true');
    await expectNoAxeViolations(page, `question, wrong answer (${language})`);
    const dayFirst = person.documentExpiry.split('-').reverse().join('/');
    await page.locator('#answer').fill(language === 'ar' ? arabicDigits(dayFirst) : person.documentExpiry);
    await expectAccepted(page, () => mainSubmit(page).click(), /\/forgot-password\/verify\?flow=/);
    await expectHeading(page, language, 'forgot_password.verify_title');
    await expectNoAxeViolations(page, `code page (${language})`);

    const code = await smsCodeFor(platform, registered.mobile);
    await page.locator('#code').fill(language === 'ar' ? arabicDigits(code) : code);
    await expectAccepted(page, () => page.locator('form[action^="/forgot-password/verify?"] button[type="submit"]').click(), /\/forgot-password\/new\?flow=/);
    await expectHeading(page, language, 'forgot_password.new_title');
    await expectNoAxeViolations(page, `new password (${language})`);

    // The old password again: refused as one of the last 3.
    await page.locator('#password').fill(String(registered.body.password));
    await page.locator('#passwordConfirmation').fill(String(registered.body.password));
    const reused = await expectRefused(page, () => mainSubmit(page).click());
    assert.ok(reused.includes(translate(language, 'password.reused')), reused);
    await expectNoAxeViolations(page, `new password, refused (${language})`);

    await page.locator('#password').fill(newPassword);
    await page.locator('#passwordConfirmation').fill(newPassword);
    await expectAccepted(page, () => mainSubmit(page).click(), /\/forgot-password\/done$/);
    await expectHeading(page, language, 'forgot_password.done_title');
    await expectNoAxeViolations(page, `done (${language})`);

    const account = await platform.store.accounts.findByIdNumber(person.idNumber);
    const audit = await platform.store.audit.listForAccount(account!.id, 50);
    assert.ok(audit.some((record) => record.type === 'password_reset.completed'));
  } finally {
    await context.close();
  }
}

describe('forgot password in the browser', { concurrency: true }, () => {
  before(async () => {
    [platform, browser] = await Promise.all([startListeningPlatform(), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await platform?.app.close();
    await platform?.close();
  });

  it('when a resident resets the password in Arabic on a phone, typing Arabic digits, then the done page confirms it and axe finds no violation', async () => {
    await resetPasswordWithAxe('ar', viewports.phone, 'resident');
  });

  it('when a citizen resets the password in English on a desktop, then the done page confirms it and axe finds no violation', async () => {
    await resetPasswordWithAxe('en', viewports.desktop, 'citizen');
  });
});
