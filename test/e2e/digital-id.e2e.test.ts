// Show and verify the digital ID in a real browser (Debian's Chromium through playwright-core), in
// Arabic on a phone and in English on a desktop: an activated holder signs in, opens the card (names,
// masked number, Hijri and Gregorian expiry, QR code), follows the QR's link to the public verify
// page (valid), then a verifier pastes an altered code (not valid). axe (WCAG 2.2 A/AA) on every page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { translate } from '../../src/i18n/i18n.ts';
import type { Language } from '../../src/core/store.ts';
import { maskIdNumber } from '../../src/core/identity/national-id.ts';
import { deflateSync } from 'node:zlib';
import { addDays, today } from '../../src/core/services/sectors/calendar.ts';
import { freshPerson, registerCompletely } from '../helpers/registration.ts';
import { activateForTest } from '../helpers/activation.ts';
import { expectNoAxeViolations, launchBrowser, newContext, viewports } from './browser.ts';
import { smsCodeFor, startListeningPlatform, type ListeningPlatform } from './journey.ts';

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

type Holder = { username: string; password: string; mobile: string; idNumber: string };

let counter = 0;
async function activeHolder(idNumber?: string): Promise<Holder> {
  counter += 1;
  const email = `digital.${process.pid}.${counter}@example.sa`;
  const { body, mobile } = await registerCompletely(platform, { email, emailConfirmation: email, ...(idNumber ? { idNumber } : {}) });
  const account = await platform.store.accounts.findByIdNumber(String(body.idNumber));
  assert.ok(account);
  await activateForTest(platform, account.id);
  return { username: String(body.username), password: String(body.password), mobile, idNumber: String(body.idNumber) };
}

async function signIn(page: Page, holder: Holder, language: Language, next: string): Promise<void> {
  await page.goto(url(`/login?lang=${language}&next=${encodeURIComponent(next)}`));
  await page.locator('#login').fill(holder.username);
  await page.locator('#password').fill(holder.password);
  await Promise.all([page.waitForURL(/\/login\/verify\?flow=/), page.locator('form[action^="/login"] button[type="submit"]').first().click()]);
  await page.locator('#code').fill(await smsCodeFor(platform, holder.mobile));
  await Promise.all([page.waitForURL((target) => target.pathname === next), page.locator('form[action^="/login/verify"] button[type="submit"]').first().click()]);
}

async function showAndVerify(language: Language, viewport: { width: number; height: number }): Promise<void> {
  const t = (id: string) => translate(language, id);
  const holder = await activeHolder();
  const context = await newContext(browser, { viewport });
  try {
    const page = await context.newPage();
    await signIn(page, holder, language, '/dashboard');
    // From the catalogue: the digital ID's service page, then its link to the card.
    await Promise.all([page.waitForURL(/\/services\/digital_id\.card$/), page.getByRole('link', { name: t('digital_id.card.title') }).first().click()]);
    assert.equal((await page.locator('h1').textContent())?.trim(), t('digital_id.card.title'));
    await expectNoAxeViolations(page, `digital ID service page (${language})`);
    // A controllable clock in the page, to see the code renew itself before it expires.
    await page.clock.install();
    await Promise.all([page.waitForURL(/\/digital-id$/), page.getByRole('link', { name: t('digital_id.card.link.card') }).click()]);
    assert.equal((await page.locator('h1').textContent())?.trim(), t('digital_id.title'));
    assert.deepEqual(await page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir })), { lang: language, dir: language === 'ar' ? 'rtl' : 'ltr' });
    const person = (await platform.registry.findPerson(holder.idNumber))!;
    const card = (await page.locator('.id-card').textContent()) ?? '';
    assert.ok(card.includes(person.nameAr) && card.includes(person.nameEn), 'both names on the card');
    assert.ok(card.includes(maskIdNumber(holder.idNumber)) && !card.includes(holder.idNumber), 'the number is masked');
    const qr = page.locator('img.qr');
    assert.equal(await qr.getAttribute('alt'), t('digital_id.qr_alt'));
    assert.ok(await qr.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0), 'the QR code is drawn');
    await expectNoAxeViolations(page, `digital ID (${language})`);
    const firstCode = await qr.getAttribute('src');
    await page.clock.fastForward(5 * 60_000);
    await page.locator('#qr-status', { hasText: t('digital_id.qr_renewed') }).waitFor({ state: 'attached' });
    assert.notEqual(await qr.getAttribute('src'), firstCode, 'the page drew a fresh code before the old one expired');

    // The QR code's link: what a verifier's phone opens after scanning.
    await Promise.all([page.waitForURL(/\/verify-id\?token=/), page.getByRole('link', { name: t('digital_id.open_verify') }).click()]);
    assert.equal((await page.locator('#verdict').textContent())?.trim(), t('digital_id.verify.valid'));
    assert.ok(((await page.locator('.panel-success').textContent()) ?? '').includes(person.nameEn));
    await expectNoAxeViolations(page, `verify page, valid (${language})`);

    // A verifier pastes an altered code on the public page (a fresh context: no session needed).
    const token = new URL(page.url()).searchParams.get('token')!;
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const altered = [header, Buffer.from(JSON.stringify({ ...claims, document_expiry: '2099-01-01' })).toString('base64url'), signature].join('.');
    const verifier = await (await newContext(browser, { viewport })).newPage();
    try {
      await verifier.goto(url(`/verify-id?lang=${language}`));
      assert.equal((await verifier.locator('h1').textContent())?.trim(), t('digital_id.verify.title'));
      await expectNoAxeViolations(verifier, `verify page, empty (${language})`);
      await verifier.locator('#token').fill(altered);
      await Promise.all([verifier.waitForLoadState(), verifier.locator('form[action="/verify-id"] button[type="submit"]').click()]);
      await verifier.locator('.panel-invalid').waitFor();
      assert.equal((await verifier.locator('#verdict').textContent())?.trim(), t('digital_id.verify.invalid'));
      assert.ok(((await verifier.locator('.panel-invalid').textContent()) ?? '').includes(t('digital_id.verify.reason.bad_signature')));
      await expectNoAxeViolations(verifier, `verify page, not valid (${language})`);

      await verifier.locator('#token').fill('');
      await Promise.all([verifier.waitForLoadState(), verifier.locator('form[action="/verify-id"] button[type="submit"]').click()]);
      await verifier.locator('.error-summary').waitFor();
      assert.equal(await verifier.locator('#token').getAttribute('aria-invalid'), 'true');
      await expectNoAxeViolations(verifier, `verify page, empty paste (${language})`);
    } finally {
      await verifier.context().close();
    }
  } finally {
    await context.close();
  }
}

/** A real PNG (8-bit grey) of the given size, for the photo upload. */
function pngImage(width: number, height: number): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = table[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  const rows = Buffer.alloc((width + 1) * height, 0xdd);
  for (let row = 0; row < height; row += 1) rows[row * (width + 1)] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** A citizen renews their ID card with an uploaded photo; the digital ID then shows that photo. */
async function renewWithPhoto(language: Language): Promise<void> {
  const t = (id: string) => translate(language, id);
  // A citizen the registration helper hands out (so no other journey takes them) with a national address.
  let chosen: string | null = null;
  for (let tries = 0; tries < 20 && !chosen; tries += 1) {
    const person = await freshPerson(platform, 'citizen');
    if (person.mobile && (await platform.referencePost!.nationalAddressOf(person.idNumber))) chosen = person.idNumber;
  }
  assert.ok(chosen, 'a citizen to renew');
  await platform.referenceCivilAffairs!.setIdCard(chosen, { expiresOn: addDays(today(platform.clock.now()), 30), status: 'valid' });
  const holder = await activeHolder(chosen);
  const context = await newContext(browser, { viewport: viewports.phone });
  try {
    const page = await context.newPage();
    await signIn(page, holder, language, '/dashboard');
    await Promise.all([page.waitForURL(/\/services\/civil\.national_id_renewal$/), page.getByRole('link', { name: t('civil.national_id_renewal.title') }).first().click()]);
    await expectNoAxeViolations(page, `ID renewal before a photo (${language})`);
    await Promise.all([page.waitForURL(/\/photo$/), page.getByRole('link', { name: t('civil.national_id_renewal.link.photo') }).click()]);
    await expectNoAxeViolations(page, `photo upload (${language})`);
    // A landscape picture is refused with the reason, then a good one is accepted.
    await page.locator('#photo').setInputFiles({ name: 'wide.png', mimeType: 'image/png', buffer: pngImage(400, 300) });
    await Promise.all([page.waitForLoadState(), page.locator('form[enctype="multipart/form-data"] button[type="submit"]').click()]);
    await page.locator('.error-summary').waitFor();
    assert.ok(((await page.locator('.error-summary').textContent()) ?? '').includes(t('civil.photo.not_portrait')));
    await expectNoAxeViolations(page, `photo upload with an error (${language})`);
    await page.locator('#photo').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: pngImage(240, 320) });
    await Promise.all([page.waitForURL(/\/services\/civil\.national_id_renewal\?photo=/), page.locator('form[enctype="multipart/form-data"] button[type="submit"]').click()]);
    await expectNoAxeViolations(page, `ID renewal with a photo (${language})`);
    await Promise.all([page.waitForURL(/\?done=submitted$/), page.locator('form[action="/services/civil.national_id_renewal"] button[type="submit"]').click()]);
    assert.ok(((await page.locator('main').textContent()) ?? '').includes(t('eservices.status.shipped')));
    await page.goto(url('/digital-id'));
    assert.ok(await page.locator('img.id-card-photo').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth === 240), 'the new photo is on the card');
    await expectNoAxeViolations(page, `digital ID with a photo (${language})`);
  } finally {
    await context.close();
  }
}

describe('digital ID in the browser', () => {
  it('when a citizen renews their ID with an uploaded photo in Arabic, then the digital ID shows that photo', () => renewWithPhoto('ar'));
  it('when an active holder shows the card in Arabic on a phone, then it verifies and an altered code does not', () => showAndVerify('ar', viewports.phone));
  it('when an active holder shows the card in English on a desktop, then it verifies and an altered code does not', () => showAndVerify('en', viewports.desktop));
});
