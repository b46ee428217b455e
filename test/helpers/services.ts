// Holders for e-service tests: a new account (registered, then activated through the real
// activation service unless asked otherwise), signed in over the JSON API, with a small JSON client
// and the traffic, payments and post reference systems arranged for the rules under test.
// Guarantees: each call uses a fresh registry person and mobile; nothing is written behind the
// platform's back except through the reference systems' own controls.
import assert from 'node:assert/strict';
import type { TestPlatform } from './platform.ts';
import { activateForTest } from './activation.ts';
import { registerOk, signInOk } from '../integration/support.ts';
import type { Account } from '../../src/core/store.ts';
import type { RegistryPerson } from '../../src/core/ports.ts';
import type { ServiceContext } from '../../src/core/services/definition.ts';
import { today } from '../../src/core/services/sectors/calendar.ts';

export type Holder = {
  account: Account;
  person: RegistryPerson;
  mobile: string;
  password: string;
  token: string;
  /** Signs in again (after the test moved the clock past the session's idle time). */
  signIn(): Promise<void>;
  /** A JSON API call as this holder: status, body, headers. */
  api(method: 'GET' | 'POST', url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any }>;
};

export async function holder(platform: TestPlatform, options: { active?: boolean; language?: 'ar' | 'en' } = {}): Promise<Holder> {
  const registered = await registerOk(platform, options.language ? { preferredLanguage: options.language } : {});
  if (options.active !== false) await activateForTest(platform, registered.account.id);
  const account = (await platform.store.accounts.findById(registered.account.id))!;
  const person = (await platform.registry.findPerson(account.idNumber))!;
  const credentials = { login: account.username, password: String(registered.body.password), mobile: registered.mobile };
  let { token } = await signInOk(platform, credentials);
  return {
    account,
    person,
    mobile: registered.mobile,
    password: credentials.password,
    get token() {
      return token;
    },
    async signIn() {
      ({ token } = await signInOk(platform, credentials));
    },
    async api(method, url, body, headers = {}) {
      const response = await platform.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}`, 'accept-language': options.language ?? 'en', ...headers },
        ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
      });
      return { status: response.statusCode, json: response.body === '' ? {} : JSON.parse(response.body) };
    },
  };
}

/** Days from today (Riyadh) on the platform's clock, as an ISO day. */
export function daysFromToday(platform: TestPlatform, days: number): string {
  return new Date(Date.parse(`${today(platform.clock.now())}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A holder whose licence can be renewed: 60 days left, no fines, a fit check 10 days ago, a national address. */
export async function renewableLicence(platform: TestPlatform, who: Holder): Promise<void> {
  assert.ok(platform.referenceTraffic && platform.referencePost, 'the reference traffic and post systems are in use');
  await platform.referenceTraffic.arrange(who.person.idNumber, {
    licence: { expiresOn: daysFromToday(platform, 60) },
    checks: [{ checkedOn: daysFromToday(platform, -10) }],
    violations: [],
  });
  await platform.referencePost.setAddress(who.person.idNumber, {
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
}

/** The context a service's rules see for this holder (for rule tests through the definitions). */
export async function contextOf(platform: TestPlatform, who: Holder): Promise<ServiceContext> {
  return platform.services.context(who.account.id);
}
