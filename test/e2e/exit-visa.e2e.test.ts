// Issue an exit/re-entry visa for a dependent in a real browser (Debian's Chromium through
// playwright-core), in Arabic on a phone and in English on a desktop: an activated resident sponsor
// signs in, goes from the dashboard to the family record, follows a dependent's "issue an exit/re-entry
// visa" action (the dependent is chosen for them), picks single for 3 months, submits, pays the SADAD
// bill and sees the issued visa number. axe (WCAG 2.2 A/AA) on every page, with and without errors.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { translate } from '../../src/i18n/i18n.ts';
import type { Language } from '../../src/core/store.ts';
import type { RegistryPerson } from '../../src/core/ports.ts';
import { addDays, today } from '../../src/core/services/sectors/calendar.ts';
import { checkEligibility } from '../../src/core/identity/eligibility.ts';
import { registerCompletely } from '../helpers/registration.ts';
import { activateForTest } from '../helpers/activation.ts';
import { expectNoAxeViolations, launchBrowser, newContext, viewports } from './browser.ts';
import { smsCodeFor, startListeningPlatform, type ListeningPlatform } from './journey.ts';

let platform: ListeningPlatform;
let browser: Browser;
const url = (path: string) => `${platform.baseUrl}${path}`;
const used = new Set<string>();

before(async () => {
  platform = await startListeningPlatform();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await platform?.close();
});

type Sponsor = { username: string; password: string; mobile: string; person: RegistryPerson; dependent: RegistryPerson };

/** An activated resident sponsor with a dependent whose Iqama is valid and passport runs a year. */
async function activeSponsor(): Promise<Sponsor> {
  const people = await platform.registry.listPeople({});
  const now = platform.clock.now();
  const day = today(now);
  for (const person of people) {
    if (used.has(person.idNumber) || person.category !== 'resident' || person.documentStatus !== 'valid' || !person.mobile) continue;
    if (!checkEligibility(person, { today: now, minimumAge: platform.config.minimumAge }).eligible) continue;
    if (!(await platform.referencePost!.nationalAddressOf(person.idNumber))) continue;
    const dependent = people.find((candidate) => candidate.sponsorId === person.idNumber && !candidate.deceased && candidate.documentStatus === 'valid');
    if (!dependent) continue;
    used.add(person.idNumber);
    await platform.referencePassports!.setPassportExpiry(dependent.idNumber, addDays(day, 365));
    const email = `visa.${process.pid}.${used.size}@example.sa`;
    const { body, mobile } = await registerCompletely(platform, { idNumber: person.idNumber, email, emailConfirmation: email });
    const account = await platform.store.accounts.findByIdNumber(person.idNumber);
    assert.ok(account);
    await activateForTest(platform, account.id);
    return { username: String(body.username), password: String(body.password), mobile, person, dependent };
  }
  throw new Error('no resident sponsor left in the test registry');
}

async function signIn(page: Page, sponsor: Sponsor, language: Language): Promise<void> {
  await page.goto(url(`/login?lang=${language}`));
  await page.locator('#login').fill(sponsor.username);
  await page.locator('#password').fill(sponsor.password);
  await Promise.all([page.waitForURL(/\/login\/verify\?flow=/), page.locator('form[action^="/login"] button[type="submit"]').first().click()]);
  await page.locator('#code').fill(await smsCodeFor(platform, sponsor.mobile));
  await Promise.all([page.waitForURL(/\/dashboard$/), page.locator('form[action^="/login/verify"] button[type="submit"]').first().click()]);
}

async function expectHeading(page: Page, text: string): Promise<void> {
  assert.equal((await page.locator('h1').textContent())?.trim(), text);
}

async function issueVisa(language: Language, viewport: { width: number; height: number }): Promise<void> {
  const t = (id: string, params?: Record<string, string | number>) => translate(language, id, params);
  const sponsor = await activeSponsor();
  const context = await newContext(browser, { viewport });
  try {
    const page = await context.newPage();
    await signIn(page, sponsor, language);
    await expectNoAxeViolations(page, `dashboard (${language})`);

    await Promise.all([page.waitForURL(/\/services\/family\.members$/), page.getByRole('link', { name: t('family.members.title') }).first().click()]);
    await expectHeading(page, t('family.members.title'));
    assert.ok(((await page.locator('table').first().textContent()) ?? '').includes(sponsor.dependent.nameAr));
    await expectNoAxeViolations(page, `family record (${language})`);

    const row = page.locator('tr', { hasText: sponsor.dependent.nameEn });
    await Promise.all([page.waitForURL(/\/services\/passports\.exit_reentry_visa\?dependent=/), row.getByRole('link', { name: t('family.members.action.visa') }).click()]);
    await expectHeading(page, t('passports.exit_reentry_visa.title'));
    assert.equal(await page.locator(`input[name="dependent"][value="${sponsor.dependent.idNumber}"]`).isChecked(), true, 'the dependent is chosen');
    await expectNoAxeViolations(page, `visa form (${language})`);

    // A multiple visa for 2 months is out of range: the error is shown and linked.
    await page.locator('input[name="kind"][value="multiple"]').check();
    await page.locator('input[name="months"][value="2"]').check();
    await page.locator('form[action="/services/passports.exit_reentry_visa"] button[type="submit"]').click();
    await page.locator('.error-summary').waitFor();
    assert.ok(((await page.locator('.error-summary').textContent()) ?? '').includes(t('passports.exit_reentry_visa.months_range')));
    await expectNoAxeViolations(page, `visa form with an error (${language})`);

    await page.locator('input[name="kind"][value="single"]').check();
    await page.locator('input[name="months"][value="3"]').check();
    await Promise.all([page.waitForURL(/\/services\/requests\/[0-9a-f-]{36}\?done=submitted$/), page.locator('form[action="/services/passports.exit_reentry_visa"] button[type="submit"]').click()]);
    assert.ok(((await page.locator('main').textContent()) ?? '').includes(t('eservices.status.awaiting_payment')));
    await expectNoAxeViolations(page, `request awaiting payment (${language})`);

    await Promise.all([page.waitForURL(/\?done=paid$/), page.locator('form[action$="/pay"] button[type="submit"]').click()]);
    const visas = await platform.passports.visasOf(sponsor.dependent.idNumber);
    assert.equal(visas.length, 1);
    assert.equal(visas[0]!.kind, 'exit_reentry_single');
    const main = (await page.locator('main').textContent()) ?? '';
    assert.ok(main.includes(t('eservices.status.completed')), 'the request is completed');
    assert.ok(main.includes(visas[0]!.number), 'the visa number is shown');
    await expectNoAxeViolations(page, `request completed (${language})`);
  } finally {
    await context.close();
  }
}

describe('exit/re-entry visa in the browser', () => {
  it('when a sponsor issues a visa for a dependent in Arabic on a phone, then it is paid and issued', () => issueVisa('ar', viewports.phone));
  it('when a sponsor issues a visa for a dependent in English on a desktop, then it is paid and issued', () => issueVisa('en', viewports.desktop));
});
