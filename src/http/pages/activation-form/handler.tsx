// GET /activation-form (the page) and GET /activation-form.pdf (the printable form) for the
// signed-in holder. Guarantees: both need a live session and show only the holder's own form; the
// reference is the same on both (one live reference per account); an account that is not
// `registered` gets no form (the page says why, the PDF answers 409); the PDF is never cached.
import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import type { HttpDependencies, BackofficeHttp } from '../../dependencies.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { requireSignedInPage } from '../../shared/session.ts';
import { AppError } from '../../../core/errors.ts';
import { displayReference } from '../../../core/activation-form/reference.ts';
import { ActivationFormView, NoFormNeededView } from './view.tsx';
import { formQrTarget, renderActivationFormPdf } from './pdf.ts';

export function activationFormPages(app: FastifyInstance, deps: HttpDependencies, office: BackofficeHttp): void {
  const signedIn = { preHandler: requireSignedInPage };

  app.get('/activation-form', signedIn, async (request, reply) => {
    const account = request.auth!.account;
    if (account.status !== 'registered') return sendPage(reply, <NoFormNeededView page={pageContext(request, reply)} status={account.status} />);
    const form = await office.activationForms.formFor(account.id);
    const qrDataUri = await QRCode.toDataURL(formQrTarget(deps.publicUrl, form.reference), { errorCorrectionLevel: 'M', margin: 2, width: 192 });
    return sendPage(reply, <ActivationFormView page={pageContext(request, reply)} form={form} qrDataUri={qrDataUri} />);
  });

  app.get('/activation-form.pdf', { ...signedIn, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (request, reply) => {
    const account = request.auth!.account;
    if (account.status !== 'registered') throw new AppError('activation_form.not_registered', { params: { status: account.status } });
    const form = await office.activationForms.formFor(account.id);
    const pdf = await renderActivationFormPdf(form, deps.publicUrl);
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="absher-activation-form-${displayReference(form.reference)}.pdf"`)
      .type('application/pdf')
      .send(pdf);
  });
}
