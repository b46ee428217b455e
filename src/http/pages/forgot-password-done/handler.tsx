// GET /forgot-password/done: the confirmation after a new password was set. It shows no account
// data, so it needs no flow.
import type { FastifyInstance } from 'fastify';
import { pageContext, sendPage } from '../../shared/render.ts';
import { ForgotPasswordDoneView } from './view.tsx';

export function forgotPasswordDonePage(app: FastifyInstance): void {
  app.get('/forgot-password/done', async (request, reply) => sendPage(reply, <ForgotPasswordDoneView page={pageContext(request, reply, false)} />));
}
