// Small helpers the registration integration tests share: JSON calls to the registration API, the
// codes the reference SMS gateway delivered, and the shape of error answers. Not a test file itself.
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { TestPlatform } from '../helpers/platform.ts';
import { registrationBody, solvedCaptcha, type RegistrationBody } from '../helpers/registration.ts';

export type ApiAnswer = { status: number; json: Record<string, any>; headers: LightMyRequestResponse['headers'] };

type FieldError = { code: string; message: string; [param: string]: unknown };
export type ErrorBody = {
  error: { code: string; message: string; fields?: Record<string, FieldError[]>; retryAfter?: number; attemptsLeft?: number };
};

function answer(response: LightMyRequestResponse): ApiAnswer {
  const text = response.body;
  return { status: response.statusCode, json: text === '' ? {} : (JSON.parse(text) as Record<string, any>), headers: response.headers };
}

export async function postRegistration(platform: TestPlatform, body: unknown, language?: string): Promise<ApiAnswer> {
  const response = await platform.app.inject({
    method: 'POST',
    url: '/api/v1/registrations',
    headers: language ? { 'accept-language': language } : {},
    payload: body as Record<string, unknown>,
  });
  return answer(response);
}

export async function verifyCode(platform: TestPlatform, registrationId: string, code: unknown, language?: string): Promise<ApiAnswer> {
  const response = await platform.app.inject({
    method: 'POST',
    url: `/api/v1/registrations/${registrationId}/otp`,
    headers: language ? { 'accept-language': language } : {},
    payload: { code },
  });
  return answer(response);
}

export async function resendCode(platform: TestPlatform, registrationId: string, language?: string): Promise<ApiAnswer> {
  const response = await platform.app.inject({
    method: 'POST',
    url: `/api/v1/registrations/${registrationId}/otp/resend`,
    headers: language ? { 'accept-language': language } : {},
  });
  return answer(response);
}

export async function getRegistration(platform: TestPlatform, registrationId: string): Promise<ApiAnswer> {
  return answer(await platform.app.inject({ method: 'GET', url: `/api/v1/registrations/${registrationId}` }));
}

/** `05…` (as the helpers generate mobiles) → E.164. */
export function e164(localMobile: unknown): string {
  const text = String(localMobile);
  assert.match(text, /^05\d{8}$/, 'helper mobiles are 05XXXXXXXX');
  return `+966${text.slice(1)}`;
}

/** The registration codes delivered to a mobile, newest first (runs the outbox first). */
export async function codesTo(platform: TestPlatform, mobile: string): Promise<string[]> {
  const messages = await platform.smsTo(mobile);
  return messages
    .filter((message) => message.purpose === 'registration')
    .map((message) => {
      const code = /\b(\d{6})\b/.exec(message.text)?.[1];
      assert.ok(code, `a registration SMS carries a 6-digit code: ${message.text}`);
      return code;
    });
}

/** The newest registration code sent to a mobile. Callers move the clock between sends to one number. */
export async function latestCode(platform: TestPlatform, mobile: string): Promise<string> {
  const [code] = await codesTo(platform, mobile);
  assert.ok(code, `a code was delivered to ${mobile}`);
  return code;
}

/** A different 6-digit code than `code`. */
export function wrongCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

/** A 4-digit answer that is not `answer`. */
export function wrongAnswer(answer: string): string {
  return String((Number(answer) + 1) % 10_000).padStart(4, '0');
}

/** Field → its error codes, from a 422 answer. */
export function fieldCodes(json: Record<string, any>): Record<string, string[]> {
  const fields = (json as ErrorBody).error?.fields ?? {};
  return Object.fromEntries(Object.entries(fields).map(([field, errors]) => [field, errors.map((error) => error.code)]));
}

export function assertError(result: ApiAnswer, status: number, code: string): ErrorBody['error'] {
  assert.equal(result.status, status, `status ${status} expected, got ${result.status}: ${JSON.stringify(result.json)}`);
  const error = (result.json as ErrorBody).error;
  assert.ok(error, `an error body: ${JSON.stringify(result.json)}`);
  assert.equal(error.code, code);
  assert.ok(error.message.length > 0, 'the error has a message');
  assert.doesNotMatch(error.message, /\{\w+\}/, `no unfilled placeholder in "${error.message}"`);
  return error;
}

/** Starts a registration (fresh person, mobile, username and a solved visual code unless overridden); asserts 201. */
export async function startOk(platform: TestPlatform, overrides: RegistrationBody = {}, language = 'en') {
  const body = await registrationBody(platform, overrides);
  const result = await postRegistration(platform, body, language);
  assert.equal(result.status, 201, `registration start: ${JSON.stringify(result.json)}`);
  return { body, registrationId: result.json.registrationId as string, mobile: e164(body.mobile), json: result.json };
}

/** Starts and completes a registration; returns the form and the new account. */
export async function registerOk(platform: TestPlatform, overrides: RegistrationBody = {}) {
  const started = await startOk(platform, overrides);
  const code = await latestCode(platform, started.mobile);
  const verified = await verifyCode(platform, started.registrationId, code);
  assert.equal(verified.status, 201, `registration verify: ${JSON.stringify(verified.json)}`);
  const account = await platform.store.accounts.findByIdNumber(String(started.body.idNumber));
  assert.ok(account, 'the account exists');
  return { ...started, code, account };
}

export async function freshCaptcha(platform: TestPlatform) {
  return solvedCaptcha(platform);
}

// ---------------------------------------------------------------------------------------------
// Sign-in helpers (login-*, sessions, audit-chain and two-processes tests): password and code
// steps over the JSON API from a chosen client address, the sign-in codes delivered, and a small
// cookie jar for the pages.

export type LoginAttempt = {
  /** The client address the request comes from (Fastify's request.ip). */
  ip?: string;
  /** A solved visual code is sent along when true (harmless when none is asked for). */
  captcha?: boolean | { id: string; answer: string };
  language?: string;
  userAgent?: string;
  cookies?: Record<string, string>;
};

let addressCounter = 0;

/** A client address no other call in this process has used (10.x.y.z). */
export function uniqueAddress(): string {
  addressCounter += 1;
  return `10.${(process.pid >> 8) % 250}.${(addressCounter >> 8) % 256}.${addressCounter % 256}`;
}

/** POST /api/v1/login. */
export async function postLogin(platform: TestPlatform, login: unknown, password: unknown, attempt: LoginAttempt = {}): Promise<ApiAnswer> {
  const captcha = attempt.captcha === true ? await solvedCaptcha(platform) : attempt.captcha || undefined;
  const response = await platform.app.inject({
    method: 'POST',
    url: '/api/v1/login',
    remoteAddress: attempt.ip ?? '127.0.0.1',
    headers: {
      ...(attempt.language ? { 'accept-language': attempt.language } : {}),
      ...(attempt.userAgent ? { 'user-agent': attempt.userAgent } : {}),
    },
    ...(attempt.cookies ? { cookies: attempt.cookies } : {}),
    payload: { login, password, ...(captcha ? { captcha } : {}) } as Record<string, unknown>,
  });
  return answer(response);
}

/** The sign-in codes delivered to a mobile (E.164), newest first. */
export async function loginCodesTo(platform: TestPlatform, mobile: string): Promise<string[]> {
  const messages = await platform.smsTo(mobile);
  return messages
    .filter((message) => message.purpose === 'login')
    .map((message) => {
      const code = /\b(\d{6})\b/.exec(message.text)?.[1];
      assert.ok(code, `a sign-in SMS carries a 6-digit code: ${message.text}`);
      return code;
    });
}

export async function latestLoginCode(platform: TestPlatform, mobile: string): Promise<string> {
  const [code] = await loginCodesTo(platform, mobile);
  assert.ok(code, `a sign-in code was delivered to ${mobile}`);
  return code;
}

/** POST /api/v1/login/{id}/otp. */
export async function postLoginCode(platform: TestPlatform, loginId: string, code: unknown, attempt: LoginAttempt = {}): Promise<ApiAnswer> {
  const response = await platform.app.inject({
    method: 'POST',
    url: `/api/v1/login/${loginId}/otp`,
    remoteAddress: attempt.ip ?? '127.0.0.1',
    headers: attempt.language ? { 'accept-language': attempt.language } : {},
    ...(attempt.cookies ? { cookies: attempt.cookies } : {}),
    payload: { code } as Record<string, unknown>,
  });
  return answer(response);
}

/** POST /api/v1/login/{id}/otp/resend. */
export async function resendLoginCode(platform: TestPlatform, loginId: string): Promise<ApiAnswer> {
  return answer(await platform.app.inject({ method: 'POST', url: `/api/v1/login/${loginId}/otp/resend` }));
}

/** Password step answered 200: returns the sign-in flow id. */
export async function startSignInOk(platform: TestPlatform, login: unknown, password: unknown, attempt: LoginAttempt = {}): Promise<string> {
  const started = await postLogin(platform, login, password, attempt);
  assert.equal(started.status, 200, `password step: ${JSON.stringify(started.json)}`);
  assert.equal(started.json.state, 'otp_sent');
  return started.json.loginId as string;
}

/** A whole sign-in over the API (password, then the delivered code); returns the session token. */
export async function signInOk(
  platform: TestPlatform,
  holder: { login: string; password: string; mobile: string },
  attempt: LoginAttempt = {},
): Promise<{ token: string; loginId: string; answer: ApiAnswer }> {
  const loginId = await startSignInOk(platform, holder.login, holder.password, attempt);
  const code = await latestLoginCode(platform, holder.mobile);
  const verified = await postLoginCode(platform, loginId, code, attempt);
  assert.equal(verified.status, 200, `code step: ${JSON.stringify(verified.json)}`);
  const token = verified.json.token as string;
  assert.ok(typeof token === 'string' && token.length >= 40, 'a session token');
  return { token, loginId, answer: verified };
}

/** A JSON API call as a token holder (bearer) or with the session cookie. */
export async function apiAs(
  platform: TestPlatform,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  auth: { bearer?: string; cookie?: string } = {},
): Promise<ApiAnswer> {
  const response = await platform.app.inject({
    method,
    url,
    headers: auth.bearer ? { authorization: `Bearer ${auth.bearer}` } : {},
    ...(auth.cookie ? { cookies: { [sessionCookieName]: auth.cookie } } : {}),
  });
  return answer(response);
}

export const sessionCookieName = '__Host-absher-session';

/** A browser's cookie store, enough for inject: name → value, replaced by every Set-Cookie. */
export class PageCookieJar {
  readonly #cookies = new Map<string, string>();

  take(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      const expired = cookie.value === '' || cookie.maxAge === 0 || (cookie.expires !== undefined && cookie.expires.getTime() <= Date.now());
      if (expired) this.#cookies.delete(cookie.name);
      else this.#cookies.set(cookie.name, cookie.value);
    }
  }

  set(name: string, value: string): void {
    this.#cookies.set(name, value);
  }

  get(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  has(name: string): boolean {
    return this.#cookies.has(name);
  }

  header(): Record<string, string> {
    return this.#cookies.size === 0 ? {} : { cookie: [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  }
}

/** A page client: GET and form POST with a cookie jar, from one client address. */
export function pageClient(platform: TestPlatform, jar = new PageCookieJar(), ip = '127.0.0.1') {
  return {
    jar,
    async get(url: string) {
      const response = await platform.app.inject({ method: 'GET', url, remoteAddress: ip, headers: jar.header() });
      jar.take(response);
      return response;
    },
    async post(url: string, form: Record<string, string>) {
      const response = await platform.app.inject({
        method: 'POST',
        url,
        remoteAddress: ip,
        headers: { ...jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(form).toString(),
      });
      jar.take(response);
      return response;
    },
  };
}

/** The CSRF token a page put in its forms. */
export function csrfTokenIn(html: string): string {
  const token = /<input[^>]*name="_csrf"[^>]*value="([^"]+)"/.exec(html)?.[1] ?? /<input[^>]*value="([^"]+)"[^>]*name="_csrf"/.exec(html)?.[1];
  assert.ok(token, 'the page carries a CSRF token');
  return token;
}

/** Signs in through the pages (GET /login, POST /login, POST /login/verify); returns the client. */
export async function signInThroughPages(
  platform: TestPlatform,
  holder: { login: string; password: string; mobile: string },
  client = pageClient(platform),
) {
  let form = await client.get('/login?lang=en');
  // A browser that is signed in already is sent on to its account; its forms carry the token too.
  if (form.statusCode === 303) form = await client.get(String(form.headers.location));
  assert.equal(form.statusCode, 200, 'the sign-in page (or the account page)');
  const posted = await client.post('/login', { _csrf: csrfTokenIn(form.body), login: holder.login, password: holder.password });
  assert.equal(posted.statusCode, 303, `password step: ${posted.body.slice(0, 300)}`);
  const verifyUrl = String(posted.headers.location);
  assert.match(verifyUrl, /^\/login\/verify\?flow=/);
  const codePage = await client.get(verifyUrl);
  assert.equal(codePage.statusCode, 200, 'the code page');
  const code = await latestLoginCode(platform, holder.mobile);
  const verified = await client.post(verifyUrl, { _csrf: csrfTokenIn(codePage.body), code });
  assert.equal(verified.statusCode, 303, `code step: ${verified.body.slice(0, 300)}`);
  const session = verified.cookies.find((cookie) => cookie.name === sessionCookieName);
  assert.ok(session && session.value !== '', 'the session cookie is set');
  return { client, sessionToken: session.value, location: String(verified.headers.location) };
}
