// Steps the bank and kiosk journeys share. Guarantees: registration goes through the web form as a
// person fills it (visual code and SMS code read from the development sinks) and ends on the done page.
import type { Page } from 'playwright-core';
import type { Language } from '../../src/core/store.ts';
import { captchaAnswerOnPage, fillRegistrationFields, smsCodeFor, type Applicant, type ListeningPlatform } from './journey.ts';

export async function registerOnTheWeb(page: Page, target: ListeningPlatform, applicant: Applicant, language: Language): Promise<void> {
  await page.goto(`${target.baseUrl}/register?lang=${language}`);
  await fillRegistrationFields(page, applicant, language);
  await page.locator('#captcha-answer').fill(await captchaAnswerOnPage(page, target));
  await Promise.all([page.waitForURL(/\/register\/verify\?flow=/), page.locator('button[name="action"][value="register"]').click()]);
  await page.locator('#code').fill(await smsCodeFor(target, applicant.mobileE164));
  await Promise.all([page.waitForURL(/\/register\/done\?flow=/), page.locator('form[action^="/register/verify?"] button[type="submit"]').click()]);
}
