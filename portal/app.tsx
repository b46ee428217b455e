// The demo national portal's HTTP server (Fastify): home, "sign in with Absher" (/login → Absher →
// /callback), the national profile, sign-out everywhere (RP-initiated logout) and the back-channel
// logout endpoint Absher calls. Guarantees: strict CSP with no inline script or style; CSRF on the
// sign-out form; the session cookie is HttpOnly, SameSite=Lax and `__Host-` over https; a new
// session id at every sign-in; codes, tokens and cookies never reach the log; every failure is a
// localised page (or a JSON error for Absher's back channel), never a 500 with detail.
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import csrf from '@fastify/csrf-protection';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { fileURLToPath } from 'node:url';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { isLanguage, translator, type Language } from './i18n.ts';
import { HomeView, ProblemView, ProfileView, type PageContext } from './views.tsx';
import { PortalSignInError, type PortalFailure, type RelyingParty } from './relying-party.ts';
import { PortalState } from './sessions.ts';
import type { PortalConfig } from './config.ts';

declare module 'fastify' {
  interface FastifyRequest {
    portalLanguage: Language;
  }
}

const publicDirectory = fileURLToPath(new URL('./public/', import.meta.url));
const fontDirectory = fileURLToPath(new URL('../node_modules/@fontsource/ibm-plex-sans-arabic/files/', import.meta.url));

export type PortalAppOptions = {
  config: Pick<PortalConfig, 'publicUrl' | 'issuer' | 'rateLimits'>;
  relyingParty: RelyingParty;
  state: PortalState;
  logger?: FastifyServerOptions['loggerInstance'] | undefined;
};

/**
 * Cookie names. `__Host-` needs the Secure attribute, which a browser only keeps for https (and
 * for http://localhost in Chromium, but not in every client): on plain http in development the
 * portal uses plain names without Secure. The names start with `portal-` so they never collide with
 * Absher's cookies, which a browser also sends to the portal on the same host (cookies ignore ports).
 */
export function portalCookieNames(publicUrl: URL) {
  const prefix = publicUrl.protocol === 'https:' ? '__Host-' : '';
  return {
    secure: publicUrl.protocol === 'https:',
    session: `${prefix}portal-session`,
    signIn: `${prefix}portal-signin`,
    csrf: `${prefix}portal-csrf`,
    language: `${prefix}portal-lang`,
  };
}

export async function buildPortalApp(options: PortalAppOptions): Promise<FastifyInstance> {
  const { config, relyingParty, state } = options;
  const cookies = portalCookieNames(config.publicUrl);
  const cookieOptions = { path: '/', secure: cookies.secure, httpOnly: true, sameSite: 'lax' as const };
  const https = config.publicUrl.protocol === 'https:';

  const app: FastifyInstance = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    // Request lines carry the authorization code and state: the portal logs only its own events.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 32 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    trustProxy: https,
  });
  app.decorateRequest('portalLanguage', 'ar');

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
        // Sign-out posts here and is redirected on to Absher's end-session page.
        formAction: ["'self'", config.issuer.origin],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(formbody);
  await app.register(csrf, {
    cookieKey: cookies.csrf,
    cookieOpts: cookieOptions,
    getToken: (request) => (request.body as Record<string, string> | undefined)?._csrf,
  });
  if (config.rateLimits) {
    await app.register(rateLimit, {
      max: 300,
      timeWindow: '1 minute',
      errorResponseBuilder: (_request, context) => Object.assign(new Error('rate limited'), { statusCode: 429, retryAfter: Math.ceil(context.ttl / 1000) }),
    });
  }
  await app.register(fastifyStatic, { root: publicDirectory, prefix: '/static/', maxAge: '1d', index: false });
  await app.register(fastifyStatic, { root: fontDirectory, prefix: '/static/fonts/', maxAge: '30d', immutable: true, decorateReply: false, index: false });

  app.addHook('onRequest', async (request, reply) => {
    const asked = (request.query as Record<string, unknown> | undefined)?.lang;
    if (isLanguage(asked)) {
      request.portalLanguage = asked;
      reply.setCookie(cookies.language, asked, { ...cookieOptions, maxAge: 365 * 24 * 3600 });
      return;
    }
    const remembered = request.cookies[cookies.language];
    request.portalLanguage = isLanguage(remembered) ? remembered : 'ar';
  });

  const context = (request: FastifyRequest, reply: FastifyReply, withCsrf = false): PageContext => ({
    language: request.portalLanguage,
    t: translator(request.portalLanguage),
    currentUrl: request.url,
    ...(withCsrf ? { csrfToken: reply.generateCsrf() } : {}),
  });
  const send = (reply: FastifyReply, page: VNode, status = 200) =>
    reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(`<!doctype html>${render(page)}`);
  const problem = (request: FastifyRequest, reply: FastifyReply, reason: PortalFailure | 'csrf' | 'rate_limited' | 'not_found' | 'internal', status: number) =>
    send(reply, <ProblemView page={context(request, reply)} problem={reason} retry={reason !== 'not_found' && reason !== 'rate_limited'} />, status);
  const failureStatus: Record<PortalFailure, number> = { unavailable: 503, denied: 403, login_required: 401, expired: 400, failed: 502 };

  app.setErrorHandler((error: { statusCode?: number; code?: string; retryAfter?: number }, request, reply) => {
    if (error.code === 'FST_CSRF_MISSING_SECRET' || error.code === 'FST_CSRF_INVALID_TOKEN') return problem(request, reply, 'csrf', 403);
    if (error.statusCode === 429) {
      reply.header('retry-after', String(error.retryAfter ?? 60));
      return problem(request, reply, 'rate_limited', 429);
    }
    if (error instanceof PortalSignInError) return problem(request, reply, error.reason, failureStatus[error.reason]);
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) return problem(request, reply, 'expired', 400);
    request.log.error({ err: error }, 'portal: unexpected error');
    return problem(request, reply, 'internal', 500);
  });
  app.setNotFoundHandler((request, reply) => problem(request, reply, 'not_found', 404));

  const currentSession = (request: FastifyRequest) => state.resolve(request.cookies[cookies.session]);

  app.get('/', async (request, reply) => {
    const session = currentSession(request);
    const signedOut = state.finishLogout((request.query as Record<string, unknown>).state);
    const name = session ? displayName(session.claims, request.portalLanguage) : undefined;
    return send(reply, <HomeView page={context(request, reply)} signedInName={name} notice={signedOut && !session ? 'signed_out' : undefined} />);
  });

  app.get('/login', async (request, reply) => {
    if (currentSession(request)) return reply.redirect('/profile', 303);
    const language = request.portalLanguage;
    // "Sign in and share my ID number" adds the national ID's own scope (Absher lists it on its consent screen).
    const withNationalId = (request.query as Record<string, unknown>).share === 'national_id';
    const started = await relyingParty.authorizationRequest(language, withNationalId ? ['national_id'] : []);
    const key = state.addPending({ state: started.state, nonce: started.nonce, codeVerifier: started.codeVerifier, language });
    reply.setCookie(cookies.signIn, key, { ...cookieOptions, maxAge: 10 * 60 });
    return reply.redirect(started.url.href, 303);
  });

  app.get('/callback', async (request, reply) => {
    const pending = state.takePending(request.cookies[cookies.signIn]);
    reply.clearCookie(cookies.signIn, cookieOptions);
    // Absher answers in the language the sign-in started in.
    if (pending) request.portalLanguage = pending.language;
    if (!pending) return problem(request, reply, 'expired', 400);
    const result = await relyingParty.completeSignIn(new URL(request.url, config.publicUrl), pending);
    // A sign-in always starts a new session: any earlier one of this browser ends.
    state.end(request.cookies[cookies.session]);
    const session = state.createSession(result);
    reply.setCookie(cookies.session, session.id, cookieOptions);
    request.log.info({ event: 'portal.signed_in', sid: result.sid ? `${result.sid.slice(0, 6)}…` : undefined }, 'portal: signed in through Absher');
    return reply.redirect('/profile', 303);
  });

  app.get('/profile', async (request, reply) => {
    const session = currentSession(request);
    if (!session) return reply.redirect('/', 303);
    return send(reply, <ProfileView page={context(request, reply, true)} claims={session.claims} />);
  });

  app.post('/logout', { preHandler: app.csrfProtection }, async (request, reply) => {
    const session = state.end(request.cookies[cookies.session]);
    reply.clearCookie(cookies.session, cookieOptions);
    if (!session) return reply.redirect('/', 303);
    // The portal's session is over whatever happens next; then Absher ends its own (and tells the other portals).
    const endSession = await relyingParty.endSessionUrl({ idToken: session.idToken, state: state.startLogout(), language: request.portalLanguage });
    return reply.redirect(endSession?.href ?? '/', 303);
  });

  // Absher's back channel (server to server, no cookies, so no CSRF): ends the sessions a logout token names.
  // Absher calls from one address for every portal session it ends: a higher limit than people's.
  app.post('/backchannel-logout', { config: { rateLimit: { max: 3000, timeWindow: '1 minute' } } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const token = (request.body as Record<string, unknown> | undefined)?.logout_token;
    if (typeof token !== 'string' || token.length === 0 || token.length > 8192) {
      return reply.code(400).send({ error: 'invalid_request', error_description: 'logout_token is required' });
    }
    let target;
    try {
      target = await relyingParty.verifyLogoutToken(token);
    } catch (error) {
      if (error instanceof PortalSignInError) return reply.code(503).send({ error: 'temporarily_unavailable' });
      request.log.warn({ event: 'portal.logout_token_refused', reason: error instanceof Error ? error.message : String(error) }, 'portal: logout token refused');
      return reply.code(400).send({ error: 'invalid_request', error_description: 'the logout token is not valid' });
    }
    if (!state.useLogoutToken(target.jti)) return reply.code(400).send({ error: 'invalid_request', error_description: 'the logout token was already used' });
    const ended = state.endByLogout(target);
    request.log.info({ event: 'portal.backchannel_logout', ended }, 'portal: back-channel logout');
    return reply.code(200).send();
  });

  return app;
}

/** The name to greet with, in the page's language when Absher sent it. */
export function displayName(claims: Record<string, unknown>, language: Language): string {
  const candidates = language === 'ar' ? ['name#ar', 'name_ar', 'name', 'name#en', 'name_en'] : ['name#en', 'name_en', 'name', 'name#ar', 'name_ar'];
  for (const key of candidates) {
    const value = claims[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return '';
}
