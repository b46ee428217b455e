// Browser journeys: Debian's Chromium driven by playwright-core, and axe for WCAG checks.
// Guarantees: one Chromium per test file (launch ~0.2 s), a fresh context per journey so cookies
// never leak between journeys; axe runs with the WCAG 2.0/2.1 A+AA and 2.2 AA rule tags, and
// `expectNoAxeViolations` fails with every violation, its help text and the offending elements.
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export const viewports = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 900 },
} as const;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
}

/** A new context (own cookies) on a phone-size screen unless told otherwise. */
export function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: viewports.phone, ...options });
}

export type AxeViolation = { id: string; impact?: string | null; help: string; helpUrl: string; targets: string[] };

export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Only violations are read: asking axe for nothing else keeps a run well under a second.
  const results = await new AxeBuilder({ page }).withTags(wcagTags).options({ resultTypes: ['violations'] }).analyze();
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact ?? null,
    help: violation.help,
    helpUrl: violation.helpUrl,
    targets: violation.nodes.map((node) => `${node.target.join(' ')}${node.failureSummary ? ` — ${node.failureSummary.replace(/\s+/g, ' ')}` : ''}`),
  }));
}

/** Fails the test with a readable list when axe finds any WCAG 2.2 A/AA violation on the page. */
export async function expectNoAxeViolations(page: Page, where = page.url()): Promise<void> {
  const violations = await axeViolations(page);
  const report = violations
    .map((violation) => `- ${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help}\n    ${violation.targets.join('\n    ')}`)
    .join('\n');
  assert.equal(violations.length, 0, `axe found ${violations.length} violation(s) on ${where}:\n${report}`);
}
