// Assertions every browser journey makes about a page: its language and direction, its heading,
// and that a form was accepted (a 303 on to where it leads) or else what the page said instead.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Language } from '../../src/core/store.ts';

export async function expectPageLanguage(page: Page, language: Language): Promise<void> {
  const html = await page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
  assert.deepEqual(html, { lang: language, dir: language === 'ar' ? 'rtl' : 'ltr' }, `page language at ${page.url()}`);
}

/** The page's one h1 reads `text` (waiting for it, as a page may still be loading). */
export async function expectHeading(page: Page, text: string): Promise<void> {
  await page.locator('h1', { hasText: text }).waitFor();
  assert.equal((await page.locator('h1').textContent())?.trim(), text);
}

/** Submits with `submit` and expects a 303 on to `destination`; otherwise fails with what the page says. */
export async function expectAccepted(page: Page, submit: () => Promise<void>, destination: RegExp): Promise<void> {
  const [response] = await Promise.all([page.waitForResponse((candidate) => candidate.request().method() === 'POST'), submit()]);
  if (response.status() !== 303) {
    await page.waitForLoadState();
    const shown = await page.locator('.error-summary, main').first().textContent().catch(() => '(nothing)');
    assert.fail(`the form was not accepted (${response.status()}): ${shown}`);
  }
  await page.waitForURL(destination);
}
