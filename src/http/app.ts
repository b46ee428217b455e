// Builds the HTTP server from the core services: shared plugins at the root (security headers,
// cookies, static files, logging, metrics) and separate encapsulated contexts for citizen pages,
// the JSON API, development sinks and operations, each with its own language rule, CSRF, error
// answers and rate limits. Guarantees: no route answers a 500 with internal detail; pages always
// carry CSRF protection on POST; the JSON API accepts only JSON bodies.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { fileURLToPath } from 'node:url';
import type { HttpDependencies } from './dependencies.ts';
import { registerSecurityHeaders } from './shared/security-headers.ts';
import { refuseNulInput } from './shared/input-guard.ts';
import { isLanguage, languageFromHeader } from '../i18n/i18n.ts';
import { sendJsonError, toAppError } from './shared/error-mapping.ts';
import { opsRoutes } from './ops/routes.ts';
import { devRoutes } from './dev/routes.ts';
import { registrationApi } from './api/registrations.ts';
import { loginApi } from './api/login.ts';
import { accountChangesApi } from './api/account-changes.ts';
import { accountChangePages } from './pages/account-changes.ts';
import { recoveryApi } from './api/recovery.ts';
import { nafathActivationApi } from './api/nafath-activation.ts';
import { activateNafathPages } from './pages/activate-nafath/handler.tsx';
import { nafathSimulator } from './dev/nafath-simulator.tsx';
import { recoveryPages } from './pages/recovery-pages.ts';
import { loginPage } from './pages/login/handler.tsx';
import { loginVerifyPage } from './pages/login-verify/handler.tsx';
import { loginNewPasswordPage } from './pages/login-new-password/handler.tsx';
import { accountPages } from './pages/account/handler.tsx';
import { resolveSessionHook } from './shared/session.ts';
import { rateLimitStore } from './shared/rate-limit-store.ts';
import { AppError } from '../core/errors.ts';
import { openApiDocument } from './api/openapi.ts';
import { homePage } from './pages/home/handler.tsx';
import { registerPage } from './pages/register/handler.tsx';
import { registerVerifyPage } from './pages/register-verify/handler.tsx';
import { registerDonePage } from './pages/register-done/handler.tsx';
import { termsPages } from './pages/terms/handler.tsx';
import { showErrorPage } from './pages/error-page.tsx';
import { digitalIdPages } from './pages/digital-id/handler.tsx';
import { publicKeysRoute, verifyIdPages } from './pages/verify-id/handler.tsx';
import { digitalIdApi } from './api/digital-id.ts';
import { servicesApi } from './api/services.ts';
import { servicePages } from './pages/services/handler.tsx';
import { dashboardPage } from './pages/dashboard/handler.tsx';
import { idPhotosApi } from './api/id-photos.ts';
import { idPhotoPages } from './pages/id-photo/handler.tsx';
import { backofficeContext } from './backoffice/context.ts';
import { activationFormPages } from './pages/activation-form/handler.tsx';
import { centresPage } from './pages/centres/handler.tsx';
import './shared/request-context.ts';
import { partnerApi } from './partner/context.ts';
import { bankSimulator } from './dev/bank-simulator.tsx';
import { kioskSimulator } from './dev/kiosk-simulator.tsx';
import { mountOidcProvider } from './oidc/mount.ts';
import { ssoPages } from './pages/consent/handler.tsx';

export const languageCookie = '__Host-absher-lang';
export const csrfCookie = '__Host-absher-csrf';

const publicDirectory = fileURLToPath(new URL('../../public/', import.meta.url));
const fontDirectory = fileURLToPath(new URL('../../node_modules/@fontsource/ibm-plex-sans-arabic/files/', import.meta.url));

/** Per-address limits kept in the shared counters, so every app process enforces the same ones. */
function sharedRateLimit(deps: HttpDependencies, namespace: string, max: number) {
  return {
    max,
    timeWindow: '1 minute',
    // When the counters store is down, HTTP limits step aside; sign-in's own limits still hold.
    skipOnError: true,
    store: rateLimitStore(deps.counters, deps.clock, { namespace }),
    errorResponseBuilder: (_request: unknown, context: { ttl: number }) =>
      new AppError('rate.limited', { retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)) }),
  };
}

export async function buildHttpApp(deps: HttpDependencies, logger: FastifyServerOptions['loggerInstance']): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    // Behind the load balancer in production; the address it forwards is the one limits key on.
    trustProxy: deps.production,
    bodyLimit: 64 * 1024,
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    genReqId: () => crypto.randomUUID(),
  });
  app.decorateRequest('language', 'ar');
  app.decorateRequest('auth', null);

  await registerSecurityHeaders(app, { production: deps.production });
  refuseNulInput(app);
  // Contexts without their own handler (operations, development routes, simulators) answer coded errors as JSON.
  app.setErrorHandler((error, request, reply) => sendJsonError(request, reply, error));
  await app.register(cookie);
  await app.register(fastifyStatic, {
    root: publicDirectory,
    prefix: '/static/',
    maxAge: '1d',
    index: false,
  });
  await app.register(fastifyStatic, {
    root: fontDirectory,
    prefix: '/static/fonts/',
    maxAge: '30d',
    immutable: true,
    decorateReply: false,
    index: false,
  });

  app.addHook('onResponse', async (request, reply) => {
    deps.metrics.httpDuration.observe(
      { route: request.routeOptions.url ?? 'unmatched', method: request.method, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  opsRoutes(app, deps);
  if (deps.oidc) await mountOidcProvider(app, deps.oidc, { rateLimits: deps.rateLimits, counters: deps.counters, clock: deps.clock });

  await app.register(
    async (api) => {
      api.addHook('onRequest', async (request) => {
        request.language = languageFromHeader(request.headers['accept-language']);
      });
      if (deps.rateLimits) await api.register(rateLimit, sharedRateLimit(deps, 'api', 600));
      api.addHook('onRequest', resolveSessionHook(deps.sessions));
      api.setErrorHandler((error, request, reply) => sendJsonError(request, reply, error));
      api.setNotFoundHandler((request, reply) => sendJsonError(request, reply, toAppError({ statusCode: 404 })));
      registrationApi(api, deps);
      loginApi(api, deps);
      accountChangesApi(api, deps);
      recoveryApi(api, deps);
      nafathActivationApi(api, deps);
      digitalIdApi(api, deps);
      servicesApi(api, deps);
      idPhotosApi(api, deps);
    },
    { prefix: '/api/v1' },
  );
  app.get('/api/openapi.json', async () => openApiDocument(deps.publicUrl));
  publicKeysRoute(app, deps);

  if (deps.backoffice) {
    const office = deps.backoffice;
    await app.register(async (officeContext) => backofficeContext(officeContext, deps, office), { prefix: '/backoffice' });
  }

  if (deps.dev) {
    const dev = deps.dev;
    await app.register(async (devContext) => devRoutes(devContext, deps, dev), { prefix: '/dev' });
    const nafathApp = dev.nafathApp;
    if (nafathApp) await app.register(async (simulator) => nafathSimulator(simulator, nafathApp, deps.clock), { prefix: '/dev/nafath' });
  }

  // Banks and kiosk devices: their own context (bearer tokens, no cookies or CSRF); simulators outside production.
  if (deps.partners) {
    const partners = deps.partners;
    await app.register(async (partnerContext) => partnerApi(partnerContext, deps, partners));
    const simulatorSupport = deps.dev ? partners.dev : undefined;
    if (simulatorSupport) {
      await app.register(async (simulator) => bankSimulator(simulator, deps, simulatorSupport), { prefix: '/dev/bank' });
      await app.register(async (simulator) => kioskSimulator(simulator, deps, simulatorSupport), { prefix: '/dev/kiosk' });
    }
  }

  await app.register(async (pages) => {
    await pages.register(formbody);
    await pages.register(csrf, {
      cookieKey: csrfCookie,
      cookieOpts: { path: '/', secure: true, httpOnly: true, sameSite: 'lax', signed: false },
      getToken: (request) => (request.body as Record<string, string> | undefined)?._csrf,
    });
    if (deps.rateLimits) await pages.register(rateLimit, sharedRateLimit(deps, 'pages', 300));
    pages.addHook('onRequest', async (request, reply) => {
      const asked = (request.query as Record<string, unknown> | undefined)?.lang;
      if (isLanguage(asked)) {
        request.language = asked;
        reply.setCookie(languageCookie, asked, { path: '/', secure: true, httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 });
        return;
      }
      const remembered = request.cookies[languageCookie];
      request.language = isLanguage(remembered) ? remembered : 'ar';
    });
    pages.addHook('onRequest', resolveSessionHook(deps.sessions));
    pages.setErrorHandler((error, request, reply) => showErrorPage(request, reply, error));
    pages.setNotFoundHandler((request, reply) => showErrorPage(request, reply, { statusCode: 404 }));
    homePage(pages);
    termsPages(pages, deps);
    registerPage(pages, deps);
    registerVerifyPage(pages, deps);
    registerDonePage(pages, deps);
    loginPage(pages, deps);
    loginVerifyPage(pages, deps);
    if (deps.oidc) ssoPages(pages, deps, deps.oidc);
    loginNewPasswordPage(pages, deps);
    recoveryPages(pages, deps);
    accountPages(pages, deps);
    accountChangePages(pages, deps);
    activateNafathPages(pages, deps);
    digitalIdPages(pages, deps);
    dashboardPage(pages, deps);
    servicePages(pages, deps);
    verifyIdPages(pages, deps);
    await idPhotoPages(pages, deps);
    if (deps.backoffice) {
      activationFormPages(pages, deps, deps.backoffice);
      centresPage(pages, deps.backoffice);
    }
  });

  return app;
}
