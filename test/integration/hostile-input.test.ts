// Every route the platform serves (pages, JSON API, partner API, back office, development routes),
// asked with hostile input by everyone who can reach it: nobody, a signed-in holder (bearer token
// and page session with its CSRF token), a bank and a kiosk (partner tokens) and an officer. Made-up
// path parameters, malformed and oddly typed JSON, wrong content types, form posts with junk in
// every field the platform reads, and query strings with arrays, markup, Arabic digits and NULs.
// The answer to any of it must be a 2xx, 3xx or 4xx: never a 5xx. All failures are listed at once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { serverRoutes } from '../helpers/routes.ts';
import { activateForTest } from '../helpers/activation.ts';
import { csrfTokenIn, registerOk, signInOk, signInThroughPages } from './support.ts';
import { partnerToken } from './partner-support.ts';
import { newOfficer, officerBrowser } from './backoffice-support.ts';

type Caller = { name: string; headers: Record<string, string>; csrf?: string };

/** Values for every field a form or body may carry: wrong types, empty, huge, markup, other scripts. */
const junkValues: unknown[] = ['', ' ', 'x'.repeat(5000), '<script>alert(1)</script>', '١٢٣٤٥٦', '\u0000', '-1', '1e309', 'null', 0, -1, 1.5, true, null, [], {}, ['a', 'b'], { nested: { deeper: [1] } }];
const fieldNames = [
  'login', 'password', 'passwordConfirmation', 'currentPassword', 'code', 'idNumber', 'mobile', 'email', 'emailConfirmation', 'username',
  'preferredLanguage', 'language', 'captchaId', 'captchaAnswer', 'proofOfWork', 'nonce', 'acceptTerms', 'termsVersion', 'decision', 'number',
  'answer', 'amount', 'months', 'kind', 'type', 'reason', 'dependentId', 'vehicleId', 'violationId', 'requestId', 'q', 'city', 'reference',
  'checks', 'role', 'displayName', 'channel', 'subChannel', 'finger', 'fingerprint', 'operation', 'deviceId', 'token', 'birthDate', 'name',
];
const pathSamples = ['x', '00000000-0000-0000-0000-000000000000', '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', '%00', '١٢٣', 'a'.repeat(300), '..%2F..%2Fetc'];
const hostileQuery = '?lang=xx&flow=..%2F..&id[]=1&id[]=2&q=%3Cscript%3E&next=https%3A%2F%2Fevil.example&page=-1&limit=1e9&to=%00';

function bodiesFor(caller: Caller): Array<{ label: string; headers: Record<string, string>; payload?: string }> {
  const json = { 'content-type': 'application/json' };
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const everyField = (value: unknown) => Object.fromEntries(fieldNames.map((name) => [name, value]));
  const formOf = (value: string) => new URLSearchParams({ ...(caller.csrf ? { _csrf: caller.csrf } : {}), ...Object.fromEntries(fieldNames.map((name) => [name, value])) }).toString();
  return [
    { label: 'no body', headers: {} },
    { label: 'cut JSON', headers: json, payload: '{"login": ' },
    { label: 'JSON null', headers: json, payload: 'null' },
    { label: 'JSON array', headers: json, payload: '[1,2,3]' },
    { label: 'JSON string', headers: json, payload: '"text"' },
    ...junkValues.map((value, index) => ({ label: `JSON fields #${index}`, headers: json, payload: JSON.stringify(everyField(value)) })),
    { label: 'JSON deep', headers: json, payload: `${'{"a":'.repeat(200)}1${'}'.repeat(200)}` },
    { label: 'form junk', headers: form, payload: formOf('<b>١٢٣</b>\u0000') },
    { label: 'form huge', headers: form, payload: formOf('y'.repeat(4000)) },
    { label: 'form repeated', headers: form, payload: `${caller.csrf ? `_csrf=${caller.csrf}&` : ''}login=a&login=b&password=c&password=d&code=1&code=2` },
    { label: 'wrong type', headers: { 'content-type': 'text/plain' }, payload: 'hello' },
    { label: 'multipart without parts', headers: { 'content-type': 'multipart/form-data; boundary=zzz' }, payload: '--zzz--\r\n' },
  ];
}

describe('hostile input on every route', () => {
  let platform: TestPlatform;
  const callers: Caller[] = [{ name: 'nobody', headers: {} }];

  before(async () => {
    platform = await startTestPlatform();
    // Listening for real: the bank and kiosk simulators call the platform's own partner API over HTTP.
    await platform.app.listen({ port: 0, host: '127.0.0.1' });
    const registered = await registerOk(platform);
    await activateForTest(platform, registered.account.id);
    const holder = { login: String(registered.body.username), password: String(registered.body.password), mobile: registered.mobile };
    const { token } = await signInOk(platform, holder);
    callers.push({ name: 'holder (bearer)', headers: { authorization: `Bearer ${token}` } });
    const pages = await signInThroughPages(platform, holder);
    const account = await pages.client.get('/account/email');
    callers.push({ name: 'holder (pages)', headers: pages.client.jar.header(), csrf: csrfTokenIn(account.body) });
    callers.push({ name: 'bank', headers: { authorization: `Bearer ${await partnerToken(platform, 'bank-alrajhi', 'activation')}` } });
    callers.push({ name: 'kiosk', headers: { authorization: `Bearer ${await partnerToken(platform, 'kiosk-riyadh-01', 'kiosk')}` } });
    const officer = await officerBrowser(platform, await newOfficer(platform, 'supervisor'));
    const search = await officer.get('/backoffice/search');
    callers.push({ name: 'officer', headers: officer.jar.header(), csrf: csrfTokenIn(search.body) });
  });
  after(() => platform.close());

  it('when a field, a query or a path carries a NUL, then the request is refused as malformed in the shape of its context', async () => {
    const api = await platform.app.inject({ method: 'POST', url: '/api/v1/login', headers: { 'content-type': 'application/json', 'accept-language': 'en' }, payload: JSON.stringify({ login: 'a\u0000b', password: 'x' }) });
    assert.equal(api.statusCode, 400);
    assert.equal((api.json() as { error: { code: string; message: string } }).error.code, 'request.malformed');
    assert.equal((api.json() as { error: { message: string } }).error.message, 'The request could not be read.');
    const page = await platform.app.inject({ method: 'GET', url: '/centres?q=%00&lang=ar' });
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /تعذرت قراءة الطلب/);
    const dev = await platform.app.inject({ method: 'GET', url: '/dev/email?to=%00' });
    assert.equal(dev.statusCode, 400);
  });

  it('when any route is asked with hostile input by anyone, then no answer is a server error', async () => {
    const routes = serverRoutes(platform.app.printRoutes({ commonPrefix: false }))
      .filter((route) => !route.startsWith('HEAD '))
      // The provider answers /oidc itself (its own tests cover it); "*" is the not-found page.
      .filter((route) => !route.includes(' /oidc') && !route.endsWith(' /*'));
    assert.ok(routes.length >= 100, `the route list was read (${routes.length})`);
    const failures: string[] = [];
    let asked = 0;
    for (const route of routes) {
      const [method, template] = route.split(' ') as [string, string];
      const urls = template.includes(':') ? pathSamples.map((sample) => template.replace(/:\w+/g, sample)) : [template];
      for (const caller of callers) {
        for (const url of urls) {
          const requests =
            method === 'GET'
              ? [{ label: 'query', headers: {}, url: `${url}${hostileQuery}` }, { label: 'plain', headers: {}, url }]
              : bodiesFor(caller).map((body) => ({ ...body, url }));
          for (const request of requests) {
            asked += 1;
            const response = await platform.app.inject({
              method: method as 'GET',
              url: request.url,
              headers: { ...caller.headers, ...request.headers, 'accept-language': 'ar' },
              ...('payload' in request && request.payload !== undefined ? { payload: request.payload } : {}),
            });
            if (response.statusCode >= 500) failures.push(`${response.statusCode} ${method} ${request.url.slice(0, 80)} as ${caller.name} with ${request.label}: ${response.body.slice(0, 160)}`);
          }
        }
      }
    }
    assert.ok(asked > 5000, `asked ${asked} requests`);
    assert.deepEqual(failures.slice(0, 40), [], `${failures.length} server errors`);
  });
});
