// Traffic violations inquiry: the holder's violations (date, place, amount, status) with a summary,
// and from each row the way to pay it or (within 30 days) dispute it.
// Guarantees: shows only the holder's own violations; takes no requests itself.
import { z } from 'zod';
import { defineService, type Display, type OverviewBlock, type RowAction } from '../../definition.ts';
import { disputable, totalHalalas, unpaid } from '../rules.ts';
import { texts } from './texts.ts';

export const trafficViolations = defineService<Record<string, never>>({
  id: 'traffic.violations',
  sector: 'traffic',
  texts,
  keywords: ['مخالفة', 'مخالفات', 'ساهر', 'غرامة', 'violation', 'fine', 'saher', 'ticket'],
  inquiryOnly: true,
  form: z.object({}).strict() as z.ZodType<Record<string, never>>,
  fields: async () => [],
  rules: [],
  fee: async () => null,
  subjectKey: () => 'none',
  steps: { submitted: [] },
  async process() {
    throw new Error('traffic.violations takes no requests');
  },
  async overview(context): Promise<OverviewBlock[]> {
    const holder = context.person.idNumber;
    const [violations, disputes] = await Promise.all([context.systems.traffic.violationsOf(holder), context.systems.traffic.disputesOf(holder)]);
    const open = unpaid(violations);
    const underReview = new Set(disputes.filter((dispute) => dispute.status === 'under_review').map((dispute) => dispute.violationNumber));
    return [
      {
        kind: 'facts',
        title: 'traffic.violations.facts.title',
        facts: [
          { label: 'traffic.violations.facts.unpaid_count', value: { kind: 'text', value: String(open.length) } },
          { label: 'traffic.violations.facts.unpaid_total', value: { kind: 'money', halalas: totalHalalas(open) } },
        ],
      },
      {
        kind: 'table',
        title: 'traffic.violations.table.title',
        empty: 'traffic.violations.table.empty',
        columns: [
          'traffic.violations.column.number',
          'traffic.violations.column.kind',
          'traffic.violations.column.date',
          'traffic.violations.column.city',
          'traffic.violations.column.amount',
          'traffic.violations.column.status',
        ],
        rows: violations.map((violation) => {
          const status = underReview.has(violation.number) ? 'disputed' : violation.status;
          const cells: Display[] = [
            { kind: 'text', value: violation.number },
            { kind: 'message', id: `traffic.violations.kind.${violation.kind}` },
            { kind: 'date', iso: violation.occurredOn },
            { kind: 'message', id: `traffic.violations.city.${violation.city}` },
            { kind: 'money', halalas: violation.amountHalalas },
            { kind: 'message', id: `traffic.violations.status.${status}` },
          ];
          const actions: RowAction[] = [];
          if (violation.status === 'unpaid' && !underReview.has(violation.number)) {
            actions.push({ label: 'traffic.violations.action.pay', params: { number: violation.number }, service: 'traffic.violation_payment', prefill: { violations: violation.number } });
          }
          if (disputable(violation, disputes, context.today)) {
            actions.push({ label: 'traffic.violations.action.dispute', params: { number: violation.number }, service: 'traffic.violation_dispute', prefill: { violation: violation.number } });
          }
          return { cells, actions };
        }),
      },
    ];
  },
});
