// Keyed hashing for everything the platform must check but never store: one-time codes, visual
// codes, chained audit records; and the sealers of secrets kept at rest. Guarantees: each purpose
// gets its own key derived from the root secret (HKDF), comparisons are constant-time, and no
// plaintext leaves this module.
import { createHmac, createSecretKey, hkdfSync, randomInt, timingSafeEqual, type KeyObject } from 'node:crypto';
import { Sealer } from './sealer.ts';

export type SealPurpose = 'oidc_seal' | 'digital_id_seal' | 'totp_seal';
export type KeyPurpose = 'otp' | 'captcha' | 'proof_of_work' | 'audit' | 'cookie' | SealPurpose;

export class Secrets {
  readonly #keys = new Map<KeyPurpose, Buffer>();
  /** The same keys imported once as KeyObjects: an HMAC over a raw Buffer key re-imports it every time (~10× slower). */
  readonly #hmacKeys = new Map<KeyPurpose, KeyObject>();
  readonly #root: string;

  constructor(rootSecret: string) {
    this.#root = rootSecret;
  }

  key(purpose: KeyPurpose): Buffer {
    let key = this.#keys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.#root, 'absher', `absher:${purpose}`, 32));
      this.#keys.set(purpose, key);
    }
    return key;
  }

  /** AES-256-GCM sealing under this purpose's own key. */
  sealer(purpose: SealPurpose): Sealer {
    return new Sealer(this.key(purpose));
  }

  /** HMAC-SHA256 of the parts (joined unambiguously), hex. */
  mac(purpose: KeyPurpose, ...parts: string[]): string {
    let key = this.#hmacKeys.get(purpose);
    if (!key) {
      key = createSecretKey(this.key(purpose));
      this.#hmacKeys.set(purpose, key);
    }
    const hmac = createHmac('sha256', key);
    for (const part of parts) hmac.update(`${part.length}:${part};`);
    return hmac.digest('hex');
  }

  /** Constant-time check that mac(purpose, ...parts) equals the stored value. */
  verifyMac(purpose: KeyPurpose, stored: string, ...parts: string[]): boolean {
    const expected = Buffer.from(this.mac(purpose, ...parts), 'hex');
    const actual = Buffer.from(stored, 'hex');
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}

/** A string of `length` decimal digits from the CSPRNG. */
export function randomDigits(length: number): string {
  let digits = '';
  for (let index = 0; index < length; index += 1) digits += String(randomInt(10));
  return digits;
}
