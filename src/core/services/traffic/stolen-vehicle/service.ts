// Reporting a stolen vehicle (Public Security): the holder reports a vehicle registered in their name,
// stolen today or in the last 30 days; the report is registered at once with a number. No fee.
// Guarantees: only the holder's own vehicle, once per vehicle (the traffic system refuses a second
// report); the report carries the request id as reference, so a retried step files it once.
import { defineService } from '../../definition.ts';
import { daysBetween } from '../../sectors/calendar.ts';
import { fields, form, type TheftInput } from './form.ts';
import { texts } from './texts.ts';

/** A theft older than this is reported in person at a police station. */
export const THEFT_REPORT_WINDOW_DAYS = 30;

export const stolenVehicleReport = defineService<TheftInput>({
  id: 'traffic.stolen_vehicle',
  sector: 'public_security',
  texts,
  keywords: ['سرقة', 'مسروقة', 'بلاغ', 'مركبة', 'سيارة', 'stolen', 'theft', 'report', 'vehicle', 'car', 'police'],
  form,
  fields,
  rules: [
    {
      id: 'own_vehicle_not_reported',
      async check(context, input) {
        if (!input) return null;
        const owner = context.person.idNumber;
        const [vehicles, reports] = await Promise.all([context.systems.traffic.vehiclesOf(owner), context.systems.traffic.theftReportsOf(owner)]);
        if (!vehicles.some((vehicle) => vehicle.serial === input.vehicle)) return { id: 'traffic.stolen_vehicle.rule.not_owner' };
        if (reports.some((report) => report.serial === input.vehicle)) return { id: 'traffic.stolen_vehicle.rule.already_reported' };
        return null;
      },
    },
    {
      id: 'theft_date',
      async check(context, input) {
        if (!input) return null;
        const age = daysBetween(input.stolenOn, context.today);
        if (age < 0) return { id: 'traffic.stolen_vehicle.rule.future' };
        if (age > THEFT_REPORT_WINDOW_DAYS) return { id: 'traffic.stolen_vehicle.rule.too_old', params: { days: THEFT_REPORT_WINDOW_DAYS } };
        return null;
      },
    },
  ],
  fee: async () => null,
  subjectKey: (_context, input) => `vehicle:${input.vehicle}`,
  steps: { submitted: ['completed', 'rejected'] },
  async process(context, request) {
    const report = await context.systems.traffic.reportStolen({
      ownerId: context.person.idNumber,
      serial: request.input.vehicle,
      stolenOn: request.input.stolenOn,
      city: request.input.city,
      reference: request.id,
    });
    return { status: 'completed', result: { report: report.number }, note: { id: 'traffic.stolen_vehicle.note.registered', params: { report: report.number } } };
  },
});
