// The Iqama renewal form: for one year or two. Guarantees: the raw string becomes 1 or 2, or the
// field error passports.iqama_renewal.years_required.
import { z } from 'zod';
import type { FieldSpec, ServiceContext } from '../../definition.ts';
import { IQAMA_FEE_SAR_PER_YEAR } from './rules.ts';

const id = 'passports.iqama_renewal';

export const iqamaRenewalForm = z.object({
  years: z.enum(['1', '2'], { message: `${id}.years_required` }).transform(Number),
});

export type IqamaRenewalInput = z.infer<typeof iqamaRenewalForm>;

export async function iqamaRenewalFields(_context: ServiceContext): Promise<FieldSpec[]> {
  return [
    {
      name: 'years',
      kind: 'choice',
      label: `${id}.field.years`,
      hint: `${id}.field.years_hint`,
      options: [1, 2].map((years) => ({ value: String(years), label: `${id}.field.years_${years}`, params: { fee: IQAMA_FEE_SAR_PER_YEAR * years } })),
    },
  ];
}
