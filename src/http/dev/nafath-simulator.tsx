// The Nafath app simulator (development only, mounted at /dev/nafath beside the other sinks, and
// absent in production like them): a person enters their ID number, sees their waiting request
// (never its number: they read it on the site) and types the number to approve it, or refuses it.
// `GET /dev/nafath/requests?id=` and `POST /dev/nafath/answers` do the same in JSON for tests.
// Guarantees: the page works without JavaScript, checks CSRF on its form, is in Arabic or English
// (?lang=, or the site's language cookie), and answers only through the reference service's own
// rules (a wrong number rejects; a request is decided once; a late answer finds it expired).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import csrf from '@fastify/csrf-protection';
import { isLanguage, translator } from '../../i18n/i18n.ts';
import { normaliseInput } from '../../core/identity/digits.ts';
import { isUuid } from '../../core/flows/state-machine.ts';
import type { Clock, NafathStatus } from '../../core/ports.ts';
import { CsrfField, ErrorSummary, TextField } from '../shared/forms.tsx';
import { Layout, type PageContext } from '../shared/layout.tsx';
import { sendPage } from '../shared/render.ts';
import { formatCountdown } from '../pages/activate-nafath/view.tsx';

/** What the simulator needs of a Nafath implementation's app side (the reference one has it). */
export interface NafathApp {
  waitingRequest(nationalId: string): Promise<{ transactionId: string; service: string; createdAt: Date; expiresAt: Date } | null>;
  answer(
    nationalId: string,
    transactionId: string,
    answer: { kind: 'number'; number: string } | { kind: 'reject' },
  ): Promise<{ kind: 'decided'; status: 'completed' | 'rejected' } | { kind: 'not_waiting'; status: NafathStatus } | { kind: 'not_found' }>;
}

/** The site's language cookie (src/http/app.ts), read so the simulator speaks the language the person chose. */
const languageCookie = '__Host-absher-lang';
const results = ['completed', 'rejected', 'expired', 'not_found', 'not_waiting'] as const;
type Result = (typeof results)[number];

function readId(raw: unknown): string {
  const value = normaliseInput(raw).replace(/\s+/g, '');
  return /^\d{10}$/.test(value) ? value : '';
}

export async function nafathSimulator(app: FastifyInstance, nafath: NafathApp, clock: Clock): Promise<void> {
  await app.register(formbody);
  await app.register(csrf, {
    cookieKey: '__Host-absher-csrf',
    cookieOpts: { path: '/', secure: true, httpOnly: true, sameSite: 'lax', signed: false },
    getToken: (request) => (request.body as Record<string, string> | undefined)?._csrf,
  });

  const page = (request: FastifyRequest, reply: FastifyReply): PageContext => {
    const asked = (request.query as Record<string, unknown> | undefined)?.lang;
    const remembered = request.cookies[languageCookie];
    const language = isLanguage(asked) ? asked : isLanguage(remembered) ? remembered : 'ar';
    return { language, t: translator(language), currentUrl: request.url, csrfToken: reply.generateCsrf() };
  };

  app.get('/', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const nationalId = readId(query.id);
    const result = results.find((candidate) => candidate === query.result);
    const waiting = nationalId ? await nafath.waitingRequest(nationalId) : null;
    const context = page(request, reply);
    const secondsLeft = waiting ? Math.max(0, Math.ceil((waiting.expiresAt.getTime() - clock.now().getTime()) / 1000)) : 0;
    return sendPage(
      reply,
      <SimulatorView
        page={context}
        nationalId={nationalId}
        idError={query.id !== undefined && !nationalId}
        waiting={waiting}
        secondsLeft={secondsLeft}
        numberError={query.error === 'number'}
        {...(result ? { result } : {})}
      />,
    );
  });

  app.post('/answer', { preHandler: app.csrfProtection }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const nationalId = readId(body.id);
    const transactionId = typeof body.transactionId === 'string' ? body.transactionId : '';
    const number = normaliseInput(body.number).replace(/\s+/g, '');
    const lang = isLanguage(body.lang) ? `&lang=${body.lang}` : '';
    if (!nationalId || !isUuid(transactionId)) return reply.redirect(`/dev/nafath?result=not_found${lang}`, 303);
    if (body.action !== 'reject' && !/^\d{2}$/.test(number)) return reply.redirect(`/dev/nafath?id=${nationalId}&error=number${lang}`, 303);
    const outcome = await nafath.answer(nationalId, transactionId, body.action === 'reject' ? { kind: 'reject' } : { kind: 'number', number });
    const result: Result = outcome.kind === 'decided' ? outcome.status : outcome.kind === 'not_found' ? 'not_found' : outcome.status === 'expired' ? 'expired' : 'not_waiting';
    return reply.redirect(`/dev/nafath?id=${nationalId}&result=${result}${lang}`, 303);
  });

  app.get('/requests', async (request, reply) => {
    const nationalId = readId((request.query as Record<string, unknown>).id);
    if (!nationalId) return reply.code(400).send({ error: { code: 'request.malformed', message: 'id must be a 10-digit ID number' } });
    const waiting = await nafath.waitingRequest(nationalId);
    return { request: waiting ? { transactionId: waiting.transactionId, service: waiting.service, expiresAt: waiting.expiresAt.toISOString() } : null };
  });

  app.post('/answers', async (request, reply) => {
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
    const nationalId = readId(body.id);
    const transactionId = typeof body.transactionId === 'string' ? body.transactionId : '';
    if (!nationalId || !isUuid(transactionId)) return reply.code(400).send({ error: { code: 'request.malformed', message: 'id and transactionId are required' } });
    const answer = body.action === 'reject' ? ({ kind: 'reject' } as const) : ({ kind: 'number', number: normaliseInput(body.number) } as const);
    return nafath.answer(nationalId, transactionId, answer);
  });
}

function SimulatorView(props: {
  page: PageContext;
  nationalId: string;
  idError: boolean;
  waiting: { transactionId: string; service: string; expiresAt: Date } | null;
  secondsLeft: number;
  numberError: boolean;
  result?: Result;
}) {
  const { page, waiting } = props;
  const { t, language } = page;
  const resultMessage = props.result ? t(`nafath.sim.result.${props.result}`) : null;
  return (
    <Layout page={page} title={t('nafath.sim.title')}>
      <h1>{t('nafath.sim.title')}</h1>
      <p class="lead">{t('nafath.sim.intro')}</p>
      <ErrorSummary
        t={t}
        fields={[
          { id: 'sim-id', messages: props.idError ? [t('nafath.sim.id_invalid')] : [] },
          { id: 'sim-number', messages: props.numberError ? [t('nafath.sim.number_invalid')] : [] },
        ]}
      />
      {resultMessage && (
        <div class={props.result === 'completed' ? 'panel panel-success' : 'panel panel-invalid'} role="status">
          <p>{resultMessage}</p>
        </div>
      )}
      <form method="get" action="/dev/nafath" class="form" novalidate>
        <input type="hidden" name="lang" value={language} />
        <TextField
          id="sim-id"
          name="id"
          label={t('nafath.sim.id_label')}
          errors={props.idError ? [t('nafath.sim.id_invalid')] : []}
          value={props.nationalId}
          inputMode="numeric"
          dir="ltr"
          maxLength={10}
          short
          required
        />
        <button type="submit" class="button button-secondary">
          {t('nafath.sim.show_requests')}
        </button>
      </form>
      {props.nationalId && !waiting && <p class="notice">{t('nafath.sim.none_waiting')}</p>}
      {waiting && (
        <section class="panel" aria-labelledby="sim-request-title">
          <h2 id="sim-request-title">{t('nafath.sim.request_title')}</h2>
          <p>
            {t('nafath.sim.service')}{' '}
            <strong>
              <bdi lang="en" dir="ltr">
                {waiting.service}
              </bdi>
            </strong>
          </p>
          <p>
            {t('nafath.time_left')}{' '}
            <strong>
              <bdi dir="ltr">{formatCountdown(props.secondsLeft)}</bdi>
            </strong>
          </p>
          <form method="post" action="/dev/nafath/answer" class="form" novalidate>
            <CsrfField token={page.csrfToken} />
            <input type="hidden" name="id" value={props.nationalId} />
            <input type="hidden" name="transactionId" value={waiting.transactionId} />
            <input type="hidden" name="lang" value={language} />
            <TextField
              id="sim-number"
              name="number"
              label={t('nafath.sim.number_label')}
              hint={t('nafath.sim.number_hint')}
              errors={props.numberError ? [t('nafath.sim.number_invalid')] : []}
              inputMode="numeric"
              autocomplete="off"
              dir="ltr"
              maxLength={2}
              short
            />
            <div class="actions">
              <button type="submit" name="action" value="approve" class="button">
                {t('nafath.sim.approve')}
              </button>
              <button type="submit" name="action" value="reject" class="button button-secondary">
                {t('nafath.sim.reject')}
              </button>
            </div>
          </form>
        </section>
      )}
    </Layout>
  );
}
