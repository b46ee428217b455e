// The fingerprint port: what a kiosk's scanner reading is checked against — the template the civil
// registry enrolled for the person. Guarantees of every implementation (see
// test/contracts/fingerprint-matcher.contract.ts): a person without an enrolled template is
// `not_enrolled` whatever is presented; a reading is `match` only when it is close enough to that
// person's template; malformed readings are `no_match`, never an exception; an outage rejects with
// RegistryUnavailableError.

export type FingerprintMatch = 'match' | 'no_match' | 'not_enrolled';

export interface FingerprintMatcher {
  /** Compares a scanner reading (base64url) with the person's enrolled template. */
  match(idNumber: string, reading: string): Promise<FingerprintMatch>;
}
