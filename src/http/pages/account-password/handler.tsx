// GET and POST /account/password: the holder changes their password. Guarantees: the page keeps the
// session that asked (every other one ends); a wrong current password is counted toward the
// account's lockout and said at its field; a lock is said with its wait; success goes (303) to the
// settings page, which confirms it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import type { FieldErrors } from '../../../core/errors.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { formProblem } from '../../shared/form-problem.ts';
import { clientAddress } from '../../shared/request-context.ts';
import { PasswordChangeView } from './view.tsx';

export function accountPasswordPage(app: FastifyInstance, deps: HttpDependencies): void {
  const show = (request: FastifyRequest, reply: FastifyReply, state: { errors?: FieldErrors; formError?: string; status?: number } = {}) =>
    sendPage(reply, <PasswordChangeView page={pageContext(request, reply)} errors={state.errors} formError={state.formError} passwordPolicy={deps.passwordPolicy} />, state.status ?? 200);

  app.get('/account/password', (request, reply) => show(request, reply));

  app.post('/account/password', { preHandler: app.csrfProtection, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const auth = request.auth!;
    try {
      await deps.accountChanges.password.change(
        auth.account.id,
        { currentPassword: body.currentPassword, password: body.password, passwordConfirmation: body.passwordConfirmation },
        { channel: 'web', sessionId: auth.session.id, ip: clientAddress(request) },
      );
      return reply.redirect('/account/settings?done=password', 303);
    } catch (error) {
      return show(request, reply, formProblem(request, reply, error));
    }
  });
}
