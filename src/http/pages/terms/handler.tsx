// GET /terms and /privacy: the documents a person accepts when registering.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { TermsView } from './view.tsx';

export function termsPages(app: FastifyInstance, deps: HttpDependencies): void {
  for (const document of ['terms', 'privacy'] as const) {
    app.get(`/${document}`, (request, reply) =>
      sendPage(reply, <TermsView page={pageContext(request, reply, false)} document={document} version={deps.termsVersion} />),
    );
  }
}
