// Exit/re-entry visa for a dependent (Passports): the sponsor chooses a dependent on their family
// record, single or multiple and the months; the fee is paid by SADAD bill; then the passports
// system issues the visa (reference = the request id, so a retry never issues two) and the request
// completes with the visa number. Guarantees: at most one open request per dependent; the passports
// system's refusal at issue time rejects the request with the reason.
import { defineService, stepSets } from '../../definition.ts';
import { exitReentryFields, exitReentryForm, type ExitReentryInput } from './form.ts';
import { exitReentryRules, visaFeeHalalas } from './rules.ts';
import { exitReentryTexts } from './texts.ts';

const id = 'passports.exit_reentry_visa';

export const exitReentryVisa = defineService<ExitReentryInput>({
  id,
  sector: 'passports',
  texts: exitReentryTexts,
  keywords: ['تأشيرة', 'خروج وعودة', 'تابع', 'visa', 'exit', 're-entry', 'dependent'],
  form: exitReentryForm,
  fields: exitReentryFields,
  rules: exitReentryRules,
  fee: async (_context, input) => ({ halalas: visaFeeHalalas(input.kind, input.months), description: { id: `${id}.fee` } }),
  subjectKey: (_context, input) => `exit_reentry:${input.dependent}`,
  steps: stepSets.paidThenCompleted,
  async process(context, request) {
    const visa = await context.systems.passports.issueExitReentry({
      holderId: request.input.dependent,
      requestedBy: context.person.idNumber,
      kind: request.input.kind,
      durationDays: request.input.months * 30,
      reference: request.id,
    });
    return {
      status: 'completed',
      result: { visaNumber: visa.number, leaveBy: visa.leaveBy, kind: visa.kind, durationDays: visa.durationDays },
      note: { id: `${id}.note.issued`, params: { visa: visa.number, leaveBy: visa.leaveBy } },
    };
  },
});
