// The form of a theft report: which of the holder's vehicles, when (an ISO day, Arabic digits
// accepted) and where, and the holder's confirmation.
import { z } from 'zod';
import type { FieldSpec, ServiceContext } from '../../definition.ts';
import { confirmed, requiredText } from '../../form-helpers.ts';
import { isIsoDay } from '../../sectors/calendar.ts';

export const CITIES = ['riyadh', 'jeddah', 'makkah', 'madinah', 'dammam', 'abha', 'tabuk', 'buraydah'] as const;

export const form = z.object({
  vehicle: requiredText(),
  stolenOn: requiredText().pipe(z.string().refine(isIsoDay, 'traffic.stolen_vehicle.stolen_on.invalid')),
  city: requiredText().pipe(z.enum(CITIES, 'eservices.field_invalid')),
  confirm: confirmed('traffic.stolen_vehicle.confirm.required'),
});
export type TheftInput = z.infer<typeof form>;

export async function fields(context: ServiceContext): Promise<FieldSpec[]> {
  const vehicles = await context.systems.traffic.vehiclesOf(context.person.idNumber);
  return [
    {
      name: 'vehicle',
      kind: 'choice',
      label: 'traffic.stolen_vehicle.field.vehicle',
      ...(vehicles.length === 0 ? { hint: 'traffic.stolen_vehicle.field.vehicle.none' } : {}),
      options: vehicles.map((vehicle) => ({
        value: vehicle.serial,
        label: 'traffic.stolen_vehicle.option',
        params: { plate: `${vehicle.plateAr} · ${vehicle.plateEn}`, vehicle: `${vehicle.make} ${vehicle.model} ${vehicle.year}` },
      })),
    },
    { name: 'stolenOn', kind: 'text', label: 'traffic.stolen_vehicle.field.stolen_on', hint: 'traffic.stolen_vehicle.field.stolen_on.hint' },
    { name: 'city', kind: 'choice', label: 'traffic.stolen_vehicle.field.city', options: CITIES.map((city) => ({ value: city, label: `traffic.violations.city.${city}` })) },
    { name: 'confirm', kind: 'confirm', label: 'traffic.stolen_vehicle.field.confirm' },
  ];
}
