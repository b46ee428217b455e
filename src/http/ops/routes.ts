// Operations endpoints: /healthz (the process answers), /readyz (the database answers too) and
// /metrics (Prometheus text). Guarantees: none of them reveals configuration or personal data.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../dependencies.ts';

export function opsRoutes(app: FastifyInstance, deps: HttpDependencies): void {
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));

  app.get('/readyz', { logLevel: 'warn' }, async (request, reply) => {
    try {
      await deps.readiness();
      return { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'not ready');
      return reply.code(503).send({ status: 'unavailable' });
    }
  });

  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    reply.type(deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
}
