// GET /forgot-username/done?flow=…: the username of a completed reminder. Guarantees: shown only for
// a completed flow and only until it expires; an unfinished one goes back to its code page.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { flowIdFrom, showFlowProblem } from '../flow-problem.tsx';
import { ForgotUsernameDoneView } from './view.tsx';

export function forgotUsernameDonePage(app: FastifyInstance, deps: HttpDependencies): void {
  app.get('/forgot-username/done', async (request, reply) => {
    const flowId = flowIdFrom(request);
    try {
      const flow = await deps.usernameReminder.view(flowId);
      if (flow.state !== 'completed') return reply.redirect(`/forgot-username/verify?flow=${flowId}`, 303);
      return sendPage(reply, <ForgotUsernameDoneView page={pageContext(request, reply, false)} flow={flow} />);
    } catch (error) {
      return showFlowProblem(request, reply, error, '/forgot-username');
    }
  });
}
