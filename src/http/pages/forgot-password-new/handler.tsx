// GET and POST /forgot-password/new?flow=…: the new password. Guarantees: every broken rule comes
// back at once (the password is never shown again); success ends every session of the account and
// goes (303) to the done page; a flow at another step is sent to that step.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import type { FieldErrors } from '../../../core/errors.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { toAppError } from '../../shared/error-mapping.ts';
import { flowIdFrom, showFlowProblem } from '../flow-problem.tsx';
import { passwordResetStepUrl } from '../forgot-password/handler.tsx';
import { ForgotPasswordNewView } from './view.tsx';

export function forgotPasswordNewPage(app: FastifyInstance, deps: HttpDependencies): void {
  const show = async (request: FastifyRequest, reply: FastifyReply, flowId: string, errors?: FieldErrors, status = 200) => {
    const view = await deps.passwordReset.view(flowId);
    if (view.state !== 'new_password') return reply.redirect(passwordResetStepUrl(view), 303);
    return sendPage(reply, <ForgotPasswordNewView page={pageContext(request, reply)} flowId={view.resetId} errors={errors} passwordPolicy={deps.passwordPolicy} />, status);
  };

  app.get('/forgot-password/new', async (request, reply) => {
    try {
      return await show(request, reply, flowIdFrom(request));
    } catch (raw) {
      return showFlowProblem(request, reply, raw, '/forgot-password');
    }
  });

  app.post('/forgot-password/new', { preHandler: app.csrfProtection, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (request, reply) => {
    const flowId = flowIdFrom(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 200) : '');
    try {
      const view = await deps.passwordReset.submit(flowId, {
        event: 'set_password',
        password: text(body.password),
        passwordConfirmation: text(body.passwordConfirmation),
      });
      return reply.redirect(passwordResetStepUrl(view), 303);
    } catch (raw) {
      const error = toAppError(raw);
      if (!error.details.fields) return showFlowProblem(request, reply, raw, '/forgot-password');
      try {
        return await show(request, reply, flowId, error.details.fields, error.status);
      } catch (problem) {
        return showFlowProblem(request, reply, problem, '/forgot-password');
      }
    }
  });
}
