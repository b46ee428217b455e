// Not a test: takes full-page screenshots of every registration page in both languages on a phone
// and a desktop screen, for a person to look at. Run:
//   node --import tsx test/e2e/screenshots.ts [output directory, default $TMPDIR/absher-screenshots]
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBrowser, newContext, viewports } from './browser.ts';
import { captchaAnswerOnPage, fillRegistrationFields, freshApplicant, smsCodeFor, startListeningPlatform } from './journey.ts';

const output = resolve(process.argv[2] ?? join(tmpdir(), 'absher-screenshots'));
await mkdir(output, { recursive: true });

const platform = await startListeningPlatform();
const browser = await launchBrowser();
try {
  for (const language of ['ar', 'en'] as const) {
    for (const [size, viewport] of Object.entries(viewports)) {
      const context = await newContext(browser, { viewport });
      const page = await context.newPage();
      const shot = async (name: string) => {
        await page.evaluate(() => document.fonts.ready);
        await page.screenshot({ path: join(output, `${language}-${size}-${name}.png`), fullPage: true });
        // Long pages also come in screen-high slices, to look at closely.
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        for (let y = 0, part = 1; y < height && height > viewport.height * 1.5; y += viewport.height, part += 1) {
          const clip = { x: 0, y, width: viewport.width, height: Math.min(viewport.height, height - y) };
          await page.screenshot({ path: join(output, `${language}-${size}-${name}-part${part}.png`), fullPage: true, clip });
        }
      };
      const open = async (path: string) => {
        await page.goto(`${platform.baseUrl}${path}`);
      };

      await open(`/?lang=${language}`);
      await shot('home');
      await open('/terms');
      await shot('terms');
      await open('/no-such-page');
      await shot('404');
      await open('/register');
      await shot('register-empty');
      // Keyboard focus: the skip link, then a radio button and the no-reading check.
      await page.keyboard.press('Tab');
      await page.screenshot({ path: join(output, `${language}-${size}-focus-skip-link.png`) });
      await page.locator('#passwordConfirmation').focus();
      await page.keyboard.press('Tab');
      await page.locator('#preferredLanguage-ar').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(output, `${language}-${size}-focus-radio.png`) });
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.screenshot({ path: join(output, `${language}-${size}-focus-pow.png`) });
      await page.locator('button[value="register"]').click();
      await page.waitForSelector('.error-summary');
      await shot('register-errors');

      const applicant = await freshApplicant(platform);
      await page.locator('#password').fill('abcd');
      await page.locator('#username').fill(applicant.username);
      await page.locator('#username-availability:not(:empty)').waitFor();
      await page.locator('#password').focus();
      await shot('register-typing');

      await fillRegistrationFields(page, applicant, language);
      await page.locator('#captcha-answer').fill(await captchaAnswerOnPage(page, platform));
      await page.locator('button[value="register"]').click();
      await page.waitForURL(/\/register\/verify/);
      await shot('verify');
      await page.locator('#code').fill('000000');
      await page.locator('form[action^="/register/verify?"] button[type="submit"]').click();
      await page.waitForSelector('.error-summary');
      await shot('verify-error');
      await page.locator('#code').fill(await smsCodeFor(platform, applicant.mobileE164));
      await page.locator('form[action^="/register/verify?"] button[type="submit"]').click();
      await page.waitForURL(/\/register\/done/);
      await shot('done');
      await context.close();
    }
  }
  console.log(`screenshots in ${output}`);
} finally {
  await browser.close();
  await platform.app.close();
  await platform.close();
}

