// GET /digital-id: the signed-in active holder's digital ID card with a fresh signed QR code;
// GET /digital-id/photo: the photo on the holder's own ID card. Guarantees: a holder who is not
// signed in is sent to sign in; a `registered` (not active) account gets a 403 page and no token;
// a photo is only ever the holder's own.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { requireSignedInPage } from '../../shared/session.ts';
import { AppError } from '../../../core/errors.ts';
import { DigitalIdView } from './view.tsx';
import { qrDataUrl } from './qr.ts';

export function digitalIdPages(app: FastifyInstance, deps: HttpDependencies): void {
  const signedIn = { preHandler: requireSignedInPage };

  app.get('/digital-id', signedIn, async (request, reply) => {
    const issued = await deps.digitalId.issue(request.auth!.account.id);
    const qr = await qrDataUrl(issued.verifyUrl);
    return sendPage(
      reply,
      <DigitalIdView
        page={pageContext(request, reply, false)}
        card={issued.card}
        qr={qr}
        token={issued.token}
        expiresAt={issued.expiresAt}
        validityMinutes={Math.round(deps.digitalId.validitySeconds / 60)}
      />,
    );
  });

  app.get('/digital-id/photo', signedIn, async (request, reply) => {
    const photo = await deps.digitalId.photoOf(request.auth!.account.id);
    if (!photo) throw new AppError('not_found');
    return reply.header('cache-control', 'private, no-store').type(photo.contentType).send(Buffer.from(photo.bytes));
  });
}
