// The national ID renewal form: which of the photos the holder uploaded goes on the new card.
// Photos are uploaded first (the upload page or POST /api/v1/me/id-photos), checked by photo.ts and
// kept by civil affairs. Guarantees: the photo is a photo id, or the field error
// civil.national_id_renewal.photo_required.
import { z } from 'zod';
import type { FieldSpec, ServiceContext } from '../../definition.ts';
import { sectorCall } from '../../sectors/sector-errors.ts';
import { today } from '../../sectors/calendar.ts';

const id = 'civil.national_id_renewal';

export const idRenewalForm = z.object({
  photo: z.string({ message: `${id}.photo_required` }).trim().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, `${id}.photo_required`),
});

export type IdRenewalInput = z.infer<typeof idRenewalForm>;

export async function idRenewalFields(context: ServiceContext): Promise<FieldSpec[]> {
  const photos = await sectorCall(() => context.systems.civilAffairs.photosOf(context.person.idNumber, 5));
  return [
    {
      name: 'photo',
      kind: 'choice',
      label: `${id}.field.photo`,
      hint: photos.length === 0 ? `${id}.field.photo_none` : `${id}.field.photo_hint`,
      options: photos.map((photo, index) => ({ value: photo.id, label: `${id}.field.photo_option`, params: { number: index + 1 }, date: today(photo.receivedAt) })),
    },
  ];
}
