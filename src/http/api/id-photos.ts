// POST /api/v1/me/id-photos: the mobile app hands in the photo for the national ID renewal as JSON
// `{ "data": "<base64 of the JPEG or PNG>" }` (optional `Idempotency-Key` header). Answers 201
// `{ photoId, contentType, width, height }`; the photo id then goes in the renewal request.
// Guarantees: an active holder's session is needed; the body is at most 3 MB; bad base64, a wrong
// type, size or shape are 422 with the field `photo`; the same key stores one photo.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../dependencies.ts';
import { AppError } from '../../core/errors.ts';
import { requireSignedIn } from '../shared/session.ts';

export function idPhotosApi(app: FastifyInstance, deps: HttpDependencies): void {
  app.post(
    '/me/id-photos',
    { preHandler: requireSignedIn, bodyLimit: 3 * 1024 * 1024, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const body = request.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError('request.malformed');
      const data = (body as Record<string, unknown>).data;
      if (typeof data !== 'string') throw new AppError('validation.failed', { fields: { photo: [{ code: 'civil.photo.required' }] } });
      const text = data.replace(/^data:image\/(?:jpeg|png);base64,/, '').replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new AppError('validation.failed', { fields: { photo: [{ code: 'civil.photo.type' }] } });
      const key = request.headers['idempotency-key'];
      const uploaded = await deps.idPhotos.upload(request.auth!.account.id, Buffer.from(text, 'base64'), typeof key === 'string' ? key : undefined);
      return reply.code(201).send(uploaded);
    },
  );
}
