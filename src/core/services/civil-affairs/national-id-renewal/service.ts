// National ID renewal (Civil Affairs): a citizen renews their ID card within 180 days of its expiry
// with a photo they uploaded; an expired card carries the 100 SAR late fine (SADAD bill); civil
// affairs issues the next card (reference = the request id, so a retry never issues two) and it goes
// by post to the national address. Guarantees: one open renewal per card; civil affairs' refusal
// rejects the request with the reason.
import { defineService, stepSets } from '../../definition.ts';
import { idRenewalFields, idRenewalForm, type IdRenewalInput } from './form.ts';
import { idRenewalFeeHalalas, idRenewalRules } from './rules.ts';
import { idRenewalTexts } from './texts.ts';
import { sectorCall } from '../../sectors/sector-errors.ts';

const id = 'civil.national_id_renewal';

export const nationalIdRenewal = defineService<IdRenewalInput>({
  id,
  sector: 'civil_affairs',
  texts: idRenewalTexts,
  keywords: ['هوية', 'بطاقة', 'تجديد', 'national id', 'identity card', 'renew'],
  links: [{ href: `/services/${id}/photo`, label: `${id}.link.photo` }],
  form: idRenewalForm,
  fields: idRenewalFields,
  rules: idRenewalRules,
  async fee(context) {
    const card = await sectorCall(() => context.systems.civilAffairs.idCardOf(context.person.idNumber));
    const halalas = card ? idRenewalFeeHalalas(card, context.today) : 0;
    return halalas > 0 ? { halalas, description: { id: `${id}.fee` } } : null;
  },
  subjectKey: (context) => `id_card:${context.person.idNumber}`,
  steps: stepSets.paidThenDelivered,
  document: { contents: 'national_id_card' },
  async process(context, request) {
    const card = await context.systems.civilAffairs.renewIdCard(context.person.idNumber, request.input.photo, request.id);
    return {
      status: 'approved',
      result: { expiresOn: card.expiresOn, version: card.version },
      note: { id: `${id}.note.renewed`, params: { version: card.version, expiry: card.expiresOn } },
    };
  },
});
