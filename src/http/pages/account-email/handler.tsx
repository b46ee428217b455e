// GET and POST /account/email: the first step of an e-mail change. Guarantees: a valid, confirmed
// new address starts the flow (a code goes to that address) and redirects (303) to its code page;
// any problem shows the form again with what was typed and every message.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import type { FieldErrors } from '../../../core/errors.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { formProblem } from '../../shared/form-problem.ts';
import { EmailChangeFormView } from './view.tsx';

type Values = { email?: string; emailConfirmation?: string };

export function accountEmailPage(app: FastifyInstance, deps: HttpDependencies): void {
  const show = (request: FastifyRequest, reply: FastifyReply, state: { values?: Values; errors?: FieldErrors; formError?: string; status?: number } = {}) =>
    sendPage(
      reply,
      <EmailChangeFormView
        page={pageContext(request, reply)}
        currentEmail={request.auth!.account.email}
        values={state.values ?? {}}
        errors={state.errors}
        formError={state.formError}
      />,
      state.status ?? 200,
    );

  app.get('/account/email', (request, reply) => show(request, reply));

  app.post('/account/email', { preHandler: app.csrfProtection, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 300) : '');
    const values: Values = { email: text(body.email), emailConfirmation: text(body.emailConfirmation) };
    try {
      const view = await deps.accountChanges.email.start(request.auth!.account.id, values, { channel: 'web' });
      return reply.redirect(`/account/email/verify?flow=${view.changeId}`, 303);
    } catch (error) {
      return show(request, reply, { values, ...formProblem(request, reply, error) });
    }
  });
}
