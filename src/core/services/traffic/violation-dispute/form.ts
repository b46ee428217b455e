// The form of a dispute: which violation and why (10–500 characters).
import { z } from 'zod';
import type { FieldSpec, ServiceContext } from '../../definition.ts';
import { freeText, requiredText } from '../../form-helpers.ts';
import { disputable } from '../rules.ts';

export const form = z.object({
  violation: requiredText(),
  reason: freeText(10, 500, { tooShort: 'traffic.violation_dispute.reason.too_short', tooLong: 'traffic.violation_dispute.reason.too_long' }),
});
export type DisputeInput = z.infer<typeof form>;

export async function fields(context: ServiceContext): Promise<FieldSpec[]> {
  const holder = context.person.idNumber;
  const [violations, disputes] = await Promise.all([context.systems.traffic.violationsOf(holder), context.systems.traffic.disputesOf(holder)]);
  const open = violations.filter((violation) => disputable(violation, disputes, context.today));
  return [
    {
      name: 'violation',
      kind: 'choice',
      label: 'traffic.violation_dispute.field.violation',
      ...(open.length === 0 ? { hint: 'traffic.violation_dispute.field.violation.none' } : {}),
      options: open.map((violation) => ({ value: violation.number, label: 'traffic.violation_dispute.option', params: { number: violation.number }, date: violation.occurredOn })),
    },
    { name: 'reason', kind: 'textarea', label: 'traffic.violation_dispute.field.reason', hint: 'traffic.violation_dispute.field.reason.hint', maxLength: 500 },
  ];
}
