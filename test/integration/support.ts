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
