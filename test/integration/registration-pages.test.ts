// The registration pages without a browser (inject): language and direction, CSRF, a whole
// registration through the forms with cookies and 303 redirects, an invalid submission's error
// summary, the security headers, and the operations endpoints.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { freshPerson, uniqueMobile, uniqueUsername } from '../helpers/registration.ts';
import { errorMessage } from '../../src/i18n/i18n.ts';
import { latestCode, PageCookieJar } from './support.ts';

type Form = Record<string, string>;

const decode = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&');

/** The value of the input named `name` (the first one). */
function inputValue(html: string, name: string): string | undefined {
  const tag = new RegExp(`<input[^>]*\\bname="${name}"[^>]*>`).exec(html)?.[0];
  const value = tag ? /\bvalue="([^"]*)"/.exec(tag)?.[1] : undefined;
  return value === undefined ? undefined : decode(value);
}

/** The texts of the error summary's items, in order. */
function summaryItems(html: string): string[] {
  const list = /<ul class="error-summary-list">([\s\S]*?)<\/ul>/.exec(html)?.[1];
  if (!list) return [];
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((match) => decode(match[1]!.replace(/<[^>]+>/g, '')).trim());
}

describe('registration pages', () => {
  let platform: TestPlatform;
  before(async () => {
    platform = await startTestPlatform();
  });
  after(() => platform.close());

  /** GET with the jar's cookies, keeping what the server sets. */
  async function get(jar: PageCookieJar, url: string) {
    const response = await platform.app.inject({ method: 'GET', url, headers: jar.header() });
    jar.take(response);
    return response;
  }

  async function post(jar: PageCookieJar, url: string, form: Form) {
    const response = await platform.app.inject({
      method: 'POST',
      url,
      headers: { ...jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(form).toString(),
    });
    jar.take(response);
    return response;
  }

  /** Opens the form and returns what a person would submit, filled in. */
  async function filledForm(jar: PageCookieJar, values: Form = {}): Promise<Form> {
    const page = await get(jar, '/register');
    assert.equal(page.statusCode, 200);
    const csrf = inputValue(page.body, '_csrf');
    const captchaId = inputValue(page.body, 'captcha_id');
    assert.ok(csrf && captchaId);
    const person = await freshPerson(platform);
    return {
      _csrf: csrf,
      idNumber: person.idNumber,
      mobile: uniqueMobile(),
      email: 'page.person@example.sa',
      emailConfirmation: 'page.person@example.sa',
      username: uniqueUsername(),
      password: 'Wq7nTr5p',
      passwordConfirmation: 'Wq7nTr5p',
      preferredLanguage: 'ar',
      acceptTerms: 'yes',
      captcha_id: captchaId,
      captcha_answer: await platform.captchaAnswer(captchaId),
      action: 'register',
      ...values,
    };
  }

  describe('the form page', () => {
    it('when /register is opened, then it is Arabic right-to-left with a CSRF token and a visual code', async () => {
      const jar = new PageCookieJar();
      const page = await get(jar, '/register');
      assert.equal(page.statusCode, 200);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      assert.match(page.body, /^<!doctype html>/i);
      assert.match(page.body, /<html[^>]*\blang="ar"[^>]*\bdir="rtl"|<html[^>]*\bdir="rtl"[^>]*\blang="ar"/);
      assert.ok((inputValue(page.body, '_csrf') ?? '').length >= 16, 'a CSRF token in the form');
      assert.ok(jar.has('__Host-absher-csrf'), 'and its secret in a cookie');
      assert.match(inputValue(page.body, 'captcha_id') ?? '', /^[0-9a-f-]{36}$/);
      assert.match(page.body, /<img[^>]*src="data:image\/svg\+xml;base64,/);
      assert.equal(page.headers['cache-control'], 'no-store');
    });

    it('when ?lang=en is asked, then the page is English left-to-right and the choice is remembered by a cookie', async () => {
      const jar = new PageCookieJar();
      const english = await get(jar, '/register?lang=en');
      assert.match(english.body, /<html[^>]*\blang="en"/);
      assert.match(english.body, /<html[^>]*\bdir="ltr"/);
      const setCookie = ([] as string[]).concat(english.headers['set-cookie'] ?? []).find((cookie) => cookie.startsWith('__Host-absher-lang='));
      assert.ok(setCookie, 'a language cookie');
      assert.match(setCookie, /^__Host-absher-lang=en;/);
      assert.match(setCookie, /Secure/i);
      assert.match(setCookie, /Path=\//);

      const remembered = await get(jar, '/register');
      assert.match(remembered.body, /<html[^>]*\blang="en"/);
      assert.match(remembered.body, /<html[^>]*\bdir="ltr"/);

      const back = await get(jar, '/register?lang=ar');
      assert.match(back.body, /<html[^>]*\blang="ar"/);
      assert.match((await get(jar, '/register')).body, /<html[^>]*\bdir="rtl"/);
      const fresh = await platform.app.inject({ method: 'GET', url: '/register' });
      assert.match(fresh.body, /<html[^>]*\blang="ar"/, 'without the cookie, Arabic again');
    });

    it('when the form is posted without a valid CSRF token, then a 403 page and nothing is started', async () => {
      const before = await platform.database.db.selectFrom('flows').select('id').execute();
      const jar = new PageCookieJar();
      const form = await filledForm(jar);

      const noCookie = await platform.app.inject({
        method: 'POST',
        url: '/register',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(form).toString(),
      });
      const { _csrf: _token, ...withoutToken } = form;
      const noToken = await post(jar, '/register', withoutToken);
      const wrongToken = await post(jar, '/register', { ...form, _csrf: `${form._csrf}x` });
      for (const [name, response] of [['no cookie', noCookie], ['no token', noToken], ['wrong token', wrongToken]] as const) {
        assert.equal(response.statusCode, 403, name);
        assert.match(String(response.headers['content-type']), /^text\/html/, name);
        assert.match(response.body, /<html[^>]*\blang="ar"/, name);
        assert.ok(response.body.includes(errorMessage('ar', { code: 'page_error.csrf.invalid' })), `${name}: the expired-form page`);
      }
      const afterwards = await platform.database.db.selectFrom('flows').select('id').execute();
      assert.equal(afterwards.length, before.length, 'no flow was started');
    });
  });

  describe('a whole registration', () => {
    it('when a person fills the form, then the code page, the code and the done page follow with 303 redirects', async () => {
      const jar = new PageCookieJar();
      const form = await filledForm(jar, { preferredLanguage: 'en' });
      const submitted = await post(jar, '/register', form);
      assert.equal(submitted.statusCode, 303, submitted.body.slice(0, 300));
      const verifyUrl = String(submitted.headers.location);
      assert.match(verifyUrl, /^\/register\/verify\?flow=[0-9a-f-]{36}$/);
      const flowId = verifyUrl.split('=')[1]!;

      const verifyPage = await get(jar, verifyUrl);
      assert.equal(verifyPage.statusCode, 200);
      assert.ok(verifyPage.body.includes(`+966 5•••••${form.mobile!.slice(-3)}`), 'the masked mobile');
      const csrf = inputValue(verifyPage.body, '_csrf');
      assert.ok(csrf);
      assert.match(verifyPage.body, new RegExp(`action="/register/verify\\?flow=${flowId}"`));

      const code = await latestCode(platform, `+966${form.mobile!.slice(1)}`);
      const wrong = await post(jar, verifyUrl, { _csrf: csrf, code: code === '000000' ? '111111' : '000000' });
      assert.equal(wrong.statusCode, 422);
      assert.ok(wrong.body.includes(errorMessage('ar', { code: 'otp.invalid', params: { count: 4 } })), 'the tries left are said');

      const right = await post(jar, verifyUrl, { _csrf: inputValue(wrong.body, '_csrf') ?? csrf, code });
      assert.equal(right.statusCode, 303, right.body.slice(0, 300));
      assert.equal(right.headers.location, `/register/done?flow=${flowId}`);
      const done = await get(jar, String(right.headers.location));
      assert.equal(done.statusCode, 200);
      assert.ok(done.body.includes(form.username!), 'the done page names the username');

      const account = await platform.store.accounts.findByIdNumber(form.idNumber!);
      assert.equal(account?.username, form.username);
      assert.equal(account?.preferredLanguage, 'en');
      const flow = await platform.database.db.selectFrom('flows').select(['channel', 'state']).where('id', '=', flowId).executeTakeFirst();
      assert.deepEqual(flow, { channel: 'web', state: 'completed' });

      const again = await get(jar, verifyUrl);
      assert.equal(again.statusCode, 303, 'a finished flow sends the code page on to the done page');
      assert.equal(again.headers.location, `/register/done?flow=${flowId}`);
    });

    it('when the flow in the address is unknown or malformed, then a 404 page offering to start again', async () => {
      for (const url of [`/register/verify?flow=${crypto.randomUUID()}`, '/register/verify?flow=nope', '/register/done', '/register/done?flow=%27%3Cscript%3E']) {
        const response = await platform.app.inject({ method: 'GET', url });
        assert.equal(response.statusCode, 404, url);
        assert.match(response.body, /href="\/register"/, url);
        assert.ok(!response.body.includes('<script>'), url);
      }
    });
  });

  describe('an invalid submission', () => {
    it('when several fields are wrong, then a 422 page lists every error in the summary, keeps what was typed and never the password', async () => {
      const jar = new PageCookieJar();
      const secret = 'Hidden99pass!';
      const form = await filledForm(jar, {
        idNumber: 'X123',
        mobile: '0412',
        email: 'kept@example.sa',
        emailConfirmation: 'other@example.sa',
        username: '9lives',
        password: secret,
        passwordConfirmation: secret,
        acceptTerms: '',
      });
      form.captcha_answer = String((Number(form.captcha_answer) + 1) % 10_000).padStart(4, '0');
      const response = await post(jar, '/register', form);
      assert.equal(response.statusCode, 422);
      assert.match(String(response.headers['content-type']), /^text\/html/);

      const expected = [
        { code: 'id.format' },
        { code: 'mobile.format' },
        { code: 'email.mismatch' },
        { code: 'username.length', params: { min: 8, max: 30 } },
        { code: 'username.start_letter' },
        { code: 'password.characters' },
        { code: 'captcha.wrong' },
        { code: 'terms.required' },
      ].map((error) => errorMessage('ar', error));
      const items = summaryItems(response.body);
      assert.deepEqual([...items].sort(), [...expected].sort(), 'every error, once, in the summary');
      for (const target of [...response.body.matchAll(/<ul class="error-summary-list">[\s\S]*?<\/ul>/g)].flatMap((list) => [...list[0].matchAll(/href="#([^"]+)"/g)].map((match) => match[1]!))) {
        assert.match(response.body, new RegExp(`\\bid="${target}"`), `the summary link #${target} has a target`);
      }

      assert.equal(inputValue(response.body, 'idNumber'), 'X123');
      assert.equal(inputValue(response.body, 'mobile'), '0412');
      assert.equal(inputValue(response.body, 'email'), 'kept@example.sa');
      assert.equal(inputValue(response.body, 'emailConfirmation'), 'other@example.sa');
      assert.equal(inputValue(response.body, 'username'), '9lives');
      assert.ok(!response.body.includes(secret) && !response.body.includes('Hidden99pass'), 'the password is never sent back');
      assert.equal(inputValue(response.body, 'password') ?? '', '');
      assert.equal(inputValue(response.body, 'captcha_answer') ?? '', '', 'nor the visual code answer');
      assert.notEqual(inputValue(response.body, 'captcha_id'), form.captcha_id, 'a new visual code');
      assert.ok((inputValue(response.body, '_csrf') ?? '').length > 0, 'and a token to try again');
    });

    it('when the page is in English, then the summary is in English', async () => {
      const jar = new PageCookieJar();
      await get(jar, '/register?lang=en');
      const form = await filledForm(jar, { acceptTerms: '' });
      const response = await post(jar, '/register', form);
      assert.equal(response.statusCode, 422);
      assert.deepEqual(summaryItems(response.body), [errorMessage('en', { code: 'terms.required' })]);
    });
  });

  describe('headers and operations', () => {
    it('when pages are served, then they carry a strict CSP, no framing and no referrer', async () => {
      const jar = new PageCookieJar();
      const form = await filledForm(jar, { acceptTerms: '' });
      const invalid = await post(jar, '/register', form);
      for (const response of [await get(jar, '/register'), await get(jar, '/'), invalid, await get(jar, '/register/verify?flow=nope')]) {
        const csp = String(response.headers['content-security-policy'] ?? '');
        assert.ok(csp.length > 0, 'a Content-Security-Policy');
        assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'), csp);
        assert.match(csp, /default-src 'none'|default-src 'self'/);
        assert.match(csp, /script-src 'self'/);
        assert.ok(/frame-ancestors 'none'/.test(csp) || /^(DENY|SAMEORIGIN)$/i.test(String(response.headers['x-frame-options'] ?? '')), 'no framing');
        assert.ok(String(response.headers['referrer-policy'] ?? '').length > 0, 'a Referrer-Policy');
        assert.equal(response.headers['x-content-type-options'], 'nosniff');
      }
    });

    it('when the operations endpoints are asked, then /healthz and /readyz answer 200 and /metrics has the request histogram', async () => {
      const health = await platform.app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(health.statusCode, 200);
      assert.deepEqual(health.json(), { status: 'ok' });
      const ready = await platform.app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(ready.statusCode, 200);
      assert.deepEqual(ready.json(), { status: 'ready' });
      const metrics = await platform.app.inject({ method: 'GET', url: '/metrics' });
      assert.equal(metrics.statusCode, 200);
      assert.match(String(metrics.headers['content-type']), /^text\/plain/);
      assert.match(metrics.body, /^# TYPE absher_http_request_duration_seconds histogram$/m);
      assert.match(metrics.body, /^absher_http_request_duration_seconds_count\{[^}]*route="\/healthz"[^}]*\} [1-9]/m);
      assert.match(metrics.body, /^absher_http_request_duration_seconds_count\{[^}]*route="\/register"[^}]*status="200"[^}]*\} [1-9]/m);
    });
  });
});
