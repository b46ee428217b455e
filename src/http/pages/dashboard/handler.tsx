// GET /dashboard: where an active holder lands after sign-in. Guarantees: needs a live session; a
// `registered` (or suspended) account is sent to its account page, which shows its status and how
// to activate; the search is a plain GET (works without JavaScript), at most 100 characters.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { requireSignedInPage } from '../../shared/session.ts';
import { DashboardView } from './view.tsx';

export function dashboardPage(app: FastifyInstance, deps: HttpDependencies): void {
  app.get('/dashboard', { preHandler: requireSignedInPage }, async (request, reply) => {
    const dashboard = await deps.dashboard.overview(request.auth!.account.id);
    if (!dashboard) return reply.redirect('/login', 303);
    if (dashboard.account.status !== 'active') return reply.redirect('/account', 303);
    const asked = (request.query as Record<string, unknown>).q;
    const query = typeof asked === 'string' ? asked.trim().slice(0, 100) : '';
    const catalogue = deps.services.catalogue.search(query, request.language);
    return sendPage(reply, <DashboardView page={pageContext(request, reply)} dashboard={dashboard} query={query} catalogue={catalogue} />);
  });
}
