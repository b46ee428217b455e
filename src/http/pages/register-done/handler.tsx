// GET /register/done: the confirmation of a completed registration flow. Guarantees: shown only
// for a completed flow; an unfinished one goes back to its code page.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { flowIdFrom, showFlowProblem } from '../flow-problem.tsx';
import { RegisterDoneView } from './view.tsx';

export function registerDonePage(app: FastifyInstance, deps: HttpDependencies): void {
  app.get('/register/done', async (request, reply) => {
    const flowId = flowIdFrom(request);
    try {
      const flow = await deps.registration.view(flowId);
      if (flow.state !== 'completed') return reply.redirect(`/register/verify?flow=${flowId}`, 303);
      return sendPage(reply, <RegisterDoneView page={pageContext(request, reply, false)} flow={flow} />);
    } catch (error) {
      return showFlowProblem(request, reply, error);
    }
  });
}
