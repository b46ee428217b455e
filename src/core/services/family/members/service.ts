// Family members (Family): the dependents on the holder's family record with their documents —
// relation, birth date, Iqama (masked number, expiry, status), passport (expiry), a live exit/re-entry
// visa — each row linking to the exit/re-entry visa prefilled for that dependent, and the holder's
// newborn registrations with their status. Inquiry only (the requests are the visa and newborn
// services). Guarantees: only the holder's own record is shown; ID numbers are masked.
import { z } from 'zod';
import { defineService, type Display, type OverviewBlock } from '../../definition.ts';
import { maskIdNumber } from '../../../identity/national-id.ts';
import { dependentsOf } from '../records.ts';
import { sectorCall } from '../../sectors/sector-errors.ts';
import { familyHeadProblems } from '../newborn/rules.ts';
import { familyMembersTexts } from './texts.ts';

const id = 'family.members';
const text = (value: string): Display => ({ kind: 'text', value });
const message = (key: string, params?: Record<string, string | number>): Display => ({ kind: 'message', id: `${id}.${key}`, ...(params ? { params } : {}) });

export const familyMembers = defineService<Record<string, never>>({
  id,
  sector: 'civil_affairs',
  texts: familyMembersTexts,
  keywords: ['أسرة', 'تابعين', 'عائلة', 'family', 'dependents', 'members'],
  inquiryOnly: true,
  form: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  fields: async () => [],
  rules: [
    {
      id: 'family_head',
      check: async (context) => {
        const [problem] = familyHeadProblems(context.person.category);
        return problem ? { id: problem.code } : null;
      },
    },
  ],
  fee: async () => null,
  subjectKey: (context) => `family:${context.person.idNumber}`,
  steps: { submitted: [] },
  process: async () => ({ status: 'completed' }),
  async overview(context): Promise<OverviewBlock[]> {
    const dependents = await dependentsOf(context);
    const newborns = await sectorCall(() => context.systems.civilAffairs.newbornsOf(context.person.idNumber));
    const language = (nameAr: string, nameEn: string) => text(`${nameAr} — ${nameEn}`);
    return [
      {
        kind: 'table',
        title: `${id}.dependents.title`,
        columns: ['name', 'relation', 'birth_date', 'iqama', 'iqama_expiry', 'passport_expiry', 'visa'].map((column) => `${id}.column.${column}`),
        empty: `${id}.dependents.empty`,
        rows: dependents.map((dependent) => {
          const live = dependent.visas.find((visa) => visa.status === 'issued');
          return {
            cells: [
              language(dependent.person.nameAr, dependent.person.nameEn),
              message(`relation.${dependent.relation}`),
              { kind: 'date', iso: dependent.person.birthDate },
              text(maskIdNumber(dependent.person.idNumber)),
              dependent.iqama ? { kind: 'date', iso: dependent.iqama.expiresOn } : message('no_document'),
              dependent.passport ? { kind: 'date', iso: dependent.passport.expiresOn } : message('no_document'),
              live ? message('visa.live', { leaveBy: live.leaveBy }) : message('visa.none'),
            ],
            actions: [{ label: `${id}.action.visa`, service: 'passports.exit_reentry_visa', prefill: { dependent: dependent.person.idNumber } }],
          };
        }),
      },
      {
        kind: 'table',
        title: `${id}.newborns.title`,
        columns: ['name', 'birth_date', 'newborn_status'].map((column) => `${id}.column.${column}`),
        empty: `${id}.newborns.empty`,
        rows: newborns.map((newborn) => ({
          cells: [language(newborn.nameAr, newborn.nameEn), { kind: 'date', iso: newborn.birthDate }, message(`newborn.${newborn.status}`)],
          actions: [],
        })),
      },
    ];
  },
});
