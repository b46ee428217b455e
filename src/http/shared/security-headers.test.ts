import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import helmet from '@fastify/helmet';
import { registerSecurityHeaders } from './security-headers.ts';

/** The headers of one answer, without those every answer has whatever the security settings. */
async function headersOf(register: (app: ReturnType<typeof Fastify>) => Promise<void>): Promise<Record<string, unknown>> {
  const app = Fastify();
  await register(app);
  app.get('/', async () => 'x');
  const { headers } = await app.inject({ url: '/' });
  await app.close();
  const { date: _date, connection: _connection, 'content-length': _length, 'content-type': _type, ...security } = headers;
  return security;
}

describe('security headers', () => {
  for (const production of [false, true]) {
    it(`when an answer is sent (${production ? 'production' : 'development'}), then it carries exactly what helmet sends with the same policy`, async () => {
      const ours = await headersOf((app) => registerSecurityHeaders(app, { production }));
      const helmets = await headersOf(async (app) => {
        await app.register(helmet, {
          contentSecurityPolicy: {
            useDefaults: false,
            directives: {
              defaultSrc: ["'none'"],
              scriptSrc: ["'self'"],
              styleSrc: ["'self'"],
              imgSrc: ["'self'", 'data:'],
              fontSrc: ["'self'"],
              connectSrc: ["'self'"],
              formAction: ["'self'"],
              frameAncestors: ["'none'"],
              baseUri: ["'none'"],
              objectSrc: ["'none'"],
              ...(production ? { upgradeInsecureRequests: [] } : {}),
            },
          },
          strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
          referrerPolicy: { policy: 'no-referrer' },
          crossOriginEmbedderPolicy: false,
        });
      });
      assert.deepEqual(ours, helmets);
      assert.equal(production, 'strict-transport-security' in ours);
    });
  }
});
