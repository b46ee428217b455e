// Sign-in in a real browser (Debian's Chromium through playwright-core), in Arabic on a phone and in
// English on a desktop: the sign-in page, a wrong password, the visual code the platform then asks
// for, the code page with a wrong and then the right SMS code, the account page and sign-out; axe
// (WCAG 2.2 A/AA) on every sign-in page on the way, with and without errors. Once more with the
// keyboard alone: the error summary takes the focus, every control is reached by Tab with a visible
// focus, and sign-out ends the session. One platform and one browser serve the file.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { translate } from '../../src/i18n/i18n.ts';
import type { Language } from '../../src/core/store.ts';
import { maskMobile } from '../../src/core/identity/mobile.ts';
import { registerCompletely } from '../helpers/registration.ts';
import { expectNoAxeViolations, launchBrowser, newContext, viewports } from './browser.ts';
import { captchaAnswerOnPage, smsCodeFor, startListeningPlatform, type ListeningPlatform } from './journey.ts';
import { expectAccepted } from './page-checks.ts';

let platform: ListeningPlatform;
let browser: Browser;

const url = (path: string) => `${platform.baseUrl}${path}`;

type Holder = { username: string; password: string; mobile: string };

async function registeredHolder(): Promise<Holder> {
  const { body, mobile } = await registerCompletely(platform);
  return { username: String(body.username), password: String(body.password), mobile };
}

async function expectPage(page: Page, language: Language, heading: string): Promise<void> {
  const html = await page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
  assert.deepEqual(html, { lang: language, dir: language === 'ar' ? 'rtl' : 'ltr' });
  assert.equal((await page.locator('h1').textContent())?.trim(), heading);
}

/** Submits and expects the same page back with its error summary. */
async function expectRefused(page: Page, submit: () => Promise<void>): Promise<string> {
  await Promise.all([page.waitForResponse((candidate) => candidate.request().method() === 'POST'), submit()]);
  await page.locator('.error-summary').waitFor();
  return (await page.locator('.error-summary').textContent()) ?? '';
}

const submitIn = (page: Page, action: string) =>
  page.locator(`form[action="${action}"] button[type="submit"], form[action^="${action}?"] button[type="submit"]`);

async function signInJourney(page: Page, holder: Holder, language: Language): Promise<void> {
  const t = (id: string, params?: Record<string, string | number>) => translate(language, id, params);
  await page.goto(url(`/login?lang=${language}`));
  await expectPage(page, language, t('login.title'));
  await expectNoAxeViolations(page, `sign-in page (${language})`);

  // Wrong passwords: one message for the whole attempt, never which part was wrong. (The journeys
  // share one address, so another one's failures may bring the visual code in early: answer it.)
  for (let failure = 1; failure <= 3; failure += 1) {
    let summary = '';
    // A visual code first asked for on this very answer is typed and the attempt made again.
    for (let attempt = 0; attempt < 2 && !summary.includes(t('login.invalid')); attempt += 1) {
      await page.locator('#login').fill(holder.username);
      await page.locator('#password').fill('Wrong7pass');
      await answerVisualCodeIfAsked(page);
      summary = await expectRefused(page, () => submitIn(page, '/login').click());
    }
    assert.ok(summary.includes(t('login.invalid')), `the summary says the sign-in failed: ${summary}`);
    assert.equal(await page.locator('#login').inputValue(), holder.username, 'the name is kept');
    assert.equal(await page.locator('#password').inputValue(), '', 'the password is never shown again');
    if (failure === 1) await expectNoAxeViolations(page, `sign-in page, wrong password (${language})`);
  }

  // After 3 failures for the name the visual code is asked for.
  await page.locator('#captcha-answer').waitFor();
  await expectNoAxeViolations(page, `sign-in page, visual code asked (${language})`);
  await page.locator('#login').fill(holder.username);
  await page.locator('#password').fill(holder.password);
  await page.locator('#captcha-answer').fill(await captchaAnswerOnPage(page, platform));
  await expectAccepted(page, () => submitIn(page, '/login').click(), /\/login\/verify\?flow=/);

  await expectPage(page, language, t('login.verify_title'));
  assert.ok(((await page.locator('main').textContent()) ?? '').includes(maskMobile(holder.mobile)), 'the page names the masked mobile');
  await expectNoAxeViolations(page, `code page (${language})`);
  await page.locator('#code').fill('000000');
  await expectRefused(page, () => submitIn(page, '/login/verify').click());
  assert.equal(await page.locator('#code').getAttribute('aria-invalid'), 'true');
  await expectNoAxeViolations(page, `code page, wrong code (${language})`);

  const code = await smsCodeFor(platform, holder.mobile);
  await page.locator('#code').fill(language === 'ar' ? code.replace(/\d/g, (digit) => String.fromCharCode(0x0660 + Number(digit))) : code);
  await expectAccepted(page, () => submitIn(page, '/login/verify').click(), /\/account$/);
  await expectPage(page, language, t('account.welcome', { username: holder.username }));
  await expectNoAxeViolations(page, `account page after sign-in (${language})`);

  await expectAccepted(page, () => submitIn(page, '/logout').click(), /\/$/);
  await page.goto(url('/account'));
  await page.waitForURL(/\/login\?next=%2Faccount/);
}

/** Types the visual code's answer when the page shows one. */
async function answerVisualCodeIfAsked(page: Page): Promise<void> {
  if ((await page.locator('#captcha-answer').count()) > 0) await page.locator('#captcha-answer').fill(await captchaAnswerOnPage(page, platform));
}

/** Presses Tab until `selector` has focus, then checks the focus can be seen. */
async function tabTo(page: Page, selector: string, limit = 40): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) {
      const ring = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement as Element);
        return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      assert.ok(ring.style !== 'none' && ring.width >= 2, `${selector} shows a focus outline (${JSON.stringify(ring)})`);
      return;
    }
  }
  assert.fail(`Tab never reached ${selector}`);
}

describe('sign-in in the browser', { concurrency: true }, () => {
  before(async () => {
    [platform, browser] = await Promise.all([startListeningPlatform(), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await platform?.app.close();
    await platform?.close();
  });

  it('when a holder signs in in Arabic on a phone (wrong password, visual code, wrong code, right code), then every page passes axe and sign-out ends the session', async () => {
    const context = await newContext(browser, { viewport: viewports.phone });
    try {
      await signInJourney(await context.newPage(), await registeredHolder(), 'ar');
    } finally {
      await context.close();
    }
  });

  it('when a holder signs in in English on a desktop (wrong password, visual code, wrong code, right code), then every page passes axe and sign-out ends the session', async () => {
    const context = await newContext(browser, { viewport: viewports.desktop });
    try {
      await signInJourney(await context.newPage(), await registeredHolder(), 'en');
    } finally {
      await context.close();
    }
  });

  it('when a holder signs in and out with the keyboard alone, then the error summary takes the focus and every control is reached with a visible focus', async () => {
    const context = await newContext(browser, { viewport: viewports.desktop });
    try {
      const page = await context.newPage();
      const holder = await registeredHolder();
      const press = (key: string) => page.keyboard.press(key);
      // The other journeys share this address: a visual code may be asked for; it is typed too.
      const typeVisualCodeIfAsked = async () => {
        if ((await page.locator('#captcha-answer').count()) === 0) return;
        await tabTo(page, '#captcha-answer');
        await page.keyboard.type(await captchaAnswerOnPage(page, platform));
      };
      await page.goto(url('/login?lang=en'));
      await tabTo(page, '#login');
      await page.keyboard.type(holder.username);
      await tabTo(page, '#password');
      await page.keyboard.type('Wrong7pass');
      await typeVisualCodeIfAsked();
      await expectRefused(page, () => press('Enter'));
      await page.waitForFunction(() => document.activeElement?.closest('.error-summary') !== null);
      await tabTo(page, '#password');
      await page.keyboard.type(holder.password);
      await typeVisualCodeIfAsked();
      // Another journey's failure may bring the visual code in between this page and its answer:
      // then the page comes back asking for it, and it is typed with the password again.
      const [firstAnswer] = await Promise.all([
        page.waitForResponse((candidate) => candidate.request().method() === 'POST'),
        press('Enter'),
      ]);
      if (firstAnswer.status() === 428) {
        await page.locator('#captcha-answer').waitFor();
        await tabTo(page, '#password');
        await page.keyboard.type(holder.password);
        await typeVisualCodeIfAsked();
        await expectAccepted(page, () => press('Enter'), /\/login\/verify\?flow=/);
      } else {
        assert.equal(firstAnswer.status(), 303, 'the right password is accepted');
        await page.waitForURL(/\/login\/verify\?flow=/);
      }
      await tabTo(page, '#code');
      await page.keyboard.type(await smsCodeFor(platform, holder.mobile));
      await expectAccepted(page, () => press('Enter'), /\/account$/);
      await tabTo(page, 'form[action="/logout"] button');
      await expectAccepted(page, () => press('Enter'), /\/$/);
    } finally {
      await context.close();
    }
  });
});
