// The newborn registration form: the child's names (Arabic and English), sex, birth date and the
// hospital's birth notification number. Guarantees: the raw strings of the page or the JSON API are
// read by readNewbornForm (every problem at once, each with its family.newborn.* message id).
import { z } from 'zod';
import { AppError } from '../../../errors.ts';
import type { FieldSpec } from '../../definition.ts';
import { readNewbornForm, type NewbornInput } from './rules.ts';

const id = 'family.newborn';

export const newbornForm: z.ZodType<NewbornInput> = z.record(z.string(), z.unknown()).transform((raw, context) => {
  try {
    return readNewbornForm(raw, null);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    for (const [field, problems] of Object.entries(error.details.fields ?? {})) {
      for (const problem of problems) context.addIssue({ code: 'custom', path: [field], message: problem.code });
    }
    return z.NEVER;
  }
}) as unknown as z.ZodType<NewbornInput>;

export async function newbornFields(): Promise<FieldSpec[]> {
  return [
    { name: 'nameAr', kind: 'text', label: `${id}.field.name_ar`, hint: `${id}.field.name_ar_hint`, maxLength: 60 },
    { name: 'nameEn', kind: 'text', label: `${id}.field.name_en`, hint: `${id}.field.name_en_hint`, maxLength: 60 },
    {
      name: 'sex',
      kind: 'choice',
      label: `${id}.field.sex`,
      options: [
        { value: 'M', label: `${id}.field.sex_m` },
        { value: 'F', label: `${id}.field.sex_f` },
      ],
    },
    { name: 'birthDate', kind: 'text', label: `${id}.field.birth_date`, hint: `${id}.field.birth_date_hint`, maxLength: 10 },
    { name: 'notificationNumber', kind: 'text', label: `${id}.field.notification`, hint: `${id}.field.notification_hint`, maxLength: 10 },
  ];
}
