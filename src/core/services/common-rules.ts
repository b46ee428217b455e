// Eligibility rules many services share. Guarantees: each returns a message id under `eservices.`
// when it fails and null when it passes; none changes anything.
import type { EligibilityRule } from './definition.ts';

/** A document is delivered by post: the holder needs a registered national address. */
export function hasNationalAddress<Input>(): EligibilityRule<Input> {
  return {
    id: 'national_address',
    async check(context) {
      const address = await context.systems.post.nationalAddressOf(context.person.idNumber);
      return address ? null : { id: 'eservices.rule.no_national_address' };
    },
  };
}
