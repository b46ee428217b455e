// The first page of forgot password and forgot username (ID, mobile, visual code) and its routes.
// Guarantees: an error summary linked to each field (a shared message said once), the ID and mobile kept
// with a new visual code after an error, CSRF on the POST, works without JavaScript.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { FieldErrors } from '../../core/errors.ts';
import type { RecoveryContext, RecoveryInput } from '../../core/flows/recovery.ts';
import type { HttpDependencies } from '../dependencies.ts';
import { errorMessage } from '../../i18n/i18n.ts';
import { toAppError } from './error-mapping.ts';
import { pageContext, sendPage } from './render.ts';
import { clientAddress } from './request-context.ts';
import { CsrfField, ErrorSummary, TextField, fieldMessages } from './forms.tsx';
import { Layout, type PageContext } from './layout.tsx';

export type RecoveryStartModel = {
  page: PageContext;
  title: string;
  intro: string;
  submitLabel: string;
  action: string;
  values: { idNumber?: string | undefined; mobile?: string | undefined };
  errors?: FieldErrors | undefined;
  /** A localised problem with the whole form (too many tries, the registry is down). */
  formError?: string | undefined;
  captcha: { id: string; image: string };
  /** Links under the form (e.g. to the other recovery service and to sign-in). */
  links: Array<{ href: string; label: string }>;
};

export function RecoveryStartView(model: RecoveryStartModel) {
  const { page, values } = model;
  const { t, language } = page;
  const messages = (field: string) => fieldMessages(language, model.errors, field);
  const captchaErrors = messages('captcha');
  const summary: Array<{ id?: string; messages: string[] }> = [];
  const said = new Set<string>();
  if (model.formError) summary.push({ messages: [model.formError] });
  for (const [field, id] of [['idNumber', 'idNumber'], ['mobile', 'mobile'], ['captcha', 'captcha-answer']] as const) {
    // A message both fields share (the details do not match) is said once, linked to the first.
    const fresh = messages(field).filter((message) => !said.has(message));
    fresh.forEach((message) => said.add(message));
    summary.push({ id, messages: fresh });
  }

  return (
    <Layout page={page} title={model.title} scripts={['/static/js/register.js']}>
      <h1>{model.title}</h1>
      <p class="lead">{model.intro}</p>
      <ErrorSummary t={t} fields={summary} />
      <form method="post" action={model.action} class="form" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField
          id="idNumber"
          name="idNumber"
          label={t('field.id_number')}
          hint={t('field.id_number.hint')}
          errors={messages('idNumber')}
          value={values.idNumber}
          inputMode="numeric"
          autocomplete="off"
          dir="ltr"
          maxLength={20}
          required
        />
        <TextField
          id="mobile"
          name="mobile"
          type="tel"
          label={t('field.mobile')}
          hint={t('recovery.mobile_hint')}
          errors={messages('mobile')}
          value={values.mobile}
          inputMode="tel"
          autocomplete="tel-national"
          dir="ltr"
          maxLength={20}
          required
        />
        <fieldset class={captchaErrors.length > 0 ? 'field field-invalid captcha' : 'field captcha'}>
          <legend class="field-label">{t('field.captcha')}</legend>
          <p class="field-hint" id="captcha-hint">
            {t('field.captcha.hint')}
          </p>
          {captchaErrors.length > 0 && (
            <p class="field-error" id="captcha-error">
              {captchaErrors.map((message) => (
                <span class="field-error-line">{message}</span>
              ))}
            </p>
          )}
          <input type="hidden" name="captcha_id" value={model.captcha.id} />
          <div class="captcha-row">
            <img class="captcha-image" src={model.captcha.image} alt={t('field.captcha.image_alt')} width={180} height={64} />
            <button type="submit" name="action" value="new_captcha" class="button button-secondary" formNoValidate>
              {t('field.captcha.new_image')}
            </button>
          </div>
          <label class="field-label" for="captcha-answer">
            {t('field.captcha.answer')}
          </label>
          <input
            class="input input-short"
            id="captcha-answer"
            name="captcha_answer"
            inputMode="numeric"
            autocomplete="off"
            dir="ltr"
            maxLength={8}
            aria-describedby={captchaErrors.length > 0 ? 'captcha-hint captcha-error' : 'captcha-hint'}
            aria-invalid={captchaErrors.length > 0 ? 'true' : undefined}
          />
          <div
            class="pow"
            hidden
            data-pow-challenge-url="/api/v1/captcha/proof-of-work"
            data-pow-working={t('captcha.pow.working')}
            data-pow-done={t('captcha.pow.done')}
            data-pow-failed={t('captcha.pow.failed')}
          >
            <input type="hidden" name="captcha_pow" value="" />
            <p class="field-hint">{t('captcha.pow.explain')}</p>
            <button type="button" class="button button-secondary" role="checkbox" aria-checked="false">
              {t('captcha.pow.start')}
            </button>
            <p role="status" class="live-note" data-pow-status></p>
          </div>
        </fieldset>
        <button type="submit" class="button" name="action" value="start">
          {model.submitLabel}
        </button>
      </form>
      {model.links.map((link) => (
        <p>
          <a href={link.href}>{link.label}</a>
        </p>
      ))}
    </Layout>
  );
}

/** The fields a recovery start form posts. */
export type RecoveryStartBody = {
  idNumber?: string;
  mobile?: string;
  captcha_id?: string;
  captcha_answer?: string;
  captcha_pow?: string;
  action?: string;
};

/** Reads the posted form: only single short strings are kept (a repeated or odd field counts as absent). */
export function readRecoveryStartBody(body: unknown): RecoveryStartBody {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const text = (name: string, max = 512) => {
    const value = form[name];
    return typeof value === 'string' && value.length <= max ? value : undefined;
  };
  const read: RecoveryStartBody = {};
  for (const name of ['idNumber', 'mobile', 'captcha_id', 'captcha_answer', 'action'] as const) {
    const value = text(name);
    if (value !== undefined) read[name] = value;
  }
  const pow = text('captcha_pow', 4096);
  if (pow) read.captcha_pow = pow;
  return read;
}

export function recoveryCaptchaOf(form: RecoveryStartBody): unknown {
  return form.captcha_pow ? { pow: form.captcha_pow } : { id: form.captcha_id, answer: form.captcha_answer };
}

export type RecoveryStartState = {
  values: { idNumber?: string | undefined; mobile?: string | undefined };
  errors?: FieldErrors | undefined;
  formError?: string | undefined;
  captcha: { id: string; image: string };
};

/**
 * GET and POST of a recovery start page. On any error the form comes back with its messages, the
 * ID and mobile typed so far and a new visual code; on success it redirects (303) where `start` says.
 */
export function recoveryStartRoutes(
  app: FastifyInstance,
  deps: HttpDependencies,
  page: {
    path: string;
    render(page: PageContext, state: RecoveryStartState): VNode;
    start(input: RecoveryInput, context: RecoveryContext): Promise<string>;
  },
): void {
  const show = async (request: FastifyRequest, reply: FastifyReply, state: Omit<RecoveryStartState, 'captcha'> & { status?: number }) => {
    const captcha = await deps.captcha.create();
    const { status, ...rest } = state;
    return sendPage(reply, page.render(pageContext(request, reply), { ...rest, captcha: { id: captcha.id, image: captcha.image } }), status ?? 200);
  };

  app.get(page.path, (request, reply) => show(request, reply, { values: {} }));

  app.post(page.path, { preHandler: app.csrfProtection, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (request, reply) => {
    const form = readRecoveryStartBody(request.body);
    const values = { idNumber: form.idNumber?.slice(0, 20), mobile: form.mobile?.slice(0, 20) };
    if (form.action === 'new_captcha') return show(request, reply, { values });
    try {
      const next = await page.start(
        { idNumber: form.idNumber, mobile: form.mobile, captcha: recoveryCaptchaOf(form) },
        { channel: 'web', language: request.language, ip: clientAddress(request), userAgent: request.headers['user-agent'] ?? '' },
      );
      return reply.redirect(next, 303);
    } catch (raw) {
      const error = toAppError(raw);
      if (error.code === 'internal' || error.code === 'csrf.invalid') throw raw;
      if (error.details.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.details.retryAfterSeconds));
      if (error.details.fields) return show(request, reply, { values, errors: error.details.fields, status: error.status });
      const formError = errorMessage(request.language, { code: error.code, params: { minutes: Math.ceil((error.details.retryAfterSeconds ?? 0) / 60) } });
      return show(request, reply, { values, formError, status: error.status });
    }
  });
}
