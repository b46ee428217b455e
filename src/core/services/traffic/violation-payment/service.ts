// Paying traffic violations: the chosen unpaid violations are billed together (one SADAD bill for
// their total); once the paid notice arrives the traffic system marks them paid.
// Guarantees: only the holder's unpaid violations that are not under dispute can be chosen; one open
// payment request per holder (no second bill for the same fines); the traffic system is told with the
// request id as reference, so a retried step never pays twice.
import { defineService, stepSets } from '../../definition.ts';
import { paymentProblems, totalHalalas } from '../rules.ts';
import { fields, form, type PaymentInput } from './form.ts';
import { texts } from './texts.ts';

export const violationPayment = defineService<PaymentInput>({
  id: 'traffic.violation_payment',
  sector: 'traffic',
  texts,
  keywords: ['سداد', 'دفع', 'مخالفة', 'مخالفات', 'pay', 'violation', 'fine', 'sadad'],
  form,
  fields,
  rules: [
    {
      id: 'violations_payable',
      async check(context, input) {
        if (!input) return null;
        const holder = context.person.idNumber;
        const [violations, disputes] = await Promise.all([context.systems.traffic.violationsOf(holder), context.systems.traffic.disputesOf(holder)]);
        return paymentProblems(input.violations, violations, disputes)[0] ?? null;
      },
    },
  ],
  async fee(context, input) {
    const violations = await context.systems.traffic.violationsOf(context.person.idNumber);
    const chosen = violations.filter((violation) => input.violations.includes(violation.number));
    return { halalas: totalHalalas(chosen), description: { id: 'traffic.violation_payment.fee' } };
  },
  subjectKey: (context) => `violations:${context.person.idNumber}`,
  steps: stepSets.paidThenCompleted,
  async process(context, request) {
    const paid = await context.systems.traffic.payViolations(context.person.idNumber, request.input.violations, request.id);
    return { status: 'completed', result: { count: paid.length }, note: { id: 'traffic.violation_payment.note.paid', params: { count: paid.length } } };
  },
});
