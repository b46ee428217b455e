// Add a newborn (Family): a citizen or resident files the birth registration with civil affairs
// (reference = the request id, so a retry files once); civil affairs reviews it and the request
// completes when the child is registered or is rejected. Free. Guarantees: one open request per birth
// notification; a birth already registered (civil affairs' refusal) rejects the request.
import { defineService, stepSets } from '../../definition.ts';
import { newbornFields, newbornForm } from './form.ts';
import { newbornRules, type NewbornInput } from './rules.ts';
import { newbornTexts } from './texts.ts';

const id = 'family.newborn';

export const newbornRegistration = defineService<NewbornInput>({
  id,
  sector: 'civil_affairs',
  texts: newbornTexts,
  keywords: ['مولود', 'تسجيل', 'أسرة', 'newborn', 'birth', 'baby', 'family'],
  form: newbornForm,
  fields: newbornFields,
  rules: newbornRules,
  fee: async () => null,
  subjectKey: (_context, input) => `newborn:${input.notificationNumber}`,
  steps: stepSets.reviewed,
  async process(context, request) {
    const registration = await context.systems.civilAffairs.registerNewborn({ headId: context.person.idNumber, ...request.input, reference: request.id });
    return { status: 'under_review', result: { registration: registration.reference.slice(0, 8).toUpperCase() }, note: { id: `${id}.note.filed`, params: { registration: registration.reference.slice(0, 8).toUpperCase() } } };
  },
  async poll(context, request) {
    const registrations = await context.systems.civilAffairs.newbornsOf(context.person.idNumber);
    const registration = registrations.find((each) => each.reference === request.id);
    if (registration?.status === 'registered') return { status: 'completed', note: { id: `${id}.note.registered` } };
    if (registration?.status === 'rejected') return { status: 'rejected', note: { id: `${id}.note.rejected` } };
    return null;
  },
});
