// Starts the demo national portal: its relying party (discovery retried in the background, so the
// portal may start before Absher answers), its state and its HTTP server on its own port. Used by
// the platform's `npm start` (src/main.ts), by the browser tests and, run directly, on its own
// (`node --import tsx portal/main.ts` with ABSHER_ISSUER, PORTAL_PORT, PORTAL_CLIENT_ID and
// PORTAL_CLIENT_SECRET). Guarantees: close() stops the retries and the server.
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { buildPortalApp } from './app.tsx';
import { loadPortalConfig, type PortalConfig } from './config.ts';
import { RelyingParty } from './relying-party.ts';
import { PortalState, type Clock } from './sessions.ts';

export type RunningPortal = {
  config: PortalConfig;
  app: FastifyInstance;
  relyingParty: RelyingParty;
  state: PortalState;
  /** Where the portal listens, e.g. http://localhost:3001. */
  url: string;
  close(): Promise<void>;
};

export async function startPortal(
  config: PortalConfig,
  options: { logger?: FastifyServerOptions['loggerInstance'] | undefined; clock?: Clock; listen?: boolean } = {},
): Promise<RunningPortal> {
  const logger = options.logger;
  const relyingParty = new RelyingParty({
    issuer: config.issuer,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    redirectUri: new URL('/callback', config.publicUrl).href,
    postLogoutRedirectUri: new URL('/', config.publicUrl).href,
    scope: config.scope,
    ...(options.clock ? { clock: options.clock } : {}),
    onDiscoveryError: (error, attempt) => {
      // Absher may still be starting: say so once, then only every 20th attempt.
      if (logger && (attempt === 1 || attempt % 20 === 0)) {
        logger.warn({ attempt, reason: error instanceof Error ? error.message : String(error) }, `portal: Absher's discovery at ${config.issuer.href} is not answering yet; retrying`);
      }
    },
  });
  const state = new PortalState(options.clock);
  const app = await buildPortalApp({ config, relyingParty, state, logger });
  relyingParty.start();
  if (options.listen !== false) {
    try {
      await app.listen({ host: config.host, port: config.port });
    } catch (error) {
      relyingParty.stop();
      await app.close();
      throw error;
    }
  }
  const address = app.server.address();
  const port = address && typeof address === 'object' ? address.port : config.port;
  const url = config.publicUrl.port === String(port) || config.port !== 0 ? config.publicUrl.origin : `${config.publicUrl.protocol}//${config.publicUrl.hostname}:${port}`;
  return {
    config,
    app,
    relyingParty,
    state,
    url,
    async close() {
      relyingParty.stop();
      await app.close();
    },
  };
}

async function main(): Promise<void> {
  const config = loadPortalConfig(process.env);
  const { pino } = await import('pino');
  const portal = await startPortal(config, { logger: pino({ level: process.env.LOG_LEVEL ?? 'info' }) });
  process.stdout.write(`National portal (demo relying party) is up at ${portal.url}, signing in through ${config.issuer.href}\n`);
  const shutdown = async () => {
    await portal.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    process.stderr.write(`The national portal failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
