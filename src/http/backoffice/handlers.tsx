// The back office's routes: sign-in and sign-out, search, an account and its actions, the printed
// form's lookup and activation, officer management. Guarantees: every action is a POST with CSRF
// that answers 303 to the account page on success (so a reload never repeats it) or re-renders the
// page with the errors; every call goes through the core service, which checks the role.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { BackofficeHttp } from '../dependencies.ts';
import { AppError } from '../../core/errors.ts';
import { sendPage } from '../shared/render.ts';
import { toAppError } from '../shared/error-mapping.ts';
import { clientAddress } from '../shared/request-context.ts';
import { errorMessage } from '../../i18n/i18n.ts';
import { clearOfficeCookie, requireOfficer, safeOfficeNext, setOfficeCookie } from './context.ts';
import { officePage } from './pages.tsx';
import { AccountView, EnrolmentView, FormLookupView, OfficersView, SearchView, SignInView, type AccountAction } from './views.tsx';

type Body = Record<string, unknown>;

const bodyOf = (request: FastifyRequest): Body => (request.body ?? {}) as Body;
const queryOf = (request: FastifyRequest): Record<string, unknown> => (request.query ?? {}) as Record<string, unknown>;
const text = (value: unknown, max = 100): string => (typeof value === 'string' ? value.slice(0, max) : '');

/** The ticked checks of a form (fields named check_<name>). */
function checksOf(body: Body): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => key.startsWith('check_')).map(([key, value]) => [key.slice(6), value]));
}

/** An error a page shows in its form (validation), as opposed to one that needs the error page. */
function isFormError(error: AppError): boolean {
  return error.code === 'validation.failed' || error.code === 'backoffice.activation_refused' || error.code === 'backoffice.wrong_status' || error.code === 'backoffice.cannot_disable_self';
}

export function backofficeRoutes(app: FastifyInstance, office: BackofficeHttp): void {
  const signedIn = { preHandler: requireOfficer };
  const signedInForm = { preHandler: [requireOfficer, app.csrfProtection] };
  const principal = (request: FastifyRequest) => request.office!.officer;

  app.get('/', async (request, reply) => reply.redirect(request.office ? '/backoffice/search' : '/backoffice/login', 303));

  app.get('/login', async (request, reply) => {
    const next = queryOf(request).next;
    if (request.office) return reply.redirect(safeOfficeNext(next), 303);
    return sendPage(reply, <SignInView page={officePage(request, reply)} {...(typeof next === 'string' ? { next: safeOfficeNext(next) } : {})} />);
  });

  app.post('/login', { preHandler: app.csrfProtection, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
    const body = bodyOf(request);
    try {
      const signed = await office.auth.signIn(
        { username: body.username, password: body.password, code: body.code },
        { ip: clientAddress(request), userAgent: request.headers['user-agent'] ?? '' },
      );
      setOfficeCookie(reply, signed.token);
      return reply.redirect(safeOfficeNext(queryOf(request).next), 303);
    } catch (raw) {
      const error = toAppError(raw);
      if (error.code === 'internal' || error.code === 'csrf.invalid' || error.code === 'rate.limited') throw raw;
      if (error.details.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.details.retryAfterSeconds));
      const page = officePage(request, reply);
      const username = text(body.username, 64);
      const next = queryOf(request).next;
      const keep = typeof next === 'string' ? { next: safeOfficeNext(next) } : {};
      if (error.code === 'validation.failed') {
        return sendPage(reply, <SignInView page={page} username={username} errors={error.details.fields} {...keep} />, 422);
      }
      const problem = errorMessage(request.language, { code: error.code, params: { minutes: Math.ceil((error.details.retryAfterSeconds ?? 0) / 60) } });
      return sendPage(reply, <SignInView page={page} username={username} problem={problem} {...keep} />, error.status);
    }
  });

  app.post('/logout', { preHandler: app.csrfProtection }, async (request, reply) => {
    if (request.office) await office.auth.signOut(request.office);
    clearOfficeCookie(reply);
    return reply.redirect('/backoffice/login', 303);
  });

  app.get('/search', signedIn, async (request, reply) => sendPage(reply, <SearchView page={officePage(request, reply)} />));

  // A POST, so the ID number stays out of addresses, browser history and request logs.
  app.post('/search', signedInForm, async (request, reply) => {
    const idNumber = text(bodyOf(request).idNumber, 30);
    const page = officePage(request, reply);
    try {
      const account = await office.service.search(principal(request), idNumber);
      if (account) return reply.redirect(`/backoffice/accounts/${account.id}`, 303);
      return sendPage(reply, <SearchView page={page} idNumber={idNumber} notFound />, 404);
    } catch (raw) {
      const error = toAppError(raw);
      if (error.code !== 'validation.failed') throw raw;
      return sendPage(reply, <SearchView page={page} idNumber={idNumber} errors={error.details.fields} />, 422);
    }
  });

  const showAccount = async (
    request: FastifyRequest,
    reply: FastifyReply,
    accountId: string,
    state: { done?: string; failed?: { action: AccountAction; error: AppError } } = {},
  ) => {
    const details = await office.service.view(principal(request), accountId);
    const failed = state.failed
      ? {
          action: state.failed.action,
          ...(state.failed.error.details.fields ? { errors: state.failed.error.details.fields } : {}),
          ...(state.failed.error.code !== 'validation.failed' ? { problem: errorMessage(request.language, state.failed.error) } : {}),
        }
      : undefined;
    return sendPage(
      reply,
      <AccountView page={officePage(request, reply)} details={details} {...(state.done ? { done: state.done } : {})} {...(failed ? { failed } : {})} />,
      state.failed ? state.failed.error.status : 200,
    );
  };

  app.get<{ Params: { id: string } }>('/accounts/:id', signedIn, async (request, reply) => {
    const done = text(queryOf(request).done, 40);
    return showAccount(request, reply, request.params.id, /^[a-z_]+$/.test(done) ? { done } : {});
  });

  const accountAction = (action: AccountAction, run: (request: FastifyRequest<{ Params: { id: string } }>) => Promise<string>) => {
    app.post<{ Params: { id: string } }>(`/accounts/:id/${action}`, signedInForm, async (request, reply) => {
      try {
        const done = await run(request);
        return reply.redirect(`/backoffice/accounts/${request.params.id}?done=${done}`, 303);
      } catch (raw) {
        const error = toAppError(raw);
        if (!isFormError(error)) throw raw;
        return showAccount(request, reply, request.params.id, { failed: { action, error } });
      }
    });
  };

  accountAction('activate', async (request) => {
    const result = await office.service.activateInPerson(principal(request), request.params.id, checksOf(bodyOf(request)));
    return result.outcome;
  });
  accountAction('unlock', async (request) => {
    const result = await office.service.unlock(principal(request), request.params.id);
    return result.wasLocked ? 'unlocked' : 'nothing_to_unlock';
  });
  accountAction('mobile', async (request) => {
    const body = bodyOf(request);
    await office.service.resetMobile(principal(request), request.params.id, text(body.mobile, 30), checksOf(body));
    return 'mobile_reset';
  });
  accountAction('suspend', async (request) => {
    await office.service.suspend(principal(request), request.params.id, text(bodyOf(request).reason, 400));
    return 'suspended';
  });
  accountAction('reinstate', async (request) => {
    await office.service.reinstate(principal(request), request.params.id, text(bodyOf(request).reason, 400));
    return 'reinstated';
  });

  app.get('/forms', signedIn, async (request, reply) => {
    const reference = text(queryOf(request).reference, 40);
    const page = officePage(request, reply);
    if (reference === '') return sendPage(reply, <FormLookupView page={page} />);
    try {
      const found = await office.service.findForm(principal(request), reference);
      return sendPage(reply, <FormLookupView page={page} found={{ reference: found.record.reference, account: found.account, person: found.person }} />);
    } catch (raw) {
      const error = toAppError(raw);
      if (error.code !== 'validation.failed') throw raw;
      return sendPage(reply, <FormLookupView page={page} reference={reference} errors={error.details.fields} />, 422);
    }
  });

  app.post('/forms/activate', signedInForm, async (request, reply) => {
    const body = bodyOf(request);
    const reference = text(body.reference, 40);
    try {
      const result = await office.service.activateByForm(principal(request), reference, checksOf(body));
      return reply.redirect(`/backoffice/accounts/${result.account.id}?done=activated_by_form`, 303);
    } catch (raw) {
      const error = toAppError(raw);
      if (error.code !== 'validation.failed' && error.code !== 'backoffice.activation_refused') throw raw;
      const page = officePage(request, reply);
      const fields = error.details.fields ?? { reference: [{ code: error.code, ...(error.details.params ? { params: error.details.params } : {}) }] };
      // With a still-usable reference the holder's details stay on screen for the officer to tick the checks.
      const found = fields.reference ? null : await office.service.findForm(principal(request), reference).catch(() => null);
      return sendPage(
        reply,
        <FormLookupView page={page} reference={reference} errors={fields} {...(found ? { found: { reference: found.record.reference, account: found.account, person: found.person } } : {})} />,
        error.status,
      );
    }
  });

  app.get('/officers', signedIn, async (request, reply) => {
    const officers = await office.service.listOfficers(principal(request));
    return sendPage(reply, <OfficersView page={officePage(request, reply)} officers={officers} />);
  });

  app.post('/officers', signedInForm, async (request, reply) => {
    const body = bodyOf(request);
    const values = { username: text(body.username, 40), displayName: text(body.displayName, 100), role: text(body.role, 20) };
    try {
      const created = await office.service.createOfficer(principal(request), values);
      const qrDataUri = await QRCode.toDataURL(created.totpUri, { errorCorrectionLevel: 'M', margin: 2, width: 192 });
      return sendPage(
        reply,
        <EnrolmentView page={officePage(request, reply)} officer={created.officer} password={created.password} totpSecret={created.totpSecret} totpUri={created.totpUri} qrDataUri={qrDataUri} />,
        201,
      );
    } catch (raw) {
      const error = toAppError(raw);
      if (error.code !== 'validation.failed') throw raw;
      const officers = await office.service.listOfficers(principal(request));
      return sendPage(reply, <OfficersView page={officePage(request, reply)} officers={officers} errors={error.details.fields} values={values} />, 422);
    }
  });

  app.post<{ Params: { id: string } }>('/officers/:id/disable', signedInForm, async (request, reply) => {
    await office.service.disableOfficer(principal(request), request.params.id);
    return reply.redirect('/backoffice/officers', 303);
  });
}
