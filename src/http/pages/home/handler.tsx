// GET /: the landing page.
import type { FastifyInstance } from 'fastify';
import { pageContext, sendPage } from '../../shared/render.ts';
import { HomeView } from './view.tsx';

export function homePage(app: FastifyInstance): void {
  app.get('/', (request, reply) => sendPage(reply, <HomeView page={pageContext(request, reply, false)} />));
}
