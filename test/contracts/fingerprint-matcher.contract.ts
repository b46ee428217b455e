// The shared contract of the FingerprintMatcher port (src/core/partners/fingerprints.ts): every
// adapter (reference or a real biometric service) must pass it. Checks: the enrolled finger
// matches across several noisy readings; another finger does not; a person without a template is
// not_enrolled whatever is presented; malformed readings are no_match, never an exception; an
// outage rejects with RegistryUnavailableError.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryUnavailableError } from '../../src/core/ports.ts';
import type { FingerprintMatcher } from '../../src/core/partners/fingerprints.ts';

export interface FingerprintMatcherUnderTest {
  matcher: FingerprintMatcher;
  /** A reading of the person's enrolled finger, or of another of their fingers. */
  read(idNumber: string, finger: 'matching' | 'wrong'): Promise<string>;
  enrolledId: string;
  notEnrolledId: string;
  unknownId: string;
  setAvailable?: (available: boolean) => void;
}

export function describeFingerprintMatcherContract(name: string, make: () => Promise<FingerprintMatcherUnderTest>): void {
  describe(`FingerprintMatcher contract: ${name}`, () => {
    it('when the enrolled finger is read several times, then every reading matches', async () => {
      const subject = await make();
      for (let reading = 0; reading < 20; reading += 1) {
        assert.equal(await subject.matcher.match(subject.enrolledId, await subject.read(subject.enrolledId, 'matching')), 'match');
      }
    });

    it('when another finger or another person’s finger is read, then it does not match', async () => {
      const subject = await make();
      for (let reading = 0; reading < 20; reading += 1) {
        assert.equal(await subject.matcher.match(subject.enrolledId, await subject.read(subject.enrolledId, 'wrong')), 'no_match');
      }
      assert.equal(await subject.matcher.match(subject.enrolledId, await subject.read(subject.notEnrolledId, 'matching')), 'no_match');
    });

    it('when the person has no enrolled template or is unknown, then it is not_enrolled whatever is presented', async () => {
      const subject = await make();
      assert.equal(await subject.matcher.match(subject.notEnrolledId, await subject.read(subject.notEnrolledId, 'matching')), 'not_enrolled');
      assert.equal(await subject.matcher.match(subject.unknownId, await subject.read(subject.enrolledId, 'matching')), 'not_enrolled');
    });

    it('when the reading is malformed, then it is no_match, not an error', async () => {
      const subject = await make();
      for (const reading of ['', 'not base64 at all', 'AAAA', 'A'.repeat(5000)]) {
        assert.equal(await subject.matcher.match(subject.enrolledId, reading), 'no_match');
      }
    });

    it('when the service is down, then matching rejects with RegistryUnavailableError', async (context) => {
      const subject = await make();
      if (!subject.setAvailable) return context.skip('this adapter cannot simulate an outage');
      subject.setAvailable(false);
      try {
        await assert.rejects(subject.matcher.match(subject.enrolledId, await subject.read(subject.enrolledId, 'matching')), RegistryUnavailableError);
      } finally {
        subject.setAvailable(true);
      }
    });
  });
}
