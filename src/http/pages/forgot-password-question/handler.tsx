// GET and POST /forgot-password/question?flow=…: the registry question. Guarantees: a wrong answer
// comes back with the answers left; the third ends the flow (its problem page says so); a flow at
// another step is sent (303) to that step; the right answer sends the code and goes to its page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import { AppError } from '../../../core/errors.ts';
import { errorMessage } from '../../../i18n/i18n.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { toAppError } from '../../shared/error-mapping.ts';
import { flowIdFrom, showFlowProblem } from '../flow-problem.tsx';
import { passwordResetStepUrl } from '../forgot-password/handler.tsx';
import { ForgotPasswordQuestionView } from './view.tsx';

export function forgotPasswordQuestionPage(app: FastifyInstance, deps: HttpDependencies): void {
  const show = async (request: FastifyRequest, reply: FastifyReply, flowId: string, error?: string, status = 200) => {
    const view = await deps.passwordReset.view(flowId);
    if (view.state === 'failed') return showFlowProblem(request, reply, new AppError('recovery.failed'), '/forgot-password');
    if (view.state !== 'question') return reply.redirect(passwordResetStepUrl(view), 303);
    return sendPage(reply, <ForgotPasswordQuestionView page={pageContext(request, reply)} flow={view} error={error} />, status);
  };

  app.get('/forgot-password/question', async (request, reply) => {
    try {
      return await show(request, reply, flowIdFrom(request));
    } catch (raw) {
      return showFlowProblem(request, reply, raw, '/forgot-password');
    }
  });

  app.post('/forgot-password/question', { preHandler: app.csrfProtection, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (request, reply) => {
    const flowId = flowIdFrom(request);
    const answer = (request.body as Record<string, unknown> | undefined)?.answer;
    try {
      const view = await deps.passwordReset.submit(flowId, { event: 'answer_question', answer: typeof answer === 'string' ? answer.slice(0, 60) : '' });
      return reply.redirect(passwordResetStepUrl(view), 303);
    } catch (raw) {
      const error = toAppError(raw);
      const fieldError = error.details.fields?.answer?.[0];
      if (!fieldError) return showFlowProblem(request, reply, raw, '/forgot-password');
      try {
        return await show(request, reply, flowId, errorMessage(request.language, fieldError), error.status);
      } catch (problem) {
        return showFlowProblem(request, reply, problem, '/forgot-password');
      }
    }
  });
}
