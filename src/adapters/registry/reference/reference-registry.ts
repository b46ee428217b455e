// The embedded reference civil registry: a generated population held in memory, for development and tests.
// Guarantees: answers are copies (callers cannot change the records), lists keep generation order, and
// it can fail like a real registry: slow (latencyMs) or down (every call rejects with RegistryUnavailableError).

import { setTimeout as sleep } from 'node:timers/promises';
import {
  RegistryUnavailableError,
  type CivilRegistry,
  type Clock,
  type RegistryPerson,
  type RegistryQuery,
} from '../../../core/ports.ts';
import { generatePopulation } from './population.ts';

export interface ReferenceCivilRegistryOptions {
  seed: number;
  size: number;
  /** Its now() is the reference date of the generated population. */
  clock: Clock;
  /** Delay before every answer, in milliseconds (default 0). */
  latencyMs?: number;
}

const E164_SAUDI_MOBILE = /^\+9665\d{8}$/;

export class ReferenceCivilRegistry implements CivilRegistry {
  private readonly people: RegistryPerson[];
  private readonly byId = new Map<string, RegistryPerson>();
  private readonly byMobile = new Map<string, RegistryPerson>();
  private available = true;
  private latencyMs: number;

  constructor(options: ReferenceCivilRegistryOptions) {
    this.people = generatePopulation({ seed: options.seed, size: options.size, referenceDate: options.clock.now() });
    for (const person of this.people) {
      this.byId.set(person.idNumber, person);
      if (person.mobile !== null) this.byMobile.set(person.mobile, person);
    }
    this.latencyMs = checkLatency(options.latencyMs ?? 0);
  }

  /** How many people the registry holds. */
  get size(): number {
    return this.people.length;
  }

  /** Simulate an outage (false) or its end (true). */
  setAvailable(available: boolean): void {
    this.available = available;
  }

  setLatency(latencyMs: number): void {
    this.latencyMs = checkLatency(latencyMs);
  }

  async findPerson(idNumber: string): Promise<RegistryPerson | null> {
    await this.gate();
    const person = this.byId.get(idNumber);
    return person ? { ...person } : null;
  }

  async listPeople(query: RegistryQuery): Promise<RegistryPerson[]> {
    await this.gate();
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    if (!(limit >= 0)) throw new RangeError('limit must not be negative');
    const result: RegistryPerson[] = [];
    if (limit === 0) return result;
    for (const person of this.people) {
      if (query.category !== undefined && person.category !== query.category) continue;
      result.push({ ...person });
      if (result.length >= limit) break;
    }
    return result;
  }

  /**
   * Record a new mobile (E.164 `+9665XXXXXXXX`) or none for a person. A number belongs to one person at
   * a time, as with a telecom operator: whoever held it before loses it. Resolves false for an unknown ID.
   */
  async updateMobile(idNumber: string, mobile: string | null): Promise<boolean> {
    await this.gate();
    if (mobile !== null && !E164_SAUDI_MOBILE.test(mobile)) throw new TypeError('mobile must be E.164 +9665XXXXXXXX');
    const person = this.byId.get(idNumber);
    if (!person) return false;
    if (person.mobile !== null) this.byMobile.delete(person.mobile);
    if (mobile !== null) {
      const previous = this.byMobile.get(mobile);
      if (previous && previous !== person) previous.mobile = null;
      this.byMobile.set(mobile, person);
    }
    person.mobile = mobile;
    return true;
  }

  private async gate(): Promise<void> {
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    if (!this.available) throw new RegistryUnavailableError();
  }
}

function checkLatency(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError('latencyMs must be a non-negative number');
  return ms;
}
