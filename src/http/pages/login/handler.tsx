// GET and POST /login: the password step of sign-in. Guarantees: the answer never says which of
// name or password was wrong; a visual code is shown when the platform demands one; success goes
// (303) to the code page of the new sign-in flow.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { toAppError } from '../../shared/error-mapping.ts';
import { errorMessage } from '../../../i18n/i18n.ts';
import { safeNext } from '../../shared/session.ts';
import { clientAddress } from '../../shared/request-context.ts';
import { LoginView } from './view.tsx';

type LoginBody = { login?: string; password?: string; captcha_id?: string; captcha_answer?: string; captcha_pow?: string };

export function loginPage(app: FastifyInstance, deps: HttpDependencies): void {
  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: { login?: string; problem?: string; withCaptcha?: boolean; captchaError?: string; status?: number } = {},
  ) => {
    const next = (request.query as Record<string, unknown>).next;
    const captcha = state.withCaptcha || (await deps.login.captchaExpectedFrom(clientAddress(request))) ? await deps.captcha.create() : null;
    return sendPage(
      reply,
      <LoginView
        page={pageContext(request, reply)}
        {...(state.login ? { login: state.login } : {})}
        {...(typeof next === 'string' ? { next: safeNext(next) } : {})}
        {...(state.problem ? { problem: state.problem } : {})}
        {...(captcha ? { captcha: { id: captcha.id, image: captcha.image, ...(state.captchaError ? { error: state.captchaError } : {}) } } : {})}
      />,
      state.status ?? 200,
    );
  };

  app.get('/login', async (request, reply) => {
    // A portal that asks for a fresh sign-in (prompt=login, max_age) sends a signed-in person here with reauth=1.
    if (request.auth && (request.query as Record<string, unknown>).reauth !== '1') return reply.redirect('/account', 303);
    return show(request, reply);
  });

  app.post('/login', { preHandler: app.csrfProtection, config: { rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (request, reply) => {
    const body = (request.body ?? {}) as LoginBody;
    const login = typeof body.login === 'string' ? body.login.slice(0, 64) : '';
    try {
      const view = await deps.login.start(
        {
          login: body.login,
          password: body.password,
          captcha: body.captcha_pow ? { pow: body.captcha_pow } : { id: body.captcha_id, answer: body.captcha_answer },
        },
        { channel: 'web', language: request.language, ip: clientAddress(request), userAgent: request.headers['user-agent'] ?? '' },
      );
      const next = (request.query as Record<string, unknown>).next;
      const nextPart = typeof next === 'string' ? `&next=${encodeURIComponent(safeNext(next))}` : '';
      return reply.redirect(`/login/verify?flow=${view.loginId}${nextPart}`, 303);
    } catch (raw) {
      const error = toAppError(raw);
      if (error.code === 'internal' || error.code === 'csrf.invalid') throw raw;
      if (error.details.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.details.retryAfterSeconds));
      if (error.code === 'captcha.required') {
        const captchaError = error.details.fields?.captcha?.[0];
        return show(request, reply, {
          login,
          withCaptcha: true,
          status: error.status,
          ...(captchaError ? { captchaError: errorMessage(request.language, captchaError) } : {}),
        });
      }
      const problem = errorMessage(request.language, {
        code: error.code === 'validation.failed' ? 'login.invalid' : error.code,
        params: { minutes: Math.ceil((error.details.retryAfterSeconds ?? 0) / 60) },
      });
      return show(request, reply, { login, problem, status: error.status === 422 ? 401 : error.status });
    }
  });
}
