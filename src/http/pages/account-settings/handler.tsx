// GET /account/settings: the holder's contact details and preferences with a link to change each;
// after a change it says which one was made (`?done=`, from a fixed list). Needs a live session
// (the account-change pages are registered behind requireSignedInPage).
import type { FastifyInstance } from 'fastify';
import { pageContext, sendPage } from '../../shared/render.ts';
import { SettingsView, type SettingsChange } from './view.tsx';

const changes: readonly SettingsChange[] = ['mobile', 'email', 'password', 'language'];

export function accountSettingsPage(app: FastifyInstance): void {
  app.get('/account/settings', async (request, reply) => {
    const asked = (request.query as Record<string, unknown> | undefined)?.done;
    const done = changes.find((change) => change === asked);
    return sendPage(reply, <SettingsView page={pageContext(request, reply)} account={request.auth!.account} done={done} />);
  });
}
