// The routes of a flow's code step, shared by every flow that sends an SMS code: GET shows the
// code page, POST checks the code, POST …/resend sends a new one. Guarantees: the page and the API
// run the same flow events; a wrong code is reported with the tries left and the page stays; a flow
// that cannot go on gets the flow-problem page; success redirects (303) where the flow says.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { errorMessage } from '../../i18n/i18n.ts';
import { toAppError } from './error-mapping.ts';
import { pageContext, sendPage } from './render.ts';
import type { PageContext } from './layout.tsx';
import { flowIdFrom, showFlowProblem } from '../pages/flow-problem.tsx';
import type { AppError } from '../../core/errors.ts';

export type CodeStep<View> = {
  /** The page's path, e.g. /login/verify; the resend path is `${path}/resend`. */
  path: string;
  /** Reads the flow (the request tells whose it is, for flows bound to a signed-in holder). */
  load(flowId: string, request: FastifyRequest): Promise<View>;
  /** Where a finished flow goes instead of showing the code page. */
  finishedUrl(view: View, flowId: string): string | null;
  render(page: PageContext, view: View, flowId: string, extra: { error?: string; notice?: string }): VNode;
  /** Checks the code; returns where to go on success (may set cookies on the reply). */
  verify(flowId: string, code: string, request: FastifyRequest, reply: FastifyReply): Promise<string>;
  resend(flowId: string, request: FastifyRequest): Promise<void>;
  /** Where the flow-problem page offers to start again (default: registration). */
  startAgainUrl?: string;
};

function codeErrorMessage(request: FastifyRequest, error: AppError): string {
  if (error.details.fields) return Object.values(error.details.fields).flat().map((item) => errorMessage(request.language, item)).join(' ');
  return errorMessage(request.language, {
    code: error.code,
    params: { ...error.details.params, ...(error.details.extra as Record<string, number> | undefined), seconds: error.details.retryAfterSeconds ?? 0 },
  });
}

export function codeStepRoutes<View>(app: FastifyInstance, step: CodeStep<View>): void {
  const show = async (request: FastifyRequest, reply: FastifyReply, flowId: string, extra: { error?: string; notice?: string; status?: number } = {}) => {
    const view = await step.load(flowId, request);
    const finished = step.finishedUrl(view, flowId);
    if (finished) return reply.redirect(finished, 303);
    const { status, ...messages } = extra;
    return sendPage(reply, step.render(pageContext(request, reply), view, flowId, messages), status ?? 200);
  };
  const showAfterCodeError = async (request: FastifyRequest, reply: FastifyReply, flowId: string, raw: unknown) => {
    const error = toAppError(raw);
    if (!(error.code.startsWith('otp.') || error.code === 'registration.conflict')) return showFlowProblem(request, reply, raw, step.startAgainUrl);
    if (error.details.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.details.retryAfterSeconds));
    return show(request, reply, flowId, { error: codeErrorMessage(request, error), status: error.status }).catch((problem: unknown) =>
      showFlowProblem(request, reply, problem, step.startAgainUrl),
    );
  };

  app.get(step.path, async (request, reply) => {
    try {
      return await show(request, reply, flowIdFrom(request));
    } catch (error) {
      return showFlowProblem(request, reply, error, step.startAgainUrl);
    }
  });

  app.post(step.path, { preHandler: app.csrfProtection, config: { rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (request, reply) => {
    const flowId = flowIdFrom(request);
    const code = (request.body as Record<string, unknown> | undefined)?.code;
    try {
      return reply.redirect(await step.verify(flowId, typeof code === 'string' ? code : '', request, reply), 303);
    } catch (raw) {
      return showAfterCodeError(request, reply, flowId, raw);
    }
  });

  app.post(`${step.path}/resend`, { preHandler: app.csrfProtection, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
    const flowId = flowIdFrom(request);
    try {
      await step.resend(flowId, request);
      return await show(request, reply, flowId, { notice: errorMessage(request.language, { code: 'verify.resent' }) });
    } catch (raw) {
      return showAfterCodeError(request, reply, flowId, raw);
    }
  });
}
