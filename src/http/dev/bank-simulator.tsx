// The bank simulator (development only, /dev/bank, absent in production like every dev route):
// a person picks a bank (Al Rajhi, ANB, SAIB, Banque Saudi Fransi) and a channel (internet banking,
// ATM, mobile app, phone banking), types an ID and the mobile the bank knows, and the simulator
// does what that bank's back end does — obtains a real client-credentials token from the platform's
// token endpoint and calls the real partner API over HTTP — then shows the answer. Guarantees:
// works without JavaScript, CSRF on its form, Arabic or English (?lang= or the site's cookie); a
// page carries one Idempotency-Key, so submitting the same page twice replays the first answer.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import formbody from '@fastify/formbody';
import csrf from '@fastify/csrf-protection';
import { isLanguage } from '../../i18n/i18n.ts';
import { normaliseInput } from '../../core/identity/digits.ts';
import { bankChannels, isBankChannel, type BankChannel } from '../../core/partners/bank-activation.ts';
import type { HttpDependencies } from '../dependencies.ts';
import type { PartnerSimulatorSupport } from '../partner/dependencies.ts';
import { CsrfField, ErrorSummary, TextField } from '../shared/forms.tsx';
import { Layout, type PageContext } from '../shared/layout.tsx';
import { pageContext, sendPage } from '../shared/render.ts';
import { PartnerClient, answerError, ownBaseUrl, type PartnerCall } from './bank-simulator-client.ts';

export const simulatedBanks = ['alrajhi', 'anb', 'saib', 'bsf'] as const;
export type SimulatedBank = (typeof simulatedBanks)[number];
const channels = Object.keys(bankChannels) as BankChannel[];

const languageCookie = '__Host-absher-lang';
const csrfCookie = '__Host-absher-csrf';

/** The language of a simulator request: ?lang=, else the site's language cookie, else Arabic. */
export async function registerSimulatorBasics(app: FastifyInstance): Promise<void> {
  await app.register(formbody);
  await app.register(csrf, {
    cookieKey: csrfCookie,
    cookieOpts: { path: '/', secure: true, httpOnly: true, sameSite: 'lax', signed: false },
    getToken: (request) => (request.body as Record<string, string> | undefined)?._csrf,
  });
  app.addHook('onRequest', async (request) => {
    const asked = (request.query as Record<string, unknown> | undefined)?.lang;
    const remembered = request.cookies[languageCookie];
    request.language = isLanguage(asked) ? asked : isLanguage(remembered) ? remembered : 'ar';
  });
}

type BankForm = { bank: string; channel: string; idNumber: string; mobile: string; idempotencyKey: string };
type Outcome = { call: PartnerCall; bank: SimulatedBank; channel: BankChannel; reference: string; idempotencyKey: string };

export async function bankSimulator(app: FastifyInstance, deps: HttpDependencies, support: PartnerSimulatorSupport): Promise<void> {
  await registerSimulatorBasics(app);

  const show = (request: FastifyRequest, reply: FastifyReply, form: Partial<BankForm>, extra: { outcome?: Outcome; errors?: Record<string, string[]>; status?: number } = {}) =>
    sendPage(reply, <BankSimulatorView page={pageContext(request, reply)} form={form} newKey={crypto.randomUUID()} {...extra} />, extra.status ?? 200);

  app.get('/', async (request, reply) => show(request, reply, { bank: 'alrajhi', channel: 'internet_banking' }));

  app.post('/', { preHandler: app.csrfProtection }, async (request, reply) => {
    const t = pageContext(request, reply, false).t;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form: BankForm = {
      bank: typeof body.bank === 'string' ? body.bank : '',
      channel: typeof body.channel === 'string' ? body.channel : '',
      idNumber: normaliseInput(body.idNumber).slice(0, 20),
      mobile: normaliseInput(body.mobile).slice(0, 20),
      idempotencyKey: typeof body.idempotencyKey === 'string' && /^[0-9a-f-]{36}$/.test(body.idempotencyKey) ? body.idempotencyKey : crypto.randomUUID(),
    };
    const bank = simulatedBanks.find((candidate) => candidate === form.bank);
    const channel = isBankChannel(form.channel) ? form.channel : null;
    const errors: Record<string, string[]> = {};
    if (!bank) errors['bank-alrajhi'] = [t('banksim.bank_required')];
    if (!channel) errors['channel-internet_banking'] = [t('banksim.channel_required')];
    if (!bank || !channel) return show(request, reply, form, { errors, status: 422 });

    const client = new PartnerClient(ownBaseUrl(app, deps.publicUrl), support, request.language);
    const reference = `${bank.toUpperCase()}-${form.idempotencyKey.slice(0, 8).toUpperCase()}`;
    const token = await client.token(`bank-${bank}`, 'activation');
    const call =
      'refused' in token
        ? token.refused
        : await client.call(
            'POST',
            '/api/v1/partner/activations',
            token.token,
            { idNumber: form.idNumber, mobile: form.mobile, channel, reference },
            { 'idempotency-key': form.idempotencyKey },
          );
    return show(request, reply, form, { outcome: { call, bank, channel, reference, idempotencyKey: form.idempotencyKey } });
  });
}

/** Label–value pairs of a partner answer. */
export function AnswerFacts(props: { rows: Array<[string, ComponentChildren]> }) {
  return (
    <dl class="id-card-fields">
      {props.rows.map(([label, value]) => (
        <div>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function BankSimulatorView(props: { page: PageContext; form: Partial<BankForm>; newKey: string; outcome?: Outcome; errors?: Record<string, string[]> }) {
  const { page, form, outcome } = props;
  const { t, language } = page;
  const errors = props.errors ?? {};
  const failure = outcome ? answerError(outcome.call) : null;
  const result = outcome && !failure ? String(outcome.call.body.result ?? '') : null;
  const fieldErrors = (outcome?.call.body.error as { fields?: Record<string, Array<{ message: string }>> } | undefined)?.fields ?? {};
  const messagesOf = (field: string) => [...(errors[field] ?? []), ...(fieldErrors[field] ?? []).map((item) => item.message)];
  return (
    <Layout page={page} title={t('banksim.title')}>
      <h1>{t('banksim.title')}</h1>
      <p class="lead">{t('banksim.intro')}</p>
      <ErrorSummary
        t={t}
        fields={[
          { id: 'bank-alrajhi', messages: errors['bank-alrajhi'] ?? [] },
          { id: 'channel-internet_banking', messages: errors['channel-internet_banking'] ?? [] },
          { id: 'idNumber', messages: messagesOf('idNumber') },
          { id: 'mobile', messages: messagesOf('mobile') },
        ]}
      />
      {outcome && (
        <section class={failure ? 'panel panel-invalid' : 'panel panel-success'} aria-labelledby="banksim-result-title" role="status">
          <h2 id="banksim-result-title">{failure ? t('banksim.result.refused') : t(`banksim.result.${result === 'activated' ? 'activated' : 'already_active'}`)}</h2>
          {failure && <p>{failure.message}</p>}
          <AnswerFacts
            rows={[
              [t('banksim.answer.status'), <bdi dir="ltr">{String(outcome.call.status)}</bdi>],
              [t('banksim.answer.code'), <bdi dir="ltr" data-testid="banksim-code">{failure ? failure.code : String(result)}</bdi>],
              [t('banksim.answer.bank'), t(`banksim.bank.${outcome.bank}`)],
              [t('banksim.answer.channel'), t(`banksim.channel.${outcome.channel}`)],
              [t('banksim.answer.reference'), <bdi dir="ltr">{outcome.reference}</bdi>],
            ]}
          />
        </section>
      )}
      <form method="post" action={`/dev/bank?lang=${language}`} class="form" novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="idempotencyKey" value={props.newKey} />
        <fieldset class={errors['bank-alrajhi'] ? 'field field-invalid' : 'field'}>
          <legend class="field-label">{t('banksim.bank')}</legend>
          <div class="choices">
            {simulatedBanks.map((bank) => (
              <div class="choice">
                <input type="radio" id={`bank-${bank}`} name="bank" value={bank} checked={form.bank === bank} />
                <label for={`bank-${bank}`}>{t(`banksim.bank.${bank}`)}</label>
              </div>
            ))}
          </div>
        </fieldset>
        <fieldset class={errors['channel-internet_banking'] ? 'field field-invalid' : 'field'}>
          <legend class="field-label">{t('banksim.channel')}</legend>
          <div class="choices">
            {channels.map((channel) => (
              <div class="choice">
                <input type="radio" id={`channel-${channel}`} name="channel" value={channel} checked={form.channel === channel} />
                <label for={`channel-${channel}`}>{t(`banksim.channel.${channel}`)}</label>
              </div>
            ))}
          </div>
        </fieldset>
        <TextField
          id="idNumber"
          name="idNumber"
          label={t('banksim.id_number')}
          errors={messagesOf('idNumber')}
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
          label={t('banksim.mobile')}
          hint={t('banksim.mobile_hint')}
          errors={messagesOf('mobile')}
          value={form.mobile}
          inputMode="tel"
          autocomplete="off"
          dir="ltr"
          maxLength={20}
          required
        />
        <button type="submit" class="button">
          {t('banksim.submit')}
        </button>
      </form>
    </Layout>
  );
}
