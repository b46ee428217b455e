// The holder's pages of activation with Nafath: GET/POST /account/activate/nafath (start),
// GET /account/activate/nafath/:id (the number, then the outcome) and
// GET /account/activate/nafath/:id/status (JSON for the page's script). Guarantees: every route
// needs a live session (others are sent to sign in, then back); POST checks CSRF; a refused start
// (an open request, too many, Nafath down, not enrolled) shows the start page again with a clear
// message; a request of another account is not found; the status answer is never cached.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { formProblem } from '../../shared/form-problem.ts';
import { requireSignedInPage } from '../../shared/session.ts';
import { toAppError } from '../../shared/error-mapping.ts';
import { errorMessage } from '../../../i18n/i18n.ts';
import { NafathRequestView, NafathStartView, nafathRequestPath, nafathStartPath } from './view.tsx';

type IdParams = { Params: { id: string } };

export function activateNafathPages(app: FastifyInstance, deps: HttpDependencies): void {
  void app.register(async (signedIn) => {
    signedIn.addHook('preHandler', requireSignedInPage);

    signedIn.get(nafathStartPath, async (request, reply) =>
      sendPage(reply, <NafathStartView page={pageContext(request, reply)} alreadyActive={request.auth!.account.status === 'active'} />),
    );

    signedIn.post(nafathStartPath, { preHandler: app.csrfProtection, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
      try {
        const view = await deps.nafathActivation.start(request.auth!.account.id, { channel: 'web' });
        return reply.redirect(nafathRequestPath(view.requestId), 303);
      } catch (error) {
        const problem = formProblem(request, reply, error);
        const alreadyActive = toAppError(error).code === 'activation.already_active';
        return sendPage(
          reply,
          <NafathStartView page={pageContext(request, reply)} formError={alreadyActive ? undefined : problem.formError} alreadyActive={alreadyActive} />,
          alreadyActive ? 200 : problem.status,
        );
      }
    });

    signedIn.get<IdParams>(`${nafathStartPath}/:id`, async (request, reply) => {
      const view = await deps.nafathActivation.view(request.params.id, request.auth!.account.id);
      return sendPage(reply, <NafathRequestView page={pageContext(request, reply)} request={view} />);
    });

    signedIn.get<IdParams>(`${nafathStartPath}/:id/status`, { config: { rateLimit: { max: 120, timeWindow: '1 minute' } } }, async (request, reply) => {
      reply.header('cache-control', 'no-store');
      try {
        const view = await deps.nafathActivation.view(request.params.id, request.auth!.account.id);
        return { state: view.state, secondsLeft: view.secondsLeft };
      } catch (raw) {
        const error = toAppError(raw);
        if (error.code === 'internal') throw raw;
        return reply.code(error.status).send({ error: { code: error.code, message: errorMessage(request.language, { code: error.code }) } });
      }
    });
  });
}
