// GET/POST /register/verify and POST /register/verify/resend: the code step of a registration
// flow, addressed by its id in the query. Guarantees: the page and the API run the same flow
// events; a wrong code is reported with the tries left; success redirects (303) to the done page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { toAppError } from '../../shared/error-mapping.ts';
import { errorMessage } from '../../../i18n/i18n.ts';
import { RegisterVerifyView } from './view.tsx';
import { flowIdFrom, showFlowProblem } from '../flow-problem.tsx';

export function registerVerifyPage(app: FastifyInstance, deps: HttpDependencies): void {
  const show = async (request: FastifyRequest, reply: FastifyReply, flowId: string, extra: { error?: string; notice?: string; status?: number } = {}) => {
    const flow = await deps.registration.view(flowId);
    if (flow.state === 'completed') return reply.redirect(`/register/done?flow=${flowId}`, 303);
    return sendPage(
      reply,
      <RegisterVerifyView
        page={pageContext(request, reply)}
        flow={flow}
        {...(extra.error ? { error: extra.error } : {})}
        {...(extra.notice ? { notice: extra.notice } : {})}
      />,
      extra.status ?? 200,
    );
  };

  app.get('/register/verify', async (request, reply) => {
    const flowId = flowIdFrom(request);
    try {
      return await show(request, reply, flowId);
    } catch (error) {
      return showFlowProblem(request, reply, error);
    }
  });

  app.post('/register/verify', { preHandler: app.csrfProtection }, async (request, reply) => {
    const flowId = flowIdFrom(request);
    const code = (request.body as Record<string, unknown> | undefined)?.code;
    try {
      await deps.registration.submit(flowId, { event: 'verify_code', code: typeof code === 'string' ? code : '' });
      return reply.redirect(`/register/done?flow=${flowId}`, 303);
    } catch (raw) {
      const error = toAppError(raw);
      if (error.code.startsWith('otp.') || error.code === 'registration.conflict') {
        const message = error.details.fields
          ? Object.values(error.details.fields).flat().map((item) => errorMessage(request.language, item)).join(' ')
          : errorMessage(request.language, { code: error.code, params: { ...error.details.params, ...(error.details.extra as Record<string, number>) } });
        return show(request, reply, flowId, { error: message, status: error.status }).catch((problem) => showFlowProblem(request, reply, problem));
      }
      return showFlowProblem(request, reply, raw);
    }
  });

  app.post('/register/verify/resend', { preHandler: app.csrfProtection }, async (request, reply) => {
    const flowId = flowIdFrom(request);
    try {
      await deps.registration.submit(flowId, { event: 'resend_code' });
      return await show(request, reply, flowId, { notice: errorMessage(request.language, { code: 'verify.resent' }) });
    } catch (raw) {
      const error = toAppError(raw);
      if (error.code.startsWith('otp.')) {
        const message = errorMessage(request.language, { code: error.code, params: { seconds: error.details.retryAfterSeconds ?? 0 } });
        if (error.details.retryAfterSeconds) reply.header('retry-after', String(error.details.retryAfterSeconds));
        return show(request, reply, flowId, { error: message, status: error.status }).catch((problem) => showFlowProblem(request, reply, problem));
      }
      return showFlowProblem(request, reply, raw);
    }
  });
}
