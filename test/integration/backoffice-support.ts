// Helpers the back-office and activation-form tests share (not a test file): officers of each role
// with known credentials, their TOTP codes at the platform's (fake) time, a registered holder, a
// signed-in holder's cookie, and a small cookie jar that follows the back office's forms.
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { TestPlatform } from '../helpers/platform.ts';
import { Argon2PasswordHasher } from '../../src/adapters/passwords/argon2-hasher.ts';
import { createOfficerRecord, type NewOfficerCredentials } from '../../src/core/backoffice/service.ts';
import { principalOf, type OfficerPrincipal } from '../../src/core/backoffice/officer-auth.ts';
import type { Role } from '../../src/core/backoffice/roles.ts';
import { totpCode } from '../../src/core/backoffice/totp.ts';
import type { Account } from '../../src/core/store.ts';
import { registerOk } from './support.ts';

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

export class CookieJar {
  readonly #cookies = new Map<string, string>();

  take(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies as Array<{ name: string; value: string; maxAge?: number }>) {
      if (cookie.value === '' || cookie.maxAge === 0) this.#cookies.delete(cookie.name);
      else this.#cookies.set(cookie.name, cookie.value);
    }
  }

  set(name: string, value: string): void {
    this.#cookies.set(name, value);
  }

  has(name: string): boolean {
    return this.#cookies.has(name);
  }

  header(): Record<string, string> {
    return this.#cookies.size === 0 ? {} : { cookie: [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  }
}

export function csrfTokenIn(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, 'the page has a CSRF token');
  return token;
}

/** A browser-like session on the app: GET and form POSTs with cookies kept. */
export function browserOn(platform: TestPlatform, jar = new CookieJar()) {
  return {
    jar,
    async get(url: string) {
      const response = await platform.app.inject({ method: 'GET', url, headers: jar.header() });
      jar.take(response);
      return response;
    },
    async post(url: string, form: Record<string, string>) {
      const response = await platform.app.inject({
        method: 'POST',
        url,
        headers: { ...jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(form).toString(),
      });
      jar.take(response);
      return response;
    },
  };
}

/** Signs an officer in through the back-office pages; returns the browser with the session cookie. */
export async function officerBrowser(platform: TestPlatform, officer: TestOfficer) {
  const browser = browserOn(platform);
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
