// GET and POST /register: shows the form with a fresh visual code, and hands a submitted form to
// the registration flow. Guarantees: on any error the form comes back with every message, the
// values typed so far (never passwords) and a new visual code; on success it redirects (303) to the
// code page of the new flow.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../core/errors.ts';
import type { HttpDependencies } from '../../dependencies.ts';
import { pageContext, sendPage } from '../../shared/render.ts';
import { toAppError } from '../../shared/error-mapping.ts';
import { RegisterView } from './view.tsx';
import { keptValues, parseRegistrationForm, toRegistrationInput } from './schema.ts';
import type { FieldErrors } from '../../../core/errors.ts';

export function registerPage(app: FastifyInstance, deps: HttpDependencies): void {
  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: { values?: Record<string, string>; errors?: FieldErrors; formError?: string; status?: number } = {},
  ) => {
    const captcha = await deps.captcha.create();
    return sendPage(
      reply,
      <RegisterView
        page={pageContext(request, reply)}
        values={state.values ?? {}}
        {...(state.errors ? { errors: state.errors } : {})}
        {...(state.formError ? { formError: state.formError } : {})}
        captcha={captcha}
        termsVersion={deps.termsVersion}
        passwordPolicy={deps.passwordPolicy}
      />,
      state.status ?? 200,
    );
  };

  app.get('/register', (request, reply) => show(request, reply));

  app.post('/register', { preHandler: app.csrfProtection, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (request, reply) => {
    const form = parseRegistrationForm(request.body);
    const values = keptValues(form);
    if (form.action === 'new_captcha') return show(request, reply, { values });
    try {
      const view = await deps.registration.start(toRegistrationInput(form), { channel: 'web', language: request.language });
      return reply.redirect(`/register/verify?flow=${view.registrationId}`, 303);
    } catch (raw) {
      const error = toAppError(raw);
      if (error.code === 'internal') throw raw;
      if (error instanceof AppError && error.details.fields) return show(request, reply, { values, errors: error.details.fields, status: error.status });
      return show(request, reply, { values, formError: error.code, status: error.status });
    }
  });
}
