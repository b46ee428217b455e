// GET and POST /account/mobile: the first step of a mobile change. Guarantees: a valid new number
// starts the flow (a code goes to the current number) and redirects (303) to its code page; any
// problem shows the form again with the number typed and every message; no mobile, no form.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import type { FieldErrors } from '../../../core/errors.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { formProblem } from '../../shared/form-problem.ts';
import { MobileChangeFormView } from './view.tsx';

export function accountMobilePage(app: FastifyInstance, deps: HttpDependencies): void {
  const show = (request: FastifyRequest, reply: FastifyReply, state: { value?: string; errors?: FieldErrors; formError?: string; status?: number } = {}) =>
    sendPage(
      reply,
      <MobileChangeFormView page={pageContext(request, reply)} currentMobile={request.auth!.account.mobile} value={state.value} errors={state.errors} formError={state.formError} />,
      state.status ?? 200,
    );

  app.get('/account/mobile', (request, reply) => show(request, reply));

  app.post('/account/mobile', { preHandler: app.csrfProtection, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
    const raw = (request.body as Record<string, unknown> | undefined)?.mobile;
    const value = typeof raw === 'string' ? raw.slice(0, 40) : '';
    try {
      const view = await deps.accountChanges.mobile.start(request.auth!.account.id, { mobile: value }, { channel: 'web' });
      return reply.redirect(`/account/mobile/verify-old?flow=${view.changeId}`, 303);
    } catch (error) {
      return show(request, reply, { value, ...formProblem(request, reply, error) });
    }
  });
}
