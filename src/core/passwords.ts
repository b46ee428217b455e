// The password hashing port. Guarantees: the core never sees a hash algorithm; the adapter decides
// (argon2id with OWASP settings) and `verify` is constant-time for a given hash.
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}
