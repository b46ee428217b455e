// Helpers the forgot-password and forgot-username tests share: a registered holder of a chosen
// registry category, JSON calls to the recovery API from a chosen address, the codes the SMS sink
// delivered for one purpose, a sign-in over the API, and a small cookie-jar page client. Not a test file.
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { TestPlatform } from '../helpers/platform.ts';
import type { PersonCategory, RegistryPerson } from '../../src/core/ports.ts';
import type { Account } from '../../src/core/store.ts';
import { freshPerson, solvedCaptcha } from '../helpers/registration.ts';
import { registerOk, type ApiAnswer } from './support.ts';

export type Holder = {
  person: RegistryPerson;
  account: Account;
  idNumber: string;
  /** The mobile as typed at registration (05…). */
  localMobile: string;
  /** The mobile as stored (E.164). */
  mobile: string;
  username: string;
  password: string;
};

/** Registers an eligible person of the category (any when absent) and returns the holder. */
export async function registeredHolder(platform: TestPlatform, category?: PersonCategory): Promise<Holder> {
  const person = await freshPerson(platform, category);
  const registered = await registerOk(platform, { idNumber: person.idNumber });
  return {
    person,
    account: registered.account,
    idNumber: person.idNumber,
    localMobile: String(registered.body.mobile),
    mobile: registered.mobile,
    username: String(registered.body.username),
    password: String(registered.body.password),
  };
}

function answerOf(response: LightMyRequestResponse): ApiAnswer {
  const text = response.body;
  return { status: response.statusCode, json: text === '' ? {} : (JSON.parse(text) as Record<string, any>), headers: response.headers };
}

export type CallOptions = { ip?: string; language?: string; bearer?: string };

export async function postJson(platform: TestPlatform, url: string, payload: unknown, options: CallOptions = {}): Promise<ApiAnswer> {
  const response = await platform.app.inject({
    method: 'POST',
    url,
    remoteAddress: options.ip ?? '127.0.0.1',
    headers: {
      ...(options.language ? { 'accept-language': options.language } : {}),
      ...(options.bearer ? { authorization: `Bearer ${options.bearer}` } : {}),
    },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  return answerOf(response);
}

export async function getJson(platform: TestPlatform, url: string, options: CallOptions = {}): Promise<ApiAnswer> {
  const response = await platform.app.inject({
    method: 'GET',
    url,
    remoteAddress: options.ip ?? '127.0.0.1',
    headers: {
      ...(options.language ? { 'accept-language': options.language } : {}),
      ...(options.bearer ? { authorization: `Bearer ${options.bearer}` } : {}),
    },
  });
  return answerOf(response);
}

/** POST /api/v1/{password-resets|username-reminders} with a solved visual code unless `captcha` is given. */
export async function startRecovery(
  platform: TestPlatform,
  kind: 'password-resets' | 'username-reminders',
  details: { idNumber: unknown; mobile: unknown; captcha?: unknown },
  options: CallOptions = {},
): Promise<ApiAnswer> {
  const captcha = 'captcha' in details ? details.captcha : await solvedCaptcha(platform);
  return postJson(platform, `/api/v1/${kind}`, { idNumber: details.idNumber, mobile: details.mobile, ...(captcha === undefined ? {} : { captcha }) }, options);
}

/** The 6-digit codes sent to a mobile for one purpose, newest first. */
export async function codesFor(platform: TestPlatform, mobile: string, purpose: string): Promise<string[]> {
  const messages = await platform.smsTo(mobile);
  return messages
    .filter((message) => message.purpose === purpose)
    .map((message) => {
      const code = /\b(\d{6})\b/.exec(message.text)?.[1];
      assert.ok(code, `a ${purpose} SMS carries a 6-digit code: ${message.text}`);
      return code;
    });
}

export async function latestCodeFor(platform: TestPlatform, mobile: string, purpose: string): Promise<string> {
  const [code] = await codesFor(platform, mobile, purpose);
  assert.ok(code, `a ${purpose} code was delivered to ${mobile}`);
  return code;
}

/** What the registry would answer to the person's question, as it holds it. */
export function registryAnswer(person: RegistryPerson): string {
  if (person.category === 'visitor' || person.category === 'gcc') return person.passportNumber!;
  return person.documentExpiry;
}

/** An ISO date as dd/mm/yyyy in Arabic-Indic digits. */
export function arabicDayFirst(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}/${month}/${year}`.replace(/\d/g, (digit) => String.fromCharCode(0x0660 + Number(digit)));
}

/** A different date than `isoDate` (the next day). */
export function anotherDate(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** Signs in over the API (password, then the delivered code); returns the session token. */
export async function signIn(platform: TestPlatform, holder: { username: string; mobile: string }, password: string): Promise<string> {
  const started = await postJson(platform, '/api/v1/login', { login: holder.username, password });
  assert.equal(started.status, 200, `password step: ${JSON.stringify(started.json)}`);
  const code = await latestCodeFor(platform, holder.mobile, 'login');
  const verified = await postJson(platform, `/api/v1/login/${started.json.loginId}/otp`, { code });
  assert.equal(verified.status, 200, `code step: ${JSON.stringify(verified.json)}`);
  return verified.json.token as string;
}

const decode = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&');

/** The value of the first input named `name`. */
export function inputValue(html: string, name: string): string | undefined {
  const tag = new RegExp(`<input[^>]*\\bname="${name}"[^>]*>`).exec(html)?.[0];
  const value = tag ? /\bvalue="([^"]*)"/.exec(tag)?.[1] : undefined;
  return value === undefined ? undefined : decode(value);
}

/** The texts of the error summary's items, in order. */
export function summaryItems(html: string): string[] {
  const list = /<ul class="error-summary-list">([\s\S]*?)<\/ul>/.exec(html)?.[1];
  if (!list) return [];
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((match) => decode(match[1]!.replace(/<[^>]+>/g, '')).trim());
}

/** The decoded text of a page (tags removed), for looking for a message in it. */
export function pageText(html: string): string {
  return decode(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
}
