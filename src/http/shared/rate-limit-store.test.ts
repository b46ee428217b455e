// The shared rate-limit store, exercised through @fastify/rate-limit on tiny Fastify apps over the
// database counters (in-memory PGlite) and a fake clock.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit';
import { openDatabase, type DatabaseHandle } from '../../adapters/db/database.ts';
import { DbAttemptCounters } from '../../adapters/db/db-counters.ts';
import { FakeClock } from '../../core/clock.ts';
import type { AttemptCounters, Clock } from '../../core/ports.ts';
import { rateLimitStore } from './rate-limit-store.ts';

describe('rateLimitStore', () => {
  let handle: DatabaseHandle;
  const apps: FastifyInstance[] = [];

  before(async () => {
    handle = await openDatabase({ kind: 'pglite', dataDir: null });
  });
  after(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await handle.close();
  });

  /** An app with one limited route, /ping, and one with a limit of its own, /login. */
  async function tinyApp(
    counters: AttemptCounters,
    clock: Clock,
    options: Partial<RateLimitPluginOptions> & { namespace?: string } = {},
  ): Promise<FastifyInstance> {
    const { namespace, ...pluginOptions } = options;
    const app = Fastify({ logger: false });
    apps.push(app);
    await app.register(rateLimit, {
      max: 3,
      timeWindow: '1 minute',
      store: rateLimitStore(counters, clock, namespace ? { namespace } : {}),
      ...pluginOptions,
    });
    app.get('/ping', async () => 'pong');
    app.post('/login', { config: { rateLimit: { max: 1, timeWindow: '1 minute' } } }, async () => 'in');
    await app.ready();
    return app;
  }

  const ping = (app: FastifyInstance, remoteAddress = '203.0.113.7') => app.inject({ method: 'GET', url: '/ping', remoteAddress });
  // Every test starts 20 s into a fresh minute, with its own addresses, so counts never leak between tests.
  let minute = 0;
  const freshClock = () => {
    minute += 10;
    return new FakeClock(new Date(Date.UTC(2026, 0, 15, 9, minute, 20)));
  };

  it('when an address makes max + 1 requests in one window, then the last is 429 with Retry-After the seconds left in the window', async () => {
    const clock = freshClock();
    const app = await tinyApp(new DbAttemptCounters(handle.db), clock);
    const answers = [];
    for (let index = 0; index < 4; index += 1) {
      answers.push(await ping(app));
      clock.advanceSeconds(5);
    }
    assert.deepEqual(
      answers.map((answer) => answer.statusCode),
      [200, 200, 200, 429],
    );
    assert.deepEqual(
      answers.slice(0, 3).map((answer) => answer.headers['x-ratelimit-remaining']),
      ['2', '1', '0'],
    );
    // 20 s + 3 × 5 s into the minute: 25 s are left.
    assert.equal(answers[3]!.headers['retry-after'], '25');
  });

  it('when the window ends, then the address may make requests again', async () => {
    const clock = freshClock();
    const app = await tinyApp(new DbAttemptCounters(handle.db), clock);
    for (let index = 0; index < 3; index += 1) assert.equal((await ping(app)).statusCode, 200);
    assert.equal((await ping(app)).statusCode, 429);
    clock.advanceSeconds(39);
    assert.equal((await ping(app)).statusCode, 429, 'still the same minute');
    clock.advanceSeconds(1);
    assert.equal((await ping(app)).statusCode, 200);
  });

  it('when another address asks, then it has an allowance of its own', async () => {
    const clock = freshClock();
    const app = await tinyApp(new DbAttemptCounters(handle.db), clock);
    for (let index = 0; index < 4; index += 1) await ping(app, '198.51.100.1');
    assert.equal((await ping(app, '198.51.100.1')).statusCode, 429);
    assert.equal((await ping(app, '198.51.100.2')).statusCode, 200);
  });

  it('when two apps share one counters store, then they share the limit', async () => {
    const clock = freshClock();
    const first = await tinyApp(new DbAttemptCounters(handle.db), clock);
    const second = await tinyApp(new DbAttemptCounters(handle.db), clock);
    assert.equal((await ping(first)).statusCode, 200);
    assert.equal((await ping(second)).statusCode, 200);
    assert.equal((await ping(first)).statusCode, 200);
    const fourth = await ping(second);
    assert.equal(fourth.statusCode, 429);
    assert.equal(fourth.headers['retry-after'], '40');
  });

  it('when requests are spread over two apps at once, then exactly max of them pass', async () => {
    const clock = freshClock();
    const counters = new DbAttemptCounters(handle.db);
    const first = await tinyApp(counters, clock);
    const second = await tinyApp(counters, clock);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, index) => ping(index % 2 === 0 ? first : second)));
    assert.equal(answers.filter((answer) => answer.statusCode === 200).length, 3);
    assert.equal(answers.filter((answer) => answer.statusCode === 429).length, 7);
  });

  it('when two registrations use different namespaces, then each counts apart', async () => {
    const clock = freshClock();
    const counters = new DbAttemptCounters(handle.db);
    const pages = await tinyApp(counters, clock, { namespace: 'pages' });
    const api = await tinyApp(counters, clock, { namespace: 'api' });
    for (let index = 0; index < 3; index += 1) assert.equal((await ping(pages)).statusCode, 200);
    assert.equal((await ping(pages)).statusCode, 429);
    assert.equal((await ping(api)).statusCode, 200);
  });

  it('when a route has a limit of its own, then it counts apart from the global limit', async () => {
    const clock = freshClock();
    const app = await tinyApp(new DbAttemptCounters(handle.db), clock);
    const login = () => app.inject({ method: 'POST', url: '/login', remoteAddress: '203.0.113.9' });
    assert.equal((await login()).statusCode, 200);
    assert.equal((await login()).statusCode, 429);
    const first = await ping(app, '203.0.113.9');
    assert.equal(first.headers['x-ratelimit-remaining'], '2', 'the login route’s count is not the global one');
    for (let index = 0; index < 2; index += 1) assert.equal((await ping(app, '203.0.113.9')).statusCode, 200);
  });

  it('when the counters fail, then requests fail unless skipOnError lets them through', async () => {
    const clock = freshClock();
    const broken: AttemptCounters = {
      hit: async () => {
        throw new Error('counters are down');
      },
      count: async () => 0,
      reset: async () => undefined,
    };
    assert.equal((await ping(await tinyApp(broken, clock))).statusCode, 500);
    assert.equal((await ping(await tinyApp(broken, clock, { skipOnError: true }))).statusCode, 200);
  });

  it('when continueExceeding is asked for, then the app refuses to start', async () => {
    const app = Fastify({ logger: false });
    apps.push(app);
    await assert.rejects(
      (async () => {
        await app.register(rateLimit, { max: 3, timeWindow: 60_000, continueExceeding: true, store: rateLimitStore(new DbAttemptCounters(handle.db), freshClock()) });
        await app.ready();
      })(),
      /continueExceeding/,
    );
  });
});
