// The exit/re-entry visa form: which dependent, single or multiple, and for how many months.
// Guarantees: the schema turns the raw strings of the page or the JSON API into a typed input and
// reports each problem with this service's message id; the months must fit the type's range.
import { z } from 'zod';
import type { FieldSpec, ServiceContext } from '../../definition.ts';
import { maskIdNumber } from '../../../identity/national-id.ts';
import { dependentsOf } from '../../family/records.ts';
import { VISA_MONTHS, visaFeeHalalas } from './rules.ts';

const id = 'passports.exit_reentry_visa';

export const exitReentryForm = z
  .object({
    dependent: z.string({ message: `${id}.dependent_required` }).trim().regex(/^\d{10}$/, `${id}.dependent_required`),
    kind: z.enum(['single', 'multiple'], { message: `${id}.kind_required` }),
    months: z.coerce.number({ message: `${id}.months_range` }).int(`${id}.months_range`),
  })
  .superRefine((value, issues) => {
    const limits = VISA_MONTHS[value.kind];
    if (value.months < limits.min || value.months > limits.max) issues.addIssue({ code: 'custom', path: ['months'], message: `${id}.months_range` });
  });

export type ExitReentryInput = z.infer<typeof exitReentryForm>;

export async function exitReentryFields(context: ServiceContext): Promise<FieldSpec[]> {
  const dependents = await dependentsOf(context);
  const months = Array.from({ length: 11 }, (_, index) => index + 2);
  return [
    {
      name: 'dependent',
      kind: 'choice',
      label: `${id}.field.dependent`,
      options: dependents.map((dependent) => ({
        value: dependent.person.idNumber,
        label: `${id}.field.dependent_option`,
        params: { nameAr: dependent.person.nameAr, nameEn: dependent.person.nameEn, id: maskIdNumber(dependent.person.idNumber) },
      })),
    },
    {
      name: 'kind',
      kind: 'choice',
      label: `${id}.field.kind`,
      hint: `${id}.field.kind_hint`,
      options: (['single', 'multiple'] as const).map((kind) => ({
        value: kind,
        label: `${id}.field.kind_${kind}`,
        params: { fee: visaFeeHalalas(kind, VISA_MONTHS[kind].baseMonths) / 100, months: VISA_MONTHS[kind].baseMonths, more: VISA_MONTHS[kind].perMonthSar },
      })),
    },
    {
      name: 'months',
      kind: 'choice',
      label: `${id}.field.months`,
      hint: `${id}.field.months_hint`,
      options: months.map((count) => ({ value: String(count), label: `${id}.field.months_option`, params: { months: count } })),
    },
  ];
}
