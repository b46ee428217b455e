// GET /centres: the activation centres directory, searchable by city, district or postal code
// (Arabic or English, Arabic digits accepted) through a plain GET form that needs no JavaScript.
import type { FastifyInstance } from 'fastify';
import type { BackofficeHttp } from '../../dependencies.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { CentresView } from './view.tsx';

export function centresPage(app: FastifyInstance, office: BackofficeHttp): void {
  app.get('/centres', async (request, reply) => {
    const raw = (request.query as Record<string, unknown>).city;
    const query = typeof raw === 'string' ? raw.slice(0, 100) : '';
    const centres = office.centres.search(query);
    return sendPage(reply, <CentresView page={pageContext(request, reply, false)} query={query} centres={centres} cities={office.centres.cities()} />);
  });
}
