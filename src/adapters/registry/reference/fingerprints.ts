// The reference registry's fingerprint templates and a scanner simulation, for development and
// tests. Guarantees: every person the registry lists with `fingerprintEnrolled` has one deterministic
// 256-bit template (derived from the registry seed and the ID number, so it is the same in every
// process and run); a reading matches when at most 48 of its 256 bits differ from the template (a
// real reading is noisy: `present('matching')` flips up to 24 random bits; another finger differs in
// about 128); people without enrolment have no template; an unavailable registry rejects.
import { createHash, randomInt } from 'node:crypto';
import type { CivilRegistry } from '../../../core/ports.ts';
import type { FingerprintMatch, FingerprintMatcher } from '../../../core/partners/fingerprints.ts';

export const fingerprintRules = { templateBytes: 32, maxDistance: 48, readingNoiseBits: 24 } as const;

export type PresentedFinger = 'matching' | 'wrong';

export class ReferenceFingerprints implements FingerprintMatcher {
  readonly #registry: CivilRegistry;
  readonly #seed: number;

  constructor(options: { registry: CivilRegistry; seed: number }) {
    this.#registry = options.registry;
    this.#seed = options.seed;
  }

  /** The enrolled template of a person (null when the registry has none for them). */
  async template(idNumber: string): Promise<Buffer | null> {
    const person = await this.#registry.findPerson(idNumber);
    if (!person || !person.fingerprintEnrolled) return null;
    return this.#finger(idNumber, 'right-index');
  }

  async match(idNumber: string, reading: string): Promise<FingerprintMatch> {
    const template = await this.template(idNumber);
    if (!template) return 'not_enrolled';
    const sample = decodeReading(reading);
    if (!sample) return 'no_match';
    return hammingDistance(template, sample) <= fingerprintRules.maxDistance ? 'match' : 'no_match';
  }

  /**
   * What a kiosk scanner reads when the person puts a finger on it: their enrolled finger (with the
   * noise of a real reading) or another finger. A person without a template still has fingers: the
   * reading is made, it just has nothing to match.
   */
  async present(idNumber: string, finger: PresentedFinger): Promise<string> {
    const base = this.#finger(idNumber, finger === 'matching' ? 'right-index' : 'left-thumb');
    const reading = Buffer.from(base);
    const flips = randomInt(fingerprintRules.readingNoiseBits + 1);
    for (let flip = 0; flip < flips; flip += 1) {
      const bit = randomInt(fingerprintRules.templateBytes * 8);
      reading[bit >> 3]! ^= 1 << (bit & 7);
    }
    return reading.toString('base64url');
  }

  #finger(idNumber: string, finger: string): Buffer {
    return createHash('sha256').update(`reference-fingerprint:${this.#seed}:${idNumber}:${finger}`).digest();
  }
}

function decodeReading(reading: string): Buffer | null {
  if (typeof reading !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(reading)) return null;
  const bytes = Buffer.from(reading, 'base64url');
  return bytes.length === fingerprintRules.templateBytes ? bytes : null;
}

function hammingDistance(a: Buffer, b: Buffer): number {
  let distance = 0;
  for (let index = 0; index < a.length; index += 1) {
    let bits = a[index]! ^ b[index]!;
    while (bits) {
      distance += bits & 1;
      bits >>= 1;
    }
  }
  return distance;
}
