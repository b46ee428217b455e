// Registration in a real browser (Debian's Chromium through playwright-core): complete journeys in
// Arabic and in English, with the keyboard alone, with JavaScript off and with the no-reading
// check, and axe (WCAG 2.2 A/AA) on every page on the way. One platform and one browser serve the
// whole file; each journey has its own browser context (cookies) and its own applicant.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { translate } from '../../src/i18n/i18n.ts';
import { evaluatePassword, passwordPolicies, type PasswordContext } from '../../src/core/identity/password-policy.ts';
import type { Language } from '../../src/core/store.ts';
import { registerCompletely } from '../helpers/registration.ts';
import { expectNoAxeViolations, launchBrowser, newContext, viewports } from './browser.ts';
import {
  captchaAnswerOnPage,
  fillRegistrationFields,
  freshApplicant,
  smsCodeFor,
  startListeningPlatform,
  type Applicant,
  type ListeningPlatform,
} from './journey.ts';
import { expectAccepted, expectPageLanguage } from './page-checks.ts';

let platform: ListeningPlatform;
let browser: Browser;

const url = (path: string) => `${platform.baseUrl}${path}`;
const submitRegistration = (page: Page) => page.locator('button[name="action"][value="register"]');
const submitCode = (page: Page) => page.locator('form[action^="/register/verify?"] button[type="submit"]');

/** Whether the element that has focus matches a CSS selector. */
function focusedMatches(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector);
}

async function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element) return '(nothing)';
    return `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.getAttribute('name') ? `[name=${element.getAttribute('name')}]` : ''} "${(element.textContent ?? '').trim().slice(0, 40)}"`;
  });
}

/**
 * Submits a form with `submit` (a click, or a key press) and expects the server to accept it
 * (303 to `destination`); when it answers with the form again, fails with the messages it shows.
 */
/** Waits (the page's module script runs after the document is parsed) for focus to reach `selector`. */
async function expectFocusMovesTo(page: Page, selector: string): Promise<void> {
  try {
    await page.waitForFunction((wanted) => document.activeElement?.matches(wanted) ?? false, selector, { timeout: 5000 });
  } catch {
    assert.fail(`focus should move to ${selector}, it is on ${await describeFocus(page)}`);
  }
}

/** Every link of the error summary leads to an element that exists. */
async function expectSummaryLinksResolve(page: Page): Promise<void> {
  const missing = await page.evaluate(() =>
    [...document.querySelectorAll('.error-summary a')]
      .map((link) => link.getAttribute('href') ?? '')
      .filter((href) => !href.startsWith('#') || document.getElementById(href.slice(1)) === null),
  );
  assert.deepEqual(missing, [], 'error summary links without a target');
}

/** The done page, and the account it reports. */
async function expectDone(page: Page, language: Language, applicant: Applicant): Promise<void> {
  await page.waitForURL(/\/register\/done\?flow=/);
  await expectPageLanguage(page, language);
  assert.equal((await page.locator('h1').textContent())?.trim(), translate(language, 'done.title'));
  assert.equal((await page.locator('.panel bdi').textContent())?.trim(), applicant.username);
  const account = await platform.store.accounts.findByIdNumber(applicant.idNumber);
  assert.equal(account?.status, 'registered');
  assert.equal(account?.username, applicant.username);
}

/** Registers with the mouse in one language, checking the enhancements and axe on every page. */
async function registerWithAxe(language: Language, viewport: { width: number; height: number }): Promise<void> {
  const context = await newContext(browser, { viewport });
  try {
    const page = await context.newPage();
    const applicant = await freshApplicant(platform);

    await page.goto(url(`/?lang=${language}`));
    await expectPageLanguage(page, language);
    await expectNoAxeViolations(page, `home (${language})`);

    await page.goto(url('/terms'));
    await expectPageLanguage(page, language);
    await expectNoAxeViolations(page, `terms (${language})`);

    await page.goto(url('/'));
    await page.getByRole('link', { name: translate(language, 'home.register') }).click();
    await page.waitForURL(/\/register$/);
    await expectPageLanguage(page, language);
    await page.locator('.pow:not([hidden])').waitFor();
    await expectNoAxeViolations(page, `register, empty (${language})`);

    // Everything empty: every error at once, the summary takes focus and links to each field.
    await submitRegistration(page).click();
    await page.locator('.error-summary').waitFor();
    await expectFocusMovesTo(page, '.error-summary');
    await expectSummaryLinksResolve(page);
    assert.ok((await page.locator('.error-summary li').count()) >= 6);
    await expectNoAxeViolations(page, `register, with errors (${language})`);
    await page.locator('.error-summary a[href="#password"]').click();
    assert.ok(await focusedMatches(page, '#password'), 'the summary link focuses the password field');

    // The live checklist and the username check.
    await page.locator('#password').fill('abcd');
    await page.locator('li[data-rule="length"][data-state="unmet"]').waitFor();
    await page.locator('li[data-rule="no_sequence"][data-state="unmet"]').waitFor();
    await page.locator('li[data-rule="lower"][data-state="met"]').waitFor();
    assert.match((await page.locator('li[data-rule="length"]').textContent()) ?? '', new RegExp(translate(language, 'password.rules.unmet')));
    await fillRegistrationFields(page, applicant, language);
    await page.locator('li[data-rule][data-state="met"]').nth(7).waitFor();
    assert.equal(await page.locator('li[data-rule][data-state="unmet"]').count(), 0);
    await page.locator('#username-availability', { hasText: translate(language, 'username.available') }).waitFor();
    await expectNoAxeViolations(page, `register, filled with live checks (${language})`);
    // Once typing has paused, one polite sentence sums the checklist up.
    const summary = translate(language, 'password.rules.summary', { met: 8, total: 8 });
    await page.locator('[data-live-rules-status]').filter({ hasText: summary }).waitFor();

    // The visual code, read from the development sink, and on to the code page.
    await page.locator('#captcha-answer').fill(await captchaAnswerOnPage(page, platform));
    await expectAccepted(page, () => submitRegistration(page).click(), /\/register\/verify\?flow=/);
    await expectPageLanguage(page, language);
    await expectNoAxeViolations(page, `code page (${language})`);

    // A wrong code first: the page says so, with the tries left.
    await page.locator('#code').fill('000000');
    await submitCode(page).click();
    await page.locator('.error-summary').waitFor();
    await expectFocusMovesTo(page, '.error-summary');
    assert.equal(await page.locator('#code').getAttribute('aria-invalid'), 'true');
    await expectNoAxeViolations(page, `code page, with an error (${language})`);

    await page.locator('#code').fill(await smsCodeFor(platform, applicant.mobileE164));
    await expectAccepted(page, () => submitCode(page).click(), /\/register\/done\?flow=/);
    await expectDone(page, language, applicant);
    await expectNoAxeViolations(page, `done page (${language})`);
  } finally {
    await context.close();
  }
}

// The journeys are independent (own context, own applicant), so they run side by side: most of
// their time is spent waiting on Chromium and axe, not on this process.
describe('registration in the browser', { concurrency: true }, () => {
  // Inside the suite, so that a run with --test-isolation=none (npm test) holds them only this long.
  before(async () => {
    [platform, browser] = await Promise.all([startListeningPlatform(), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await platform?.app.close();
    await platform?.close();
  });

  it('when a person registers in Arabic on a phone, then the done page confirms it and axe finds no violation on any page', async () => {
    await registerWithAxe('ar', viewports.phone);
  });

  it('when a person registers in English on a desktop, then the done page confirms it and axe finds no violation on any page', async () => {
    await registerWithAxe('en', viewports.desktop);
  });

  it('when a person registers with the keyboard alone, then every control is reached in order with a visible focus and the done page is reached', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      const applicant = await freshApplicant(platform);
      const press = async (key: string) => page.keyboard.press(key);
      /** Presses a key that moves focus and checks where focus lands and that it can be seen. */
      const moveTo = async (key: 'Tab' | 'Shift+Tab', selector: string) => {
        await press(key);
        assert.ok(await focusedMatches(page, selector), `${key} should reach ${selector}, reached ${await describeFocus(page)}`);
        const ring = await page.evaluate(() => {
          const style = getComputedStyle(document.activeElement as Element);
          return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
        });
        assert.ok(ring.style !== 'none' && ring.width >= 2, `${selector} shows a focus outline (${JSON.stringify(ring)})`);
      };

      await page.goto(url('/register?lang=ar'));
      await page.locator('.pow:not([hidden])').waitFor();
      await moveTo('Tab', 'a.skip-link');
      await press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'main');

      await moveTo('Tab', '#idNumber');
      await page.keyboard.type(applicant.idNumber);
      await moveTo('Tab', '#mobile');
      await page.keyboard.type(applicant.mobile);
      await moveTo('Tab', '#email');
      await page.keyboard.type(applicant.email);
      await moveTo('Tab', '#emailConfirmation');
      await page.keyboard.type(applicant.email);
      await moveTo('Tab', '#username');
      await page.keyboard.type(applicant.username);
      await moveTo('Tab', '#password');
      await page.keyboard.type(applicant.password);
      await moveTo('Tab', '#passwordConfirmation');
      // Back to the password to read the checklist, then on again.
      await moveTo('Shift+Tab', '#password');
      assert.equal(await page.locator('li[data-rule][data-state="met"]').count(), 8);
      await moveTo('Tab', '#passwordConfirmation');
      await page.keyboard.type(applicant.password);
      await moveTo('Tab', '#preferredLanguage-ar:checked');
      await moveTo('Tab', 'button[value="new_captcha"]');
      await moveTo('Tab', '#captcha-answer');
      await page.keyboard.type(await captchaAnswerOnPage(page, platform));
      await moveTo('Tab', '.pow button');
      await moveTo('Tab', '#acceptTerms');
      await press('Space');
      assert.ok(await page.locator('#acceptTerms').isChecked(), 'Space ticks the terms box');
      await moveTo('Tab', 'a[href="/terms"]');
      await moveTo('Tab', 'a[href="/privacy"]');
      await moveTo('Tab', 'button[value="register"]');
      await expectAccepted(page, () => press('Enter'), /\/register\/verify\?flow=/);

      await moveTo('Tab', 'a.skip-link');
      await press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'main');
      await moveTo('Tab', '#code');
      await page.keyboard.type(await smsCodeFor(platform, applicant.mobileE164));
      await expectAccepted(page, () => press('Enter'), /\/register\/done\?flow=/);
      await expectDone(page, 'ar', applicant);
    } finally {
      await context.close();
    }
  });

  it('when JavaScript is off, then the form reports errors and a person still completes the registration', async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const applicant = await freshApplicant(platform);
      await page.goto(url('/register?lang=en'));
      assert.equal(await page.locator('.pow').isVisible(), false, 'the no-reading check needs JavaScript, so it stays hidden');

      await submitRegistration(page).click();
      await page.locator('.error-summary').waitFor();
      await expectSummaryLinksResolve(page);
      assert.equal(await page.locator('li[data-rule][data-state]').count(), 0, 'no checklist state without JavaScript');

      await fillRegistrationFields(page, applicant, 'en');
      await page.locator('#captcha-answer').fill(await captchaAnswerOnPage(page, platform));
      await expectAccepted(page, () => submitRegistration(page).click(), /\/register\/verify\?flow=/);
      await page.locator('#code').fill(await smsCodeFor(platform, applicant.mobileE164));
      await expectAccepted(page, () => submitCode(page).click(), /\/register\/done\?flow=/);
      await expectDone(page, 'en', applicant);
    } finally {
      await context.close();
    }
  });

  it('when a person uses the check that needs no reading instead of the image, then the registration goes through', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      const applicant = await freshApplicant(platform);
      await page.goto(url('/register?lang=en'));
      await fillRegistrationFields(page, applicant, 'en');
      const check = page.getByRole('checkbox', { name: translate('en', 'captcha.pow.start') });
      await check.click();
      await page.locator('.pow [role="checkbox"][aria-checked="true"]').waitFor();
      await page.locator('[data-pow-status]', { hasText: translate('en', 'captcha.pow.done') }).waitFor();
      assert.equal(await page.locator('#captcha-answer').inputValue(), '', 'no digits typed');
      await expectAccepted(page, () => submitRegistration(page).click(), /\/register\/verify\?flow=/);
      await page.locator('#code').fill(await smsCodeFor(platform, applicant.mobileE164));
      await expectAccepted(page, () => submitCode(page).click(), /\/register\/done\?flow=/);
      await expectDone(page, 'en', applicant);
    } finally {
      await context.close();
    }
  });

  it('when a username is already registered, then the availability note says it is taken', async () => {
    const { body } = await registerCompletely(platform);
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(url('/register?lang=ar'));
      await page.locator('#username').fill(String(body.username).toUpperCase().replace(/^USER/, 'User'));
      await page.locator('#username-availability', { hasText: translate('ar', 'username.taken') }).waitFor();
      await page.locator('#username').fill('short1');
      await page.locator('#username-availability:empty').waitFor({ state: 'attached' });
    } finally {
      await context.close();
    }
  });

  it('when the checklist judges passwords, then it agrees with the password policy the server applies', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(url('/register?lang=en'));
      const context1: PasswordContext = { username: 'salem2024', idNumber: '1058372911', mobile: '0551937284' };
      const cases: Array<{ password: string; context: PasswordContext }> = [
        'Wq7nTr5p',
        'Wq7nTr5',
        'wq7ntr5p',
        'WQ7NTR5P',
        'WqxnTrzp',
        'Wq7n Tr5p',
        'Wq٧nTr5p',
        'Wq7naaaa',
        'Wq7naaaT',
        'Wa7aTara5a',
        'Wa7aTar5a',
        'Wqabcd7n',
        'Wq4321nT',
        'WqAbCd7n',
        'Wq7890nT',
        'Xsalem9T',
        'XSALEM9t',
        'Xsale9Tq',
        'Ab1058372911',
        'Ab551937284',
        'Wq7nTr5pXk2mZb9vLd4sHf8gJc3hNe6jRa0uYw1yQt5iKo7xBp2eMv9fGz4lCs8dUn3',
      ].map((password) => ({ password, context: context1 }));

      const inBrowser = await page.evaluate(async (all) => {
        const script = '/static/js/register.js';
        const module = (await import(script)) as {
          passwordRuleStates(password: string, context: Record<string, string>): Record<string, boolean>;
        };
        return all.map(({ password, context }) => module.passwordRuleStates(password, context as Record<string, string>));
      }, cases);

      const ruleOfCode: Record<string, string> = {
        'password.too_short': 'length',
        'password.too_long': 'length',
        'password.characters': 'characters',
        'password.needs_uppercase': 'upper',
        'password.needs_lowercase': 'lower',
        'password.needs_digit': 'digit',
        'password.repeated': 'no_repeat',
        'password.char_overused': 'no_repeat',
        'password.sequence': 'no_sequence',
        'password.contains_username': 'no_username',
        'password.contains_id': 'no_username',
        'password.contains_mobile': 'no_username',
      };
      cases.forEach(({ password, context }, index) => {
        const broken = new Set(
          evaluatePassword(passwordPolicies.absher, password, context)
            .map((error) => ruleOfCode[error.code])
            .filter((rule) => rule !== undefined),
        );
        const states = inBrowser[index]!;
        for (const [rule, holds] of Object.entries(states)) {
          assert.equal(holds, !broken.has(rule), `rule ${rule} for ${password}`);
        }
      });
    } finally {
      await context.close();
    }
  });
});
