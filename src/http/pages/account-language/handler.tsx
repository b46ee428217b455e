// GET and POST /account/language: the holder chooses the language of their messages. Guarantees:
// the change is immediate; the pages follow it at once (the redirect carries `lang`, which the page
// language rule remembers); success goes (303) to the settings page, which confirms it.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { formProblem } from '../../shared/form-problem.ts';
import { LanguageChangeView } from './view.tsx';

export function accountLanguagePage(app: FastifyInstance, deps: HttpDependencies): void {
  app.get('/account/language', async (request, reply) =>
    sendPage(reply, <LanguageChangeView page={pageContext(request, reply)} current={request.auth!.account.preferredLanguage} />),
  );

  app.post('/account/language', { preHandler: app.csrfProtection, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
    const chosen = (request.body as Record<string, unknown> | undefined)?.preferredLanguage;
    try {
      const { language } = await deps.accountChanges.language.change(request.auth!.account.id, { preferredLanguage: chosen }, { channel: 'web' });
      return reply.redirect(`/account/settings?done=language&lang=${language}`, 303);
    } catch (error) {
      const problem = formProblem(request, reply, error);
      return sendPage(
        reply,
        <LanguageChangeView page={pageContext(request, reply)} current={request.auth!.account.preferredLanguage} errors={problem.errors} formError={problem.formError} />,
        problem.status,
      );
    }
  });
}
