// The form of paying violations: one or more violation numbers (a repeated field or a JSON array).
import { z } from 'zod';
import type { FieldSpec, ServiceContext } from '../../definition.ts';
import { choices } from '../../form-helpers.ts';
import { unpaid } from '../rules.ts';
import { riyals } from '../../money.ts';

export const form = z.object({ violations: choices() });
export type PaymentInput = z.infer<typeof form>;

export async function fields(context: ServiceContext): Promise<FieldSpec[]> {
  const open = unpaid(await context.systems.traffic.violationsOf(context.person.idNumber));
  return [
    {
      name: 'violations',
      kind: 'choice',
      multiple: true,
      label: 'traffic.violation_payment.field.violations',
      hint: open.length > 0 ? 'traffic.violation_payment.field.violations.hint' : 'traffic.violation_payment.field.violations.none',
      options: open.map((violation) => ({
        value: violation.number,
        label: 'traffic.violation_payment.option',
        params: { number: violation.number, amount: riyals(violation.amountHalalas) },
        date: violation.occurredOn,
      })),
    },
  ];
}
