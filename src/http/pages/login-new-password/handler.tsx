// GET and POST /login/new-password?flow=…: the step of sign-in that replaces a kiosk-issued
// temporary password, after the password and the code and before any session exists. Guarantees:
// every broken rule comes back at once (the password is never shown again); success starts the
// session (cookie) and goes where the person was headed; a flow at another step gets the
// flow-problem page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import type { FieldErrors } from '../../../core/errors.ts';
import { AppError } from '../../../core/errors.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { toAppError } from '../../shared/error-mapping.ts';
import { safeNext, setSessionCookie } from '../../shared/session.ts';
import { flowIdFrom, showFlowProblem } from '../flow-problem.tsx';
import { FirstPasswordView } from './view.tsx';

export function loginNewPasswordPage(app: FastifyInstance, deps: HttpDependencies): void {
  const show = async (request: FastifyRequest, reply: FastifyReply, flowId: string, errors?: FieldErrors, status = 200) => {
    const view = await deps.login.view(flowId);
    if (view.state !== 'new_password') throw new AppError('flow.wrong_state');
    return sendPage(reply, <FirstPasswordView page={pageContext(request, reply)} action={request.url} errors={errors} passwordPolicy={deps.passwordPolicy} />, status);
  };

  app.get('/login/new-password', async (request, reply) => {
    try {
      return await show(request, reply, flowIdFrom(request));
    } catch (raw) {
      return showFlowProblem(request, reply, raw, '/login');
    }
  });

  app.post('/login/new-password', { preHandler: app.csrfProtection, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (request, reply) => {
    const flowId = flowIdFrom(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 200) : '');
    try {
      const outcome = await deps.login.submit(flowId, { event: 'set_password', password: text(body.password), passwordConfirmation: text(body.passwordConfirmation) });
      if (!('sessionToken' in outcome)) throw new AppError('flow.wrong_state');
      setSessionCookie(reply, outcome.sessionToken);
      return reply.redirect(safeNext((request.query as Record<string, unknown>).next), 303);
    } catch (raw) {
      const error = toAppError(raw);
      if (!error.details.fields) return showFlowProblem(request, reply, raw, '/login');
      try {
        return await show(request, reply, flowId, error.details.fields, error.status);
      } catch (problem) {
        return showFlowProblem(request, reply, problem, '/login');
      }
    }
  });
}
