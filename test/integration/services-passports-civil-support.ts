// Helpers the passports, civil affairs, family and digital ID tests share: an account for a chosen
// registry person (registered, then activated through the real activation service and signed in),
// picking people with the records a rule needs, and page calls as that holder. Not a test file.
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import type { TestPlatform } from '../helpers/platform.ts';
import { activateForTest } from '../helpers/activation.ts';
import type { RegistryPerson } from '../../src/core/ports.ts';
import type { Account } from '../../src/core/store.ts';
import { checkEligibility } from '../../src/core/identity/eligibility.ts';
import { PageCookieJar, pageClient, registerOk, sessionCookieName, signInOk } from './support.ts';

export type SectorHolder = { person: RegistryPerson; account: Account; token: string; mobile: string; page: ReturnType<typeof pageClient> };

let emails = 0;

/** Registers `person` (or the first eligible unregistered one matching `filter`), activates unless told not to, and signs in. */
export async function holderFor(platform: TestPlatform, person: RegistryPerson, options: { activate?: boolean } = {}): Promise<SectorHolder> {
  emails += 1;
  const email = `sector.${process.pid}.${emails}@example.sa`;
  const registered = await registerOk(platform, { idNumber: person.idNumber, email, emailConfirmation: email });
  if (options.activate !== false) await activateForTest(platform, registered.account.id);
  platform.clock.advanceSeconds(1);
  const { token } = await signInOk(platform, { login: String(registered.body.username), password: String(registered.body.password), mobile: registered.mobile });
  const account = (await platform.store.accounts.findById(registered.account.id))!;
  const jar = new PageCookieJar();
  jar.set(sessionCookieName, token);
  return { person, account, token, mobile: registered.mobile, page: pageClient(platform, jar) };
}

const used = new WeakMap<TestPlatform, Set<string>>();

/** An eligible registry person not yet used in this platform who matches `filter` and has a national address (documents go by post). */
export async function personWhere(platform: TestPlatform, filter: (person: RegistryPerson) => boolean | Promise<boolean>): Promise<RegistryPerson> {
  const taken = used.get(platform) ?? new Set<string>();
  used.set(platform, taken);
  const today = platform.clock.now();
  for (const person of await platform.registry.listPeople({})) {
    if (taken.has(person.idNumber)) continue;
    if (!checkEligibility(person, { today, minimumAge: platform.config.minimumAge }).eligible) continue;
    if ((await filter(person)) && (await platform.referencePost!.nationalAddressOf(person.idNumber)) !== null) {
      taken.add(person.idNumber);
      return person;
    }
  }
  assert.fail('no registry person fits');
}

/** A JSON call as the holder. */
export async function apiCall(platform: TestPlatform, holder: { token: string } | null, method: 'GET' | 'POST', url: string, payload?: unknown, language = 'en') {
  const response = await platform.app.inject({
    method,
    url,
    headers: { 'accept-language': language, ...(holder ? { authorization: `Bearer ${holder.token}` } : {}) },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
  return { status: response.statusCode, json: response.body === '' ? {} : (JSON.parse(response.body) as Record<string, any>), body: response.body };
}

/** A real, decodable PNG (8-bit grey) of the given size. */
export function pngImage(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 0;
  const rows = Buffer.alloc((width + 1) * height, 0xee);
  for (let row = 0; row < height; row += 1) rows[row * (width + 1)] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** A multipart/form-data body with text fields and one file. */
export function multipartBody(fields: Record<string, string>, file: { name: string; filename: string; type: string; bytes: Buffer }): { payload: Buffer; contentType: string } {
  const boundary = `----absher${crypto.randomUUID().replaceAll('-', '')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Submits a service request over the JSON API with an Idempotency-Key. */
export async function submitRequest(platform: TestPlatform, holder: { token: string }, serviceId: string, body: Record<string, unknown>, key = crypto.randomUUID(), language = 'en') {
  const response = await platform.app.inject({
    method: 'POST',
    url: `/api/v1/services/${serviceId}/requests`,
    headers: { 'accept-language': language, authorization: `Bearer ${holder.token}`, 'idempotency-key': key },
    payload: body,
  });
  return { status: response.statusCode, json: JSON.parse(response.body) as Record<string, any>, key };
}

/** The eligibility message ids a refused submission or a service page reports. */
export function eligibilityCodes(json: Record<string, any>): string[] {
  if (json.error) return ((json.error.fields?.eligibility ?? []) as Array<{ code: string }>).map((each) => each.code);
  return ((json.ineligible ?? []) as Array<{ code: string }>).map((each) => each.code);
}

/** The field error codes of a refused submission. */
export function fieldCodes(json: Record<string, any>): Record<string, string[]> {
  return Object.fromEntries(Object.entries((json.error?.fields ?? {}) as Record<string, Array<{ code: string }>>).map(([field, errors]) => [field, errors.map((each) => each.code)]));
}
