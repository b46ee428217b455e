// The self-service kiosk simulator (development only, /dev/kiosk, absent in production): a person
// chooses what to do (activate, update the mobile, pause the account), types their ID (and a mobile
// for a new number or a new account), puts a finger on the scanner — the simulator presents their
// enrolled finger or a wrong one — then types the code sent to the mobile. The simulator is the
// kiosk device's back end: a real client-credentials token (`kiosk-riyadh-01`, scope kiosk) and the
// real kiosk API over HTTP. Guarantees: works without JavaScript, CSRF on every form, Arabic or
// English; errors are the API's own, localised, linked to their fields.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { normaliseInput } from '../../core/identity/digits.ts';
import { isUuid } from '../../core/flows/state-machine.ts';
import { kioskActions, type KioskAction } from '../../core/partners/kiosk/flow.ts';
import type { HttpDependencies } from '../dependencies.ts';
import type { PartnerSimulatorSupport } from '../partner/dependencies.ts';
import { CsrfField, ErrorSummary, TextField } from '../shared/forms.tsx';
import { Layout, type PageContext } from '../shared/layout.tsx';
import { pageContext, sendPage } from '../shared/render.ts';
import { AnswerFacts, registerSimulatorBasics } from './bank-simulator.tsx';
import { PartnerClient, answerError, ownBaseUrl, type PartnerCall } from './bank-simulator-client.ts';

export const simulatedKiosk = 'kiosk-riyadh-01';
const fingers = ['matching', 'wrong'] as const;
type Finger = (typeof fingers)[number];

type StartForm = { action: string; idNumber: string; mobile: string; finger: string };
type Problem = { message: string; fields: Record<string, string[]> };

function problemOf(call: PartnerCall): Problem | null {
  const error = answerError(call);
  if (!error) return null;
  const raw = (call.body.error as { fields?: Record<string, Array<{ message: string }>> } | undefined)?.fields ?? {};
  const fields = Object.fromEntries(Object.entries(raw).map(([field, list]) => [field, list.map((item) => item.message)]));
  return { message: error.message, fields };
}

export async function kioskSimulator(app: FastifyInstance, deps: HttpDependencies, support: PartnerSimulatorSupport): Promise<void> {
  await registerSimulatorBasics(app);

  const client = (request: FastifyRequest) => new PartnerClient(ownBaseUrl(app, deps.publicUrl), support, request.language);
  const token = async (partner: PartnerClient): Promise<{ token: string } | { problem: Problem }> => {
    const answer = await partner.token(simulatedKiosk, 'kiosk');
    return 'token' in answer ? answer : { problem: problemOf(answer.refused) ?? { message: `HTTP ${answer.refused.status}`, fields: {} } };
  };
  const page = (request: FastifyRequest, reply: FastifyReply) => pageContext(request, reply);

  const showStart = (request: FastifyRequest, reply: FastifyReply, form: Partial<StartForm>, problem?: Problem, status = 200) =>
    sendPage(reply, <KioskStartView page={page(request, reply)} form={form} {...(problem ? { problem } : {})} />, status);

  app.get('/', async (request, reply) => showStart(request, reply, { action: 'activate', finger: 'matching' }));

  app.post('/', { preHandler: app.csrfProtection }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form: StartForm = {
      action: kioskActions.find((candidate) => candidate === body.action) ?? 'activate',
      idNumber: normaliseInput(body.idNumber).slice(0, 20),
      mobile: normaliseInput(body.mobile).slice(0, 20),
      finger: fingers.find((candidate) => candidate === body.finger) ?? 'matching',
    };
    const partner = client(request);
    const granted = await token(partner);
    if ('problem' in granted) return showStart(request, reply, form, granted.problem, 502);
    const fingerprint = await support.presentFinger(form.idNumber.replace(/\D/g, ''), form.finger as Finger);
    const call = await partner.call('POST', '/api/v1/kiosk/operations', granted.token, {
      action: form.action,
      idNumber: form.idNumber,
      fingerprint,
      ...(form.mobile ? { mobile: form.mobile } : {}),
      language: request.language,
    });
    const problem = problemOf(call);
    if (problem) return showStart(request, reply, form, problem, call.status);
    return sendPage(reply, <KioskCodeView page={page(request, reply)} operation={call.body} />);
  });

  app.post('/code', { preHandler: app.csrfProtection }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const operationId = typeof body.operationId === 'string' && isUuid(body.operationId) ? body.operationId : '';
    if (!operationId) return showStart(request, reply, { action: 'activate', finger: 'matching' });
    const partner = client(request);
    const granted = await token(partner);
    if ('problem' in granted) return showStart(request, reply, { action: 'activate', finger: 'matching' }, granted.problem, 502);
    const resend = body.intent === 'resend';
    const path = `/api/v1/kiosk/operations/${operationId}/otp${resend ? '/resend' : ''}`;
    const call = await partner.call('POST', path, granted.token, resend ? {} : { code: normaliseInput(body.code).slice(0, 12) });
    const problem = problemOf(call);
    if (!problem && !resend && call.body.state === 'completed') return sendPage(reply, <KioskDoneView page={page(request, reply)} operation={call.body} />);
    const current = await partner.call('GET', `/api/v1/kiosk/operations/${operationId}`, granted.token);
    if (answerError(current)) return showStart(request, reply, { action: 'activate', finger: 'matching' }, problem ?? problemOf(current) ?? undefined, current.status);
    return sendPage(reply, <KioskCodeView page={page(request, reply)} operation={current.body} {...(problem ? { problem } : {})} resent={resend && !problem} />, problem ? call.status : 200);
  });
}

function KioskStartView(props: { page: PageContext; form: Partial<StartForm>; problem?: Problem }) {
  const { page, form, problem } = props;
  const { t, language } = page;
  const fields = problem?.fields ?? {};
  const fieldIds: Record<string, string> = { idNumber: 'idNumber', mobile: 'mobile', fingerprint: 'finger-matching', action: 'action-activate' };
  const whole = problem && Object.keys(fields).length === 0 ? [problem.message] : [];
  return (
    <Layout page={page} title={t('kiosk.sim.title')}>
      <h1>{t('kiosk.sim.title')}</h1>
      <p class="lead">{t('kiosk.sim.intro')}</p>
      <ErrorSummary
        t={t}
        fields={[
          { messages: whole },
          ...Object.entries(fields).map(([field, messages]) => ({ id: fieldIds[field], messages })),
        ]}
      />
      <form method="post" action={`/dev/kiosk?lang=${language}`} class="form" novalidate>
        <CsrfField token={page.csrfToken} />
        <fieldset class="field">
          <legend class="field-label">{t('kiosk.sim.action')}</legend>
          <div class="choices">
            {kioskActions.map((action: KioskAction) => (
              <div class="choice">
                <input type="radio" id={`action-${action}`} name="action" value={action} checked={form.action === action} />
                <label for={`action-${action}`}>{t(`kiosk.sim.action.${action}`)}</label>
              </div>
            ))}
          </div>
        </fieldset>
        <TextField
          id="idNumber"
          name="idNumber"
          label={t('kiosk.sim.id_number')}
          errors={fields.idNumber ?? []}
          value={form.idNumber}
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
          label={t('kiosk.sim.mobile')}
          hint={t('kiosk.sim.mobile_hint')}
          errors={fields.mobile ?? []}
          value={form.mobile}
          inputMode="tel"
          autocomplete="off"
          dir="ltr"
          maxLength={20}
        />
        <fieldset class={fields.fingerprint ? 'field field-invalid' : 'field'}>
          <legend class="field-label">{t('kiosk.sim.finger')}</legend>
          <div class="choices">
            {fingers.map((finger) => (
              <div class="choice">
                <input type="radio" id={`finger-${finger}`} name="finger" value={finger} checked={form.finger === finger} />
                <label for={`finger-${finger}`}>{t(`kiosk.sim.finger.${finger}`)}</label>
              </div>
            ))}
          </div>
        </fieldset>
        <button type="submit" class="button">
          {t('kiosk.sim.scan')}
        </button>
      </form>
    </Layout>
  );
}

function KioskCodeView(props: { page: PageContext; operation: Record<string, unknown>; problem?: Problem; resent?: boolean }) {
  const { page, operation, problem } = props;
  const { t, language } = page;
  const action = String(operation.action ?? 'activate');
  const codeErrors = problem ? [problem.message] : [];
  return (
    <Layout page={page} title={t('kiosk.sim.code_title')}>
      <h1>{t('kiosk.sim.code_title')}</h1>
      <ErrorSummary t={t} fields={[{ id: 'code', messages: codeErrors }]} />
      {props.resent && (
        <p class="notice" role="status">
          {t('kiosk.sim.resent')}
        </p>
      )}
      <p class="lead">
        {t(`kiosk.sim.code_intro.${action}`)} <bdi dir="ltr">{String(operation.mobileMasked ?? '')}</bdi>
      </p>
      {operation.createsAccount === true && action === 'activate' && <p class="notice">{t('kiosk.sim.new_account_note')}</p>}
      <form method="post" action={`/dev/kiosk/code?lang=${language}`} class="form" novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="operationId" value={String(operation.operationId ?? '')} />
        <TextField id="code" name="code" label={t('kiosk.sim.code')} errors={codeErrors} inputMode="numeric" autocomplete="one-time-code" dir="ltr" maxLength={12} short />
        <div class="actions">
          <button type="submit" name="intent" value="verify" class="button">
            {t('kiosk.sim.confirm')}
          </button>
          <button type="submit" name="intent" value="resend" class="button button-secondary">
            {t('kiosk.sim.resend')}
          </button>
        </div>
      </form>
    </Layout>
  );
}

function KioskDoneView(props: { page: PageContext; operation: Record<string, unknown> }) {
  const { page, operation } = props;
  const { t, language } = page;
  const result = String(operation.result ?? '');
  return (
    <Layout page={page} title={t('kiosk.sim.done_title')}>
      <section class="panel panel-success" role="status" aria-labelledby="kiosk-done-title">
        <h1 id="kiosk-done-title">{t('kiosk.sim.done_title')}</h1>
        <p data-testid="kiosk-result">{t(`kiosk.sim.result.${result}`)}</p>
        <AnswerFacts
          rows={[
            [t('kiosk.sim.answer.result'), <bdi dir="ltr">{result}</bdi>],
            [t('kiosk.sim.answer.mobile'), <bdi dir="ltr">{String(operation.mobileMasked ?? '')}</bdi>],
            ...(typeof operation.username === 'string' ? ([[t('kiosk.sim.answer.username'), <bdi dir="ltr">{operation.username}</bdi>]] as Array<[string, ComponentChildren]>) : []),
          ]}
        />
        {typeof operation.username === 'string' && <p>{t('kiosk.sim.temporary_password_note')}</p>}
      </section>
      <p>
        <a href={`/dev/kiosk?lang=${language}`}>{t('kiosk.sim.again')}</a>
      </p>
    </Layout>
  );
}
