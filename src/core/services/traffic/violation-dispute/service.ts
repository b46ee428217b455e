// Disputing a traffic violation: within 30 days of the violation, one dispute per violation, and no
// more once 5 of the holder's disputes were rejected in the current Hijri year. No fee; the traffic
// department reviews it and the request follows its decision.
// Guarantees: one open dispute request per violation; the dispute is filed with the request id as
// reference (a retried step files it once); accepted → completed, rejected → rejected.
import { defineService, stepSets } from '../../definition.ts';
import { disputeProblem, rejectedLimitProblem } from '../rules.ts';
import { fields, form, type DisputeInput } from './form.ts';
import { texts } from './texts.ts';

export const violationDispute = defineService<DisputeInput>({
  id: 'traffic.violation_dispute',
  sector: 'traffic',
  texts,
  keywords: ['اعتراض', 'مخالفة', 'dispute', 'objection', 'violation', 'appeal'],
  listed: false,
  form,
  fields,
  rules: [
    {
      id: 'violation_disputable',
      async check(context, input) {
        if (!input) return null;
        const holder = context.person.idNumber;
        const [violations, disputes] = await Promise.all([context.systems.traffic.violationsOf(holder), context.systems.traffic.disputesOf(holder)]);
        return disputeProblem(input.violation, violations, disputes, context.today);
      },
    },
    {
      id: 'rejected_disputes_this_hijri_year',
      async check(context) {
        return rejectedLimitProblem(await context.systems.traffic.disputesOf(context.person.idNumber), context.now);
      },
    },
  ],
  fee: async () => null,
  subjectKey: (_context, input) => `violation:${input.violation}`,
  steps: stepSets.reviewed,
  async process(context, request) {
    const dispute = await context.systems.traffic.fileDispute({
      holderId: context.person.idNumber,
      violationNumber: request.input.violation,
      reason: request.input.reason,
      reference: request.id,
    });
    return { status: 'under_review', result: { dispute: dispute.id } };
  },
  async poll(context, request) {
    const dispute = (await context.systems.traffic.disputesOf(context.person.idNumber)).find((each) => each.reference === request.id);
    if (dispute?.status === 'accepted') return { status: 'completed', note: { id: 'traffic.violation_dispute.note.accepted' } };
    if (dispute?.status === 'rejected') return { status: 'rejected', note: { id: 'traffic.violation_dispute.note.rejected' } };
    return null;
  },
});
