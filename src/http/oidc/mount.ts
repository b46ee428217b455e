// Mounts the OpenID Provider at /oidc through @fastify/middie (DESIGN §6): the provider reads its
// own request bodies and writes its own answers; Fastify's routes never see /oidc/*. Guarantees:
// with rate limits on, each address gets at most `perMinute` provider requests a minute (counted in
// the shared counters, so every process enforces the same limit), answered 429 with Retry-After in
// OAuth's error shape; when the counters are down the limit steps aside.
import middie from '@fastify/middie';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OidcHttp } from '../../oidc/compose.ts';
import type { AttemptCounters, Clock } from '../../core/ports.ts';

export type OidcMountOptions = { rateLimits: boolean; counters: AttemptCounters; clock: Clock; perMinute?: number };

export async function mountOidcProvider(app: FastifyInstance, oidc: OidcHttp, options?: OidcMountOptions): Promise<void> {
  await app.register(middie);
  if (options?.rateLimits) {
    const limit = options.perMinute ?? 600;
    app.use('/oidc', (request: IncomingMessage & { ip?: string }, response: ServerResponse, next: (error?: unknown) => void) => {
      // middie hands over Fastify's view of the client address (trustProxy in production).
      const address = request.ip ?? request.socket.remoteAddress ?? 'unknown';
      const now = options.clock.now();
      options.counters.hit(`rl:oidc:${address}`, 60, now).then(
        (count) => {
          if (count <= limit) return next();
          const retryAfter = Math.max(1, 60 - (Math.floor(now.getTime() / 1000) % 60));
          response.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfter), 'cache-control': 'no-store' });
          response.end(JSON.stringify({ error: 'temporarily_unavailable', error_description: 'too many requests; retry later' }));
        },
        () => next(),
      );
    });
  }
  app.use('/oidc', oidc.provider.callback());
}
