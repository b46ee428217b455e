// My vehicles: an inquiry of the vehicles registered in the holder's name (the plate as printed, in
// Arabic and Latin letters, make, model, year, registration expiry in both calendars and whether it is still valid).
// Guarantees: shows only the holder's own vehicles; takes no requests.
import { z } from 'zod';
import { defineService, type OverviewBlock } from '../../definition.ts';
import { texts } from './texts.ts';

export const trafficVehicles = defineService<Record<string, never>>({
  id: 'traffic.vehicles',
  sector: 'traffic',
  texts,
  keywords: ['مركبة', 'سيارة', 'استمارة', 'لوحة', 'vehicle', 'car', 'istimara', 'plate', 'registration'],
  inquiryOnly: true,
  form: z.object({}).strict() as z.ZodType<Record<string, never>>,
  fields: async () => [],
  rules: [],
  fee: async () => null,
  subjectKey: () => 'none',
  steps: { submitted: [] },
  async process() {
    throw new Error('traffic.vehicles takes no requests');
  },
  async overview(context): Promise<OverviewBlock[]> {
    const vehicles = await context.systems.traffic.vehiclesOf(context.person.idNumber);
    return [
      {
        kind: 'table',
        title: 'traffic.vehicles.table.title',
        empty: 'traffic.vehicles.table.empty',
        columns: ['traffic.vehicles.column.plate', 'traffic.vehicles.column.vehicle', 'traffic.vehicles.column.serial', 'traffic.vehicles.column.registration', 'traffic.vehicles.column.state'],
        rows: vehicles.map((vehicle) => ({
          cells: [
            { kind: 'text', value: `${vehicle.plateAr} · ${vehicle.plateEn}` },
            { kind: 'text', value: `${vehicle.make} ${vehicle.model} ${vehicle.year}` },
            { kind: 'text', value: vehicle.serial },
            { kind: 'date', iso: vehicle.registrationExpiresOn },
            { kind: 'message', id: `traffic.vehicles.state.${vehicle.registrationExpiresOn < context.today ? 'expired' : 'valid'}` },
          ],
          actions: [],
        })),
      },
    ];
  },
});
