// Argon2id password hashing (m = 19456 KiB, t = 2, p = 1: OWASP's recommendation), on libuv's
// thread pool through @node-rs/argon2. Guarantees: hashes are PHC strings that carry their own
// parameters, so a later change of settings still verifies old hashes.
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import type { PasswordHasher } from '../../core/passwords.ts';

// 2 is Argon2id in the package's const enum, which does not exist at run time.
const argon2id = 2 as Algorithm;
const options = { algorithm: argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export class Argon2PasswordHasher implements PasswordHasher {
  hash(password: string): Promise<string> {
    return hash(password, options);
  }

  async verify(stored: string, password: string): Promise<boolean> {
    try {
      return await verify(stored, password);
    } catch {
      return false;
    }
  }
}
