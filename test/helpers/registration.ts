// Journeys that many tests need: a solved visual code, an eligible unregistered person, and a whole
// registration over the JSON API. Guarantees: each call uses a distinct person, mobile and username
// unless the caller passes them.
import type { TestPlatform } from './platform.ts';
import type { RegistryPerson } from '../../src/core/ports.ts';
import { checkEligibility } from '../../src/core/identity/eligibility.ts';

export async function solvedCaptcha(platform: TestPlatform): Promise<{ id: string; answer: string }> {
  const created = await platform.app.inject({ method: 'POST', url: '/api/v1/captcha' });
  const { id } = created.json() as { id: string };
  return { id, answer: await platform.captchaAnswer(id) };
}

const taken = new WeakMap<TestPlatform, Set<string>>();

/** An eligible person of the reference registry that no test in this platform has used yet. */
export async function freshPerson(platform: TestPlatform, category?: RegistryPerson['category']): Promise<RegistryPerson> {
  const used = taken.get(platform) ?? new Set<string>();
  taken.set(platform, used);
  const people = await platform.registry.listPeople(category ? { category } : {});
  const today = platform.clock.now();
  const person = people.find(
    (candidate) => !used.has(candidate.idNumber) && checkEligibility(candidate, { today, minimumAge: platform.config.minimumAge }).eligible,
  );
  if (!person) throw new Error('no fresh eligible person left in the test registry');
  used.add(person.idNumber);
  return person;
}

let counter = 0;

/** A mobile number no registry person has (9-digit national part starting 59). */
export function uniqueMobile(): string {
  counter += 1;
  return `059${String(process.pid % 1000).padStart(3, '0')}${String(counter).padStart(4, '0')}`;
}

export function uniqueUsername(): string {
  counter += 1;
  return `user${process.pid % 10000}x${counter}`;
}

export type RegistrationBody = Record<string, unknown>;

export async function registrationBody(platform: TestPlatform, overrides: RegistrationBody = {}): Promise<RegistrationBody> {
  const person = await freshPerson(platform);
  return {
    idNumber: person.idNumber,
    mobile: uniqueMobile(),
    email: 'person@example.sa',
    emailConfirmation: 'person@example.sa',
    username: uniqueUsername(),
    password: 'Wq7nTr5p',
    passwordConfirmation: 'Wq7nTr5p',
    preferredLanguage: 'ar',
    acceptTerms: true,
    captcha: await solvedCaptcha(platform),
    ...overrides,
  };
}

export async function startRegistration(platform: TestPlatform, overrides: RegistrationBody = {}, language = 'en') {
  const body = await registrationBody(platform, overrides);
  const response = await platform.app.inject({
    method: 'POST',
    url: '/api/v1/registrations',
    headers: { 'accept-language': language },
    payload: body,
  });
  return { body, response, json: response.json() as Record<string, unknown> };
}

/** Registers a person completely; returns the form body and the new account's username. */
export async function registerCompletely(platform: TestPlatform, overrides: RegistrationBody = {}) {
  const started = await startRegistration(platform, overrides);
  if (started.response.statusCode !== 201) throw new Error(`registration start failed: ${started.response.body}`);
  const registrationId = started.json.registrationId as string;
  const mobile = `+966${String(started.body.mobile).replace(/^0/, '')}`;
  const code = await platform.lastCodeTo(mobile);
  const verified = await platform.app.inject({ method: 'POST', url: `/api/v1/registrations/${registrationId}/otp`, payload: { code } });
  if (verified.statusCode !== 201) throw new Error(`registration verify failed: ${verified.body}`);
  return { body: started.body, registrationId, mobile };
}
