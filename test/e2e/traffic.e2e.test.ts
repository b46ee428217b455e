// Traffic e-services in a real browser (Debian's Chromium through playwright-core), in Arabic on a
// phone and in English on a desktop: an active holder signs in and lands on the dashboard, opens
// their violations, pays one through its SADAD bill, then renews their driving licence (a refused
// form first, then the fee paid and the new licence sent by post); and a stolen vehicle is reported
// to Public Security; axe (WCAG 2.2 A/AA) on every page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { translate } from '../../src/i18n/i18n.ts';
import type { Language } from '../../src/core/store.ts';
import { registerCompletely } from '../helpers/registration.ts';
import { activateForTest } from '../helpers/activation.ts';
import { addDays, today } from '../../src/core/services/sectors/calendar.ts';
import { riyals } from '../../src/core/services/money.ts';
import { expectNoAxeViolations, launchBrowser, newContext, viewports } from './browser.ts';
import { smsCodeFor, startListeningPlatform, type ListeningPlatform } from './journey.ts';
import { expectAccepted, expectHeading, expectPageLanguage } from './page-checks.ts';

let platform: ListeningPlatform;
let browser: Browser;

const url = (path: string) => `${platform.baseUrl}${path}`;

type Driver = { username: string; password: string; mobile: string; idNumber: string; name: { ar: string; en: string }; violation: string };

/** An active holder with a licence 60 days from expiry, a fit medical check, a national address and one unpaid red-light violation. */
async function driver(): Promise<Driver> {
  const { body, mobile } = await registerCompletely(platform);
  const account = (await platform.store.accounts.findByIdNumber(String(body.idNumber)))!;
  await activateForTest(platform, account.id);
  const person = (await platform.registry.findPerson(account.idNumber))!;
  const day = today(platform.clock.now());
  const [violation] = await platform.referenceTraffic!.arrange(person.idNumber, {
    licence: { expiresOn: addDays(day, 60) },
    checks: [{ checkedOn: addDays(day, -5) }],
    violations: [{ kind: 'red_light', occurredOn: addDays(day, -4), amountHalalas: 300_000 }],
  });
  await platform.referencePost!.setAddress(person.idNumber, {
    buildingNumber: '2929',
    streetAr: 'طريق الملك فهد',
    streetEn: 'King Fahd Road',
    districtAr: 'العليا',
    districtEn: 'Al Olaya',
    cityAr: 'الرياض',
    cityEn: 'Riyadh',
    postalCode: '12211',
    additionalNumber: '7321',
    shortAddress: 'RRRD2929',
  });
  return { username: String(body.username), password: String(body.password), mobile, idNumber: person.idNumber, name: { ar: person.nameAr, en: person.nameEn }, violation: violation! };
}

const submitIn = (page: Page, action: string) => page.locator(`form[action="${action}"] button[type="submit"]`);

async function journey(language: Language, viewport: { width: number; height: number }): Promise<void> {
  const t = (id: string, params?: Record<string, string | number>) => translate(language, id, params);
  const who = await driver();
  const context = await newContext(browser, { viewport });
  const page = await context.newPage();
  try {
    // Sign in: an active account lands on its dashboard.
    await page.goto(url(`/login?lang=${language}`));
    await page.locator('#login').fill(who.username);
    await page.locator('#password').fill(who.password);
    await expectAccepted(page, () => submitIn(page, '/login').click(), /\/login\/verify\?flow=/);
    await page.locator('#code').fill(await smsCodeFor(platform, who.mobile));
    await expectAccepted(page, () => page.locator('form[action^="/login/verify"] button[type="submit"]').first().click(), /\/dashboard$/);
    await expectPageLanguage(page, language);
    await expectHeading(page, t('dashboard.welcome', { name: who.name[language] }));
    await expectNoAxeViolations(page, `dashboard (${language})`);

    // Search the catalogue without JavaScript, then open the violations.
    await page.locator('#q').fill(language === 'ar' ? 'مخالفات' : 'violations');
    await page.locator('form[role="search"] button[type="submit"]').click();
    await page.waitForURL(/\/dashboard\?q=/);
    await expectNoAxeViolations(page, `dashboard search (${language})`);
    await page.getByRole('link', { name: t('traffic.violations.title'), exact: true }).click();
    await page.waitForURL(/\/services\/traffic\.violations$/);
    await expectHeading(page, t('traffic.violations.title'));
    assert.match((await page.locator('table').textContent()) ?? '', new RegExp(t('traffic.violations.kind.red_light')));
    await expectNoAxeViolations(page, `violations (${language})`);

    // Pay the violation through a SADAD bill.
    await page.getByRole('link', { name: t('traffic.violations.action.pay', { number: who.violation }) }).click();
    await page.waitForURL(/\/services\/traffic\.violation_payment\?violations=/);
    assert.equal(await page.locator(`input[name="violations"][value="${who.violation}"]`).isChecked(), true);
    await expectNoAxeViolations(page, `violation payment form (${language})`);
    await expectAccepted(page, () => submitIn(page, '/services/traffic.violation_payment').click(), /\/services\/requests\/[0-9a-f-]{36}\?done=submitted$/);
    assert.match((await page.locator('main').textContent()) ?? '', new RegExp(t('eservices.status.awaiting_payment')));
    await expectNoAxeViolations(page, `violation bill (${language})`);
    const payLabel = language === 'ar' ? `${riyals(300_000)} ريال` : `SAR ${riyals(300_000)}`;
    await expectAccepted(page, () => page.getByRole('button', { name: t('eservices.bill.pay_now', { amount: payLabel }) }).click(), /\?done=paid$/);
    assert.match((await page.locator('.tag').first().textContent()) ?? '', new RegExp(t('eservices.status.completed')));
    await expectNoAxeViolations(page, `violation paid (${language})`);
    assert.equal((await platform.referenceTraffic!.violationsOf(who.idNumber))[0]!.status, 'paid');

    // Renew the licence: a refused form first (no delivery consent), then accepted, paid and shipped.
    await page.goto(url('/dashboard'));
    await page.getByRole('link', { name: t('traffic.licence_renewal.title'), exact: true }).click();
    await page.waitForURL(/\/services\/traffic\.licence_renewal$/);
    await expectHeading(page, t('traffic.licence_renewal.title'));
    await expectNoAxeViolations(page, `licence renewal form (${language})`);
    await page.locator('#field-years-1').check();
    await submitIn(page, '/services/traffic.licence_renewal').click();
    await page.waitForSelector('.error-summary');
    assert.match((await page.locator('.error-summary').textContent()) ?? '', new RegExp(t('traffic.licence_renewal.deliver.required')));
    await expectNoAxeViolations(page, `licence renewal form with errors (${language})`);
    await page.locator('#field-deliver').check();
    await expectAccepted(page, () => submitIn(page, '/services/traffic.licence_renewal').click(), /\/services\/requests\/[0-9a-f-]{36}\?done=submitted$/);
    await expectNoAxeViolations(page, `licence bill (${language})`);
    const fee = language === 'ar' ? `${riyals(8_000)} ريال` : `SAR ${riyals(8_000)}`;
    await expectAccepted(page, () => page.getByRole('button', { name: t('eservices.bill.pay_now', { amount: fee }) }).click(), /\?done=paid$/);
    assert.match((await page.locator('.tag').first().textContent()) ?? '', new RegExp(t('eservices.status.shipped')));
    assert.match((await page.locator('main').textContent()) ?? '', /RR\d{9}SA/);
    await expectNoAxeViolations(page, `licence shipped (${language})`);
    const licence = await platform.referenceTraffic!.licenceOf(who.idNumber);
    assert.equal(licence!.expiresOn, addDays(addDays(today(platform.clock.now()), 60), 0).replace(/^(\d{4})/, (year) => String(Number(year) + 2)));
  } finally {
    await context.close();
  }
}

/** Public Security: report a stolen vehicle from the catalogue (Arabic), the form's errors first; axe on each page. */
async function theftReport(): Promise<void> {
  const t = (id: string, params?: Record<string, string | number>) => translate('ar', id, params);
  const who = await driver();
  const day = today(platform.clock.now());
  const [serial] = await platform.referenceTraffic!.arrange(who.idNumber, { vehicles: [{ registrationExpiresOn: addDays(day, 90) }] });
  const context = await newContext(browser, { viewport: viewports.phone });
  const page = await context.newPage();
  try {
    await page.goto(url('/login?lang=ar'));
    await page.locator('#login').fill(who.username);
    await page.locator('#password').fill(who.password);
    await expectAccepted(page, () => submitIn(page, '/login').click(), /\/login\/verify\?flow=/);
    await page.locator('#code').fill(await smsCodeFor(platform, who.mobile));
    await expectAccepted(page, () => page.locator('form[action^="/login/verify"] button[type="submit"]').first().click(), /\/dashboard$/);
    await page.getByRole('link', { name: t('traffic.stolen_vehicle.title'), exact: true }).click();
    await page.waitForURL(/\/services\/traffic\.stolen_vehicle$/);
    await expectNoAxeViolations(page, 'stolen vehicle form (ar)');
    await page.locator(`input[name="vehicle"][value="${serial}"]`).check();
    await page.locator('#field-stolenOn').fill('أمس');
    await submitIn(page, '/services/traffic.stolen_vehicle').click();
    await page.waitForSelector('.error-summary');
    assert.match((await page.locator('.error-summary').textContent()) ?? '', new RegExp(t('traffic.stolen_vehicle.stolen_on.invalid')));
    await expectNoAxeViolations(page, 'stolen vehicle form with errors (ar)');
    await page.locator('#field-stolenOn').fill(addDays(day, -1));
    await page.locator('#field-city-0').check();
    await page.locator('#field-confirm').check();
    await expectAccepted(page, () => submitIn(page, '/services/traffic.stolen_vehicle').click(), /\/services\/requests\/[0-9a-f-]{36}\?done=submitted$/);
    assert.match((await page.locator('.tag').first().textContent()) ?? '', new RegExp(t('eservices.status.completed')));
    assert.match((await page.locator('main').textContent()) ?? '', /TR\d{16}/);
    await expectNoAxeViolations(page, 'stolen vehicle reported (ar)');
  } finally {
    await context.close();
  }
}

describe('traffic e-services in the browser', () => {
  before(async () => {
    platform = await startListeningPlatform();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('when an Arabic-speaking holder on a phone pays a violation and renews their licence, then every page is axe clean', async () => {
    await journey('ar', viewports.phone);
  });

  it('when an English-speaking holder on a desktop pays a violation and renews their licence, then every page is axe clean', async () => {
    await journey('en', viewports.desktop);
  });

  it('when a holder reports their stolen vehicle in Arabic, then the report is registered and every page is axe clean', async () => {
    await theftReport();
  });
});
