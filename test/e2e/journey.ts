// Steps the browser journeys share: a platform listening on a real port, a fresh applicant, filling
// the registration form the way a person does, and reading the visual code and the SMS code from
// the development sinks. Guarantees: every applicant is an unused eligible person with a unique
// mobile and username; the base URL uses `localhost` so Chromium keeps the `__Host-` Secure cookies.
import type { Page } from 'playwright-core';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { freshPerson, uniqueMobile, uniqueUsername } from '../helpers/registration.ts';

export type ListeningPlatform = TestPlatform & { baseUrl: string };

export async function startListeningPlatform(): Promise<ListeningPlatform> {
  const platform = await startTestPlatform();
  await platform.app.listen({ port: 0, host: '127.0.0.1' });
  const address = platform.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the platform is not listening on a port');
  return Object.assign(platform, { baseUrl: `http://localhost:${address.port}` });
}

export type Applicant = {
  idNumber: string;
  mobile: string;
  /** The mobile as the platform stores it (E.164), to read its SMS. */
  mobileE164: string;
  email: string;
  username: string;
  password: string;
};

export async function freshApplicant(platform: TestPlatform): Promise<Applicant> {
  const person = await freshPerson(platform);
  const mobile = uniqueMobile();
  return {
    idNumber: person.idNumber,
    mobile,
    mobileE164: `+966${mobile.slice(1)}`,
    email: 'person@example.sa',
    username: uniqueUsername(),
    password: 'Wq7nTr5p',
  };
}

/** The answer of the visual code now on the page, from the development sink. */
export async function captchaAnswerOnPage(page: Page, platform: ListeningPlatform): Promise<string> {
  const id = await page.locator('input[name="captcha_id"]').inputValue();
  const response = await fetch(`${platform.baseUrl}/dev/captcha/${id}`);
  if (!response.ok) throw new Error(`no answer for visual code ${id}: ${response.status}`);
  return ((await response.json()) as { answer: string }).answer;
}

/** The last 6-digit code the development SMS sink holds for a mobile. */
export async function smsCodeFor(platform: ListeningPlatform, mobileE164: string): Promise<string> {
  await platform.outbox.idle();
  await platform.outbox.drain();
  const response = await fetch(`${platform.baseUrl}/dev/sms?to=${encodeURIComponent(mobileE164)}`);
  const messages = (await response.json()) as Array<{ text: string }>;
  const code = messages[0]?.text.match(/\b\d{6}\b/)?.[0];
  if (!code) throw new Error(`no code was sent to ${mobileE164}`);
  return code;
}

/** Fills every text field of the registration form by clicking into it and typing. */
export async function fillRegistrationFields(page: Page, applicant: Applicant, preferredLanguage: 'ar' | 'en'): Promise<void> {
  await page.locator('#idNumber').fill(applicant.idNumber);
  await page.locator('#mobile').fill(applicant.mobile);
  await page.locator('#email').fill(applicant.email);
  await page.locator('#emailConfirmation').fill(applicant.email);
  await page.locator('#username').fill(applicant.username);
  await page.locator('#password').fill(applicant.password);
  await page.locator('#passwordConfirmation').fill(applicant.password);
  await page.locator(`#preferredLanguage-${preferredLanguage}`).check();
  await page.locator('#acceptTerms').check();
}
