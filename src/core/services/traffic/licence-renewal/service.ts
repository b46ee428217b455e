// Driving-licence renewal: fewer than 180 days left (or expired), no unpaid violations, a fit medical
// check from the last 90 days, a national address to deliver to. Fee: SAR 40 a year through a SADAD
// bill; once paid the traffic system renews the licence and the new card goes by post.
// Guarantees: one open renewal per holder; the renewal and the shipment both carry the request id as
// reference, so a retried step renews once and ships once.
import { defineService, stepSets, type Fact, type OverviewBlock } from '../../definition.ts';
import { hasNationalAddress } from '../../common-rules.ts';
import { daysBetween } from '../../sectors/calendar.ts';
import { finesProblem, licenceFeeHalalas, licenceProblem, medicalProblem, totalHalalas, unpaid, validMedicalCheck } from '../rules.ts';
import { fields, form, type RenewalInput } from './form.ts';
import { texts } from './texts.ts';

export const licenceRenewal = defineService<RenewalInput>({
  id: 'traffic.licence_renewal',
  sector: 'traffic',
  texts,
  keywords: ['رخصة', 'قيادة', 'تجديد', 'licence', 'license', 'driving', 'renew', 'renewal'],
  form,
  fields,
  rules: [
    { id: 'licence_window', check: async (context) => licenceProblem(await context.systems.traffic.licenceOf(context.person.idNumber), context.today) },
    { id: 'fines_paid', check: async (context) => finesProblem(await context.systems.traffic.violationsOf(context.person.idNumber)) },
    { id: 'medical_check', check: async (context) => medicalProblem(await context.systems.traffic.medicalChecksOf(context.person.idNumber), context.today) },
    hasNationalAddress<RenewalInput>(),
  ],
  fee: async (_context, input) => ({ halalas: licenceFeeHalalas(input.years), description: { id: 'traffic.licence_renewal.fee' } }),
  subjectKey: (context) => `licence:${context.person.idNumber}`,
  steps: stepSets.paidThenDelivered,
  document: { contents: 'driving_licence' },
  async process(context, request) {
    const licence = await context.systems.traffic.renewLicence(context.person.idNumber, request.input.years, request.id);
    return {
      status: 'approved',
      result: { licence: licence.number, expiresOn: licence.expiresOn },
      note: { id: 'traffic.licence_renewal.note.renewed', params: { expires: licence.expiresOn } },
    };
  },
  async overview(context): Promise<OverviewBlock[]> {
    const holder = context.person.idNumber;
    const { traffic, post } = context.systems;
    const [licence, checks, violations, address] = await Promise.all([
      traffic.licenceOf(holder),
      traffic.medicalChecksOf(holder),
      traffic.violationsOf(holder),
      post.nationalAddressOf(holder),
    ]);
    if (!licence) return [{ kind: 'facts', title: 'traffic.licence_renewal.facts.title', facts: [{ label: 'traffic.licence_renewal.facts.none', value: { kind: 'text', value: '—' } }] }];
    const medical = validMedicalCheck(checks, context.today);
    const open = unpaid(violations);
    const facts: Fact[] = [
      { label: 'traffic.licence_renewal.facts.number', value: { kind: 'text', value: licence.number } },
      { label: 'traffic.licence_renewal.facts.category', value: { kind: 'message', id: `traffic.licence_renewal.category.${licence.category}` } },
      { label: 'traffic.licence_renewal.facts.expires', value: { kind: 'date', iso: licence.expiresOn } },
      { label: 'traffic.licence_renewal.facts.days_left', value: { kind: 'text', value: String(Math.max(0, daysBetween(context.today, licence.expiresOn))) } },
      { label: 'traffic.licence_renewal.facts.medical', value: medical ? { kind: 'date', iso: medical.checkedOn } : { kind: 'message', id: 'traffic.licence_renewal.facts.medical.none' } },
      { label: 'traffic.licence_renewal.facts.unpaid', value: { kind: 'money', halalas: totalHalalas(open) } },
      {
        label: 'traffic.licence_renewal.facts.address',
        value: address ? { kind: 'text', value: address.shortAddress } : { kind: 'message', id: 'traffic.licence_renewal.facts.address.none' },
      },
    ];
    return [{ kind: 'facts', title: 'traffic.licence_renewal.facts.title', facts }];
  },
});
