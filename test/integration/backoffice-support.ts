// Helpers the back-office and activation-form tests share (not a test file): officers of each role
// with known credentials, their TOTP codes at the platform's (fake) time, a registered holder, a
// signed-in holder's cookie, and a small cookie jar that follows the back office's forms.
import assert from 'node:assert/strict';
import type { TestPlatform } from '../helpers/platform.ts';
import { Argon2PasswordHasher } from '../../src/adapters/passwords/argon2-hasher.ts';
import { createOfficerRecord, type NewOfficerCredentials } from '../../src/core/backoffice/service.ts';
import { principalOf, type OfficerPrincipal } from '../../src/core/backoffice/officer-auth.ts';
import type { Role } from '../../src/core/backoffice/roles.ts';
import { totpCode } from '../../src/core/backoffice/totp.ts';
import type { Account } from '../../src/core/store.ts';
import { csrfTokenIn, pageClient, registerOk } from './support.ts';

export type TestOfficer = NewOfficerCredentials & { principal: OfficerPrincipal };

const hasher = new Argon2PasswordHasher();
let officerCounter = 0;

export async function newOfficer(platform: TestPlatform, role: Role): Promise<TestOfficer> {
  officerCounter += 1;
  const created = await createOfficerRecord(
    { store: platform.backofficeStore, clock: platform.clock, audit: platform.audit, hasher },
    { username: `${role}${officerCounter}x${process.pid % 1000}`, displayName: `Test ${role} ${officerCounter}`, role },
    'system:test',
  );
  return { ...created, principal: principalOf(created.officer) };
}

/** The officer's code now (platform clock). */
export function codeNow(platform: TestPlatform, officer: TestOfficer): string {
  return totpCode(officer.totpSecret, platform.clock.now());
}

/** A newly registered (not activated) holder. */
export async function registeredAccount(platform: TestPlatform): Promise<{ account: Account; password: string; username: string; mobile: string }> {
  const registered = await registerOk(platform);
  return { account: registered.account, password: String(registered.body.password), username: String(registered.body.username), mobile: registered.mobile };
}

/** Audit events of the account written by this officer, oldest first. */
export async function officerEvents(platform: TestPlatform, accountId: string, officer: TestOfficer): Promise<string[]> {
  const events = await platform.store.audit.listForAccount(accountId, 200);
  return events
    .filter((event) => event.actor === `officer:${officer.officer.id}`)
    .map((event) => event.type)
    .reverse();
}

/** Signs an officer in through the back-office pages; returns the browser with the session cookie. */
export async function officerBrowser(platform: TestPlatform, officer: TestOfficer) {
  const browser = pageClient(platform);
  const page = await browser.get('/backoffice/login');
  assert.equal(page.statusCode, 200);
  const signed = await browser.post('/backoffice/login', {
    _csrf: csrfTokenIn(page.body),
    username: officer.officer.username,
    password: officer.password,
    code: codeNow(platform, officer),
  });
  assert.equal(signed.statusCode, 303, `officer sign-in: ${signed.body.slice(0, 300)}`);
  assert.ok(browser.jar.has('__Host-absher-office'), 'the back-office session cookie is set');
  return browser;
}
