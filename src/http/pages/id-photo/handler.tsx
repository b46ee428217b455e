// GET/POST /services/civil.national_id_renewal/photo: the holder uploads the photo for their next
// ID card (multipart/form-data, one file). Guarantees: signed-in holders only, CSRF checked (the
// token travels as a form field), at most 2 MB read (a larger file is refused, not stored); a bad
// photo gets the form again with the localised reason (422); a good one goes to the renewal form
// with the photo chosen.
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import type { HttpDependencies } from '../../dependencies.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { requireSignedInPage } from '../../shared/session.ts';
import { AppError } from '../../../core/errors.ts';
import { errorMessage } from '../../../i18n/i18n.ts';
import { PHOTO_MAX_BYTES } from '../../../core/services/civil-affairs/national-id-renewal/photo.ts';
import { IdPhotoView } from './view.tsx';
import { requireActivePage } from '../services/handler.tsx';

const path = '/services/civil.national_id_renewal/photo';

export async function idPhotoPages(app: FastifyInstance, deps: HttpDependencies): Promise<void> {
  app.get(path, { preHandler: [requireSignedInPage, requireActivePage] }, async (request, reply) => sendPage(reply, <IdPhotoView page={pageContext(request, reply)} errors={[]} />));

  await app.register(async (scope) => {
    // One more byte than allowed is read, so an oversized file is seen as such and refused.
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { fileSize: PHOTO_MAX_BYTES + 1, files: 1, fields: 4, fieldSize: 1024, parts: 5 },
    });
    scope.post(path, { preHandler: [requireSignedInPage, requireActivePage, app.csrfProtection], config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const file = body.photo;
      const bytes = file instanceof Buffer ? new Uint8Array(file.buffer, file.byteOffset, file.byteLength) : null;
      try {
        const uploaded = await deps.idPhotos.upload(request.auth!.account.id, bytes);
        return reply.redirect(`/services/civil.national_id_renewal?photo=${uploaded.photoId}`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'validation.failed') throw error;
        const messages = (error.details.fields?.photo ?? []).map((problem) => errorMessage(request.language, problem));
        return sendPage(reply, <IdPhotoView page={pageContext(request, reply)} errors={messages} />, 422);
      }
    });
  });
}
