// The form of a licence renewal: how many years (1, 2, 5 or 10) and the agreement to delivery by post.
import { z } from 'zod';
import type { FieldSpec } from '../../definition.ts';
import { confirmed, requiredText } from '../../form-helpers.ts';
import { licenceFeeHalalas, RENEWAL_YEARS } from '../rules.ts';
import { riyals } from '../../money.ts';

export const form = z.object({
  years: requiredText().pipe(
    z
      .string()
      .regex(/^\d{1,2}$/, 'traffic.licence_renewal.years.invalid')
      .transform(Number)
      .refine((years) => (RENEWAL_YEARS as readonly number[]).includes(years), 'traffic.licence_renewal.years.invalid'),
  ),
  deliver: confirmed('traffic.licence_renewal.deliver.required'),
});
export type RenewalInput = z.infer<typeof form>;

export async function fields(): Promise<FieldSpec[]> {
  return [
    {
      name: 'years',
      kind: 'choice',
      label: 'traffic.licence_renewal.field.years',
      hint: 'traffic.licence_renewal.field.years.hint',
      options: RENEWAL_YEARS.map((years) => ({
        value: String(years),
        label: 'traffic.licence_renewal.years.option',
        params: { years, amount: riyals(licenceFeeHalalas(years)) },
      })),
    },
    { name: 'deliver', kind: 'confirm', label: 'traffic.licence_renewal.field.deliver' },
  ];
}
