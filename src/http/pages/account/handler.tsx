// The signed-in holder's pages: GET /account, /account/sessions (and ending sessions),
// /account/events, and POST /logout. Guarantees: each needs a live session and shows only the
// holder's own records; sign-out ends the session on the server, not just the cookie.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { clearSessionCookie, requireSignedInPage } from '../../shared/session.ts';
import { translate } from '../../../i18n/i18n.ts';
import { AccountView } from './view.tsx';
import { SessionsView } from '../account-sessions/view.tsx';
import { EventsView } from '../account-events/view.tsx';

export function accountPages(app: FastifyInstance, deps: HttpDependencies): void {
  const signedIn = { preHandler: requireSignedInPage };
  const signedInForm = { preHandler: [requireSignedInPage, app.csrfProtection] };

  app.get('/account', signedIn, async (request, reply) => {
    const overview = await deps.account.overview(request.auth!.account.id);
    if (!overview) return reply.redirect('/login', 303);
    return sendPage(reply, <AccountView page={pageContext(request, reply)} account={overview.account} notices={overview.notices} />);
  });

  const showSessions = async (request: FastifyRequest, reply: FastifyReply, notice?: string) => {
    const auth = request.auth!;
    const sessions = await deps.sessions.list(auth.account.id);
    return sendPage(
      reply,
      <SessionsView page={pageContext(request, reply)} sessions={sessions} currentId={auth.session.id} {...(notice ? { notice } : {})} />,
    );
  };

  app.get('/account/sessions', signedIn, (request, reply) => showSessions(request, reply));

  app.post('/account/sessions/end', signedInForm, async (request, reply) => {
    const sessionId = (request.body as Record<string, unknown> | undefined)?.session;
    const ended = typeof sessionId === 'string' && (await deps.sessions.end(request.auth!.account.id, sessionId, 'ended_by_holder'));
    return showSessions(request, reply, translate(request.language, ended ? 'sessions.ended' : 'sessions.not_found'));
  });

  app.post('/account/sessions/end-others', signedInForm, async (request, reply) => {
    const auth = request.auth!;
    const count = await deps.sessions.endOthers(auth.account.id, auth.session.id);
    return showSessions(request, reply, translate(request.language, 'sessions.ended_others', { count }));
  });

  app.get('/account/events', signedIn, async (request, reply) => {
    const events = await deps.account.securityEvents(request.auth!.account.id);
    return sendPage(reply, <EventsView page={pageContext(request, reply)} events={events} />);
  });

  app.post('/logout', { preHandler: app.csrfProtection }, async (request, reply) => {
    // Single logout: the portals this browser signed in to through Absher are told (back-channel logout).
    if (request.auth && deps.oidc) await deps.oidc.endBrowserSingleSignOn(request.raw, reply.raw, request.auth.account.id);
    if (request.auth) await deps.sessions.signOut(request.auth.session.id, request.auth.account.id);
    clearSessionCookie(reply);
    return reply.redirect('/', 303);
  });
}
