// Test identities for registrations: eligible people of the same generated registry the server holds
// (same seed, size and date), mobiles no registry person holds, and unique usernames.
import { generatePopulation } from '../../src/adapters/registry/reference/population.ts';
import { checkEligibility } from '../../src/core/identity/eligibility.ts';
import type { RegistryPerson } from '../../src/core/ports.ts';

export type Registry = { eligible: RegistryPerson[]; mobiles: Set<string> };

export function referenceRegistry(seed: number, size: number, minimumAge = 17): Registry {
  const today = new Date();
  const people = generatePopulation({ seed, size, referenceDate: today });
  return {
    eligible: people.filter((person) => checkEligibility(person, { today, minimumAge }).eligible),
    mobiles: new Set(people.map((person) => person.mobile).filter((mobile): mobile is string => mobile !== null)),
  };
}

export class Identities {
  readonly #registry: Registry;
  #nextPerson = 0;
  #nextMobile = 0;
  #nextUser = 0;
  readonly #tag = Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 4).padEnd(4, 'x');

  constructor(registry: Registry) {
    this.#registry = registry;
  }

  person(): RegistryPerson {
    const person = this.#registry.eligible[this.#nextPerson];
    if (!person) throw new Error(`all ${this.#registry.eligible.length} eligible people are used: raise --population`);
    this.#nextPerson += 1;
    return person;
  }

  /** A national mobile 05XXXXXXXX no registry person holds. */
  mobile(): string {
    for (;;) {
      const national = 590_000_000 + this.#nextMobile;
      this.#nextMobile += 1;
      if (!this.#registry.mobiles.has(`+966${national}`)) return `0${national}`;
    }
  }

  username(): string {
    this.#nextUser += 1;
    return `b${this.#tag}u${String(this.#nextUser).padStart(6, '0')}`;
  }

  /** A complete registration form for the API, without its visual code. */
  form(): { body: Record<string, unknown>; mobile: string } {
    const person = this.person();
    const mobile = this.mobile();
    const username = this.username();
    const email = `${username}@example.sa`;
    return {
      mobile,
      body: {
        idNumber: person.idNumber,
        mobile,
        email,
        emailConfirmation: email,
        username,
        password: 'Wq7nTr5p',
        passwordConfirmation: 'Wq7nTr5p',
        preferredLanguage: 'ar',
        acceptTerms: true,
      },
    };
  }

  get used(): number {
    return this.#nextPerson;
  }
}

/** `+9665XXXXXXXX` for a national `05XXXXXXXX`, URL-encoded for /dev/sms?to=. */
export function smsQuery(mobile: string): string {
  return encodeURIComponent(`+966${mobile.slice(1)}`);
}

/** The 6-digit code in an SMS text (Eastern-Arabic or Persian digits read as Western). */
export function codeIn(text: string): string | undefined {
  const western = text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
  return /\d{6}/.exec(western)?.[0];
}
