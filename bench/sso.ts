// Single sign-on throughput: client-credentials tokens per second (a bank's `POST /oidc/token`,
// goal 500/s on 2 cores) and complete SSO round trips per second for people who already have an
// Absher session and have already consented (authorize → redirect to the portal's callback with a
// code → token exchange with the PKCE verifier → ID token verified), the relying party being
// `openid-client` in this process.
//
//   node --import tsx bench/sso.ts [--workers 1] [--connections 10,50] [--seconds 10]
//        [--concurrency 8] [--people 16] [--skip-cc] [--skip-sso] [--out FILE]
//
// For each worker count: a fresh PostgreSQL database, the platform as a child process
// (RATE_LIMITS=false, LOG_LEVEL=warn, a benchmark SECRET_KEY so the demo clients' secrets can be
// derived here), then: client credentials with autocannon at each connection count; then `--people`
// holders registered and signed in over the JSON API, each consenting once, and `--concurrency`
// virtual users doing round trips back to back for `--seconds`. Reports per second, p50/p99, errors
// and where the CPU went (see bench/README.md on reading CPU figures on a shared machine).
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import autocannon from 'autocannon';
import * as client from 'openid-client';
import { CpuMeter, formatCpu, waitForQuietMachine, type CpuSplit } from './lib/cpu.ts';
import { createBenchDatabase, defaultAdminUrl, freePort, startServer, waitForQuiet } from './lib/platform.ts';
import { Identities, codeIn, referenceRegistry, smsQuery } from './lib/identities.ts';
import { Samples, round } from './lib/stats.ts';
import { demoClientSecret, demoPortalClientId } from '../src/oidc/demo-clients.ts';

const { values: options } = parseArgs({
  options: {
    workers: { type: 'string', default: '1' },
    connections: { type: 'string', default: '10,50' },
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '8' },
    people: { type: 'string', default: '16' },
    population: { type: 'string', default: '2000' },
    'skip-cc': { type: 'boolean', default: false },
    'skip-sso': { type: 'boolean', default: false },
    'admin-url': { type: 'string', default: process.env.BENCH_ADMIN_URL ?? defaultAdminUrl },
    'no-wait-quiet': { type: 'boolean', default: false },
    'max-wait-quiet': { type: 'string', default: '300' },
    out: { type: 'string' },
  },
});
const seconds = Number(options.seconds);
const population = Number(options.population);
const secretKey = `bench-sso-secret-${'x'.repeat(32)}`;
const bankClientId = 'bank-alrajhi';

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

type Row = { workers: number; scenario: string; load: string; perSecond: number; p50: number; p99: number; errors: number; cpu: CpuSplit };
const rows: Row[] = [];

// ---------------------------------------------------------------------------------------------
// A cookie-carrying keep-alive HTTP client (one jar per person: the Absher session and the
// provider's own session cookies; cookies ignore ports, as in a browser).

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

class Person {
  readonly cookies = new Map<string, string>();
  readonly #agent: http.Agent;

  constructor(agent: http.Agent) {
    this.#agent = agent;
  }

  request(url: URL, method = 'GET', body?: string, headers: Record<string, string> = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          agent: this.#agent,
          host: url.hostname === 'localhost' ? '127.0.0.1' : url.hostname,
          port: url.port,
          method,
          path: `${url.pathname}${url.search}`,
          headers: {
            host: url.host,
            ...(this.cookies.size > 0 ? { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') } : {}),
            ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
            ...headers,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            for (const line of response.headers['set-cookie'] ?? []) {
              const [pair = ''] = line.split(';');
              const index = pair.indexOf('=');
              const name = pair.slice(0, index).trim();
              const value = pair.slice(index + 1);
              if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
              else this.cookies.set(name, value);
            }
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') });
          });
          response.on('error', reject);
        },
      );
      request.setTimeout(60_000, () => request.destroy(new Error(`timeout: ${method} ${url.pathname}`)));
      request.on('error', reject);
      request.end(body);
    });
  }

  json(base: string, path: string, payload?: unknown, method = 'POST'): Promise<Answer> {
    return this.request(new URL(path, base), method, payload === undefined ? undefined : JSON.stringify(payload), {
      accept: 'application/json',
      'accept-language': 'en',
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    });
  }
}

class StepError extends Error {
  constructor(step: string, answer: Answer | null, detail = '') {
    super(`${step}: ${answer ? `${answer.status} ${answer.body.slice(0, 200)}` : ''} ${detail}`.trim());
  }
}

async function smsCode(person: Person, base: string, mobile: string, purpose: string): Promise<string> {
  const started = performance.now();
  for (let polls = 1; ; polls += 1) {
    const inbox = await person.json(base, `/dev/sms?to=${smsQuery(mobile)}`, undefined, 'GET');
    const message = (JSON.parse(inbox.body) as Array<{ text: string; purpose: string }>).find((candidate) => candidate.purpose === purpose);
    const code = message ? codeIn(message.text) : undefined;
    if (code) return code;
    if (performance.now() - started > 30_000) throw new StepError('sms', inbox, `no ${purpose} code within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(20, polls * 2)));
  }
}

/** Registers a person over the JSON API, then signs in with the password and the SMS code: the jar holds an Absher session. */
async function signedInPerson(base: string, identities: Identities, agent: http.Agent): Promise<Person> {
  const person = new Person(agent);
  const captcha = await person.json(base, '/api/v1/captcha');
  if (captcha.status !== 201) throw new StepError('captcha', captcha);
  const { id } = JSON.parse(captcha.body) as { id: string };
  const answer = JSON.parse((await person.json(base, `/dev/captcha/${id}`, undefined, 'GET')).body) as { answer: string };
  const form = identities.form();
  const registered = await person.json(base, '/api/v1/registrations', { ...form.body, captcha: { id, answer: answer.answer } });
  if (registered.status !== 201) throw new StepError('register', registered);
  const { registrationId } = JSON.parse(registered.body) as { registrationId: string };
  const verified = await person.json(base, `/api/v1/registrations/${registrationId}/otp`, { code: await smsCode(person, base, form.mobile, 'registration') });
  if (verified.status !== 201) throw new StepError('registration otp', verified);

  const login = await person.json(base, '/api/v1/login', { login: form.body.username, password: form.body.password });
  if (login.status !== 200) throw new StepError('login', login);
  const { loginId } = JSON.parse(login.body) as { loginId: string };
  const signedIn = await person.json(base, `/api/v1/login/${loginId}/otp`, { code: await smsCode(person, base, form.mobile, 'login') });
  if (signedIn.status !== 200) throw new StepError('login otp', signedIn);
  return person;
}

/**
 * One authorization request in a browser's way: follows the platform's redirects (the provider, its
 * interaction with our session) until one goes to the portal's callback; `consent` answers a
 * consent page when one is shown (only the first time). Returns the callback URL with the code.
 */
async function authorize(person: Person, url: URL, redirectUri: string, consent: boolean): Promise<{ callback: URL; requests: number }> {
  let current = url;
  let method = 'GET';
  let body: string | undefined;
  for (let hops = 0; hops < 12; hops += 1) {
    const answer = await person.request(current, method, body, body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' });
    method = 'GET';
    body = undefined;
    if (answer.status >= 300 && answer.status < 400 && answer.headers.location) {
      const next = new URL(answer.headers.location, current);
      if (next.href.startsWith(redirectUri)) return { callback: next, requests: hops + 1 };
      current = next;
      continue;
    }
    if (answer.status === 200 && consent) {
      const form = consentForm(answer.body, current);
      if (form) {
        current = form.action;
        method = 'POST';
        body = form.body;
        continue;
      }
    }
    throw new StepError('authorize', answer, `at ${current.pathname}`);
  }
  throw new StepError('authorize', null, 'too many redirects');
}

/** The consent page's approving form: its action and its fields (CSRF token included), from the HTML. */
function consentForm(html: string, page: URL): { action: URL; body: string } | undefined {
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attributes = match[1] ?? '';
    const inner = match[2] ?? '';
    if (!/method="post"/i.test(attributes)) continue;
    const action = attributes.match(/action="([^"]*)"/)?.[1];
    const fields = new URLSearchParams();
    for (const input of inner.matchAll(/<input\b[^>]*>/g)) {
      const name = input[0].match(/name="([^"]+)"/)?.[1];
      const value = input[0].match(/value="([^"]*)"/)?.[1] ?? '';
      if (name && /type="hidden"/.test(input[0])) fields.set(name, value.replaceAll('&amp;', '&'));
    }
    const button = inner.match(/<button\b[^>]*name="([^"]+)"[^>]*value="([^"]*)"/);
    if (button?.[1]) fields.set(button[1], button[2] ?? '');
    if (/deny|cancel|abort|رفض/i.test(inner) && !/allow|approve|agree|confirm|yes|موافق/i.test(inner)) continue;
    return { action: new URL(action ?? page.href, page), body: fields.toString() };
  }
  return undefined;
}

/** CPU ms per unit for each party, and the rate two dedicated cores would reach with the same work. */
function perUnit(cpu: CpuSplit, perSecond: number): string {
  const ms = (cores: number) => (cores * 1000) / perSecond;
  const [server, postgres, generator] = [ms(cpu.server), ms(cpu.postgresBench), ms(cpu.loadGenerator)];
  const cores = availableParallelism();
  return `server ${round(server, 2)} ms CPU, postgres ${round(postgres, 2)} ms, load generator ${round(generator, 2)} ms → CPU-bound ceiling on ${cores} dedicated cores ${round((cores * 1000) / (server + postgres + generator), 0)}/s (${round((cores * 1000) / (server + postgres), 0)}/s with the load generator elsewhere)`;
}

async function runFor(workers: number): Promise<void> {
  if (!options['no-wait-quiet']) {
    const quiet = await waitForQuietMachine({ maxWaitSeconds: Number(options['max-wait-quiet']) });
    if (!quiet.quiet) log(`warning: the machine is busy with other work (${quiet.lastBusy.toFixed(2)} cores); results will be lower`);
  }
  const database = await createBenchDatabase(options['admin-url']);
  const portalPort = await freePort();
  const portalUrl = `http://localhost:${portalPort}`;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    server = await startServer({
      databaseUrl: database.url,
      workers,
      population,
      // The demo portal (started beside the platform) gets a free port; the bench is its relying party.
      env: { SECRET_KEY: secretKey, PORTAL_PORT: String(portalPort), PORTAL_URL: portalUrl },
    });
    const serverPid = server.pid;
    await waitForQuiet(serverPid);
    const base = server.url.replace('127.0.0.1', 'localhost');
    const issuer = new URL(`${base}/oidc`);
    log(`\n${workers} worker(s) (${server.entry}), database ${database.name}, issuer ${issuer.href}`);
    const meter = new CpuMeter({ serverPid: () => serverPid, databaseName: database.name });

    if (!options['skip-cc']) {
      const tokenUrl = `${server.url}/oidc/token`;
      const basic = `Basic ${Buffer.from(`${encodeURIComponent(bankClientId)}:${encodeURIComponent(demoClientSecret(secretKey, bankClientId))}`).toString('base64')}`;
      const request = {
        url: tokenUrl,
        method: 'POST' as const,
        headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded', host: new URL(base).host },
        body: 'grant_type=client_credentials&scope=activation',
      };
      const probe = await fetch(tokenUrl, { method: 'POST', headers: request.headers, body: request.body });
      const issued = (await probe.json()) as { access_token?: string; token_type?: string };
      if (probe.status !== 200 || !issued.access_token) throw new Error(`client credentials refused: ${probe.status} ${JSON.stringify(issued)}`);
      await autocannon({ ...request, connections: 10, duration: 3 }); // warm-up
      for (const connections of options.connections.split(',').map(Number)) {
        meter.start();
        const result = await autocannon({ ...request, connections, duration: seconds, timeout: 30 });
        const cpu = meter.stop();
        const perSecond = result.requests.total / result.duration;
        rows.push({ workers, scenario: 'client credentials', load: `${connections} connections`, perSecond: round(perSecond), p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors + result.timeouts, cpu });
        log(`  client credentials, ${connections} connections: ${round(perSecond)} tokens/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors + result.timeouts}`);
        log(`    ${formatCpu(cpu)}`);
        log(`    per token: ${perUnit(cpu, perSecond)}`);
      }
    }

    if (!options['skip-sso']) {
      const redirectUri = `${portalUrl}/callback`;
      const configuration = await client.discovery(issuer, demoPortalClientId, demoClientSecret(secretKey, demoPortalClientId), client.ClientSecretBasic(demoClientSecret(secretKey, demoPortalClientId)), {
        execute: [client.allowInsecureRequests],
      });
      let platformRequests = 0;
      const roundTrip = async (person: Person, consent: boolean) => {
        const verifier = client.randomPKCECodeVerifier();
        const state = client.randomState();
        const nonce = client.randomNonce();
        const url = client.buildAuthorizationUrl(configuration, {
          redirect_uri: redirectUri,
          scope: 'openid profile absher',
          code_challenge: await client.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          state,
          nonce,
          ui_locales: 'ar',
        });
        const { callback, requests } = await authorize(person, url, redirectUri, consent);
        platformRequests += requests + 1;
        const tokens = await client.authorizationCodeGrant(configuration, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
        if (!tokens.claims()?.sub) throw new Error('no subject in the ID token');
      };

      const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
      const identities = new Identities(referenceRegistry(20240101, population));
      const people: Person[] = [];
      const preparing = performance.now();
      for (let index = 0; index < Number(options.people); index += 1) {
        const person = await signedInPerson(base, identities, agent);
        await roundTrip(person, true); // the first authorization: consent, once
        people.push(person);
      }
      log(`  prepared ${people.length} signed-in holders who consented, in ${round((performance.now() - preparing) / 1000)} s`);
      for (let index = 0; index < 20; index += 1) await roundTrip(people[index % people.length]!, false); // warm-up

      const concurrency = Number(options.concurrency);
      platformRequests = 0;
      const latency = new Samples();
      let errors = 0;
      let done = 0;
      meter.start();
      const started = performance.now();
      const deadline = started + seconds * 1000;
      await Promise.all(
        Array.from({ length: concurrency }, async (_, user) => {
          for (let turn = 0; performance.now() < deadline; turn += 1) {
            const person = people[(user + turn * concurrency) % people.length]!;
            const begun = performance.now();
            try {
              await roundTrip(person, false);
              latency.add(performance.now() - begun);
              done += 1;
            } catch (error) {
              errors += 1;
              if (errors <= 3) process.stderr.write(`round trip failed: ${error instanceof Error ? error.message : String(error)}\n`);
            }
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      const cpu = meter.stop();
      agent.destroy();
      const perSecond = done / elapsed;
      const summary = latency.summary();
      rows.push({ workers, scenario: 'SSO round trip', load: `${concurrency} users`, perSecond: round(perSecond), p50: summary.p50, p99: summary.p99, errors, cpu });
      log(`  SSO round trips, ${concurrency} users: ${round(perSecond)}/s, p50 ${summary.p50} ms, p99 ${summary.p99} ms, errors ${errors}`);
      log(`    ${formatCpu(cpu)}`);
      log(`    per round trip: ${round(platformRequests / Math.max(1, done + errors), 1)} requests to the platform (authorize and its redirects, token), ` + perUnit(cpu, perSecond));
    }
  } finally {
    await server?.stop();
    await database.drop();
  }
}

log(`SSO benchmark — ${new Date().toISOString()}, ${availableParallelism()} cores, Node ${process.version}`);
for (const workers of options.workers.split(',').map(Number)) await runFor(workers);
log('\nsummary');
for (const row of rows) {
  log(`  ${row.workers} worker(s)  ${row.scenario.padEnd(20)} ${row.load.padEnd(16)} ${String(row.perSecond).padStart(8)}/s  p50 ${row.p50} ms  p99 ${row.p99} ms  errors ${row.errors}  server ${row.cpu.server.toFixed(2)} cores, postgres ${row.cpu.postgresBench.toFixed(2)}, load generator ${row.cpu.loadGenerator.toFixed(2)}, stolen ${row.cpu.steal.toFixed(2)}`);
}
if (options.out) {
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify({ date: new Date().toISOString(), cores: availableParallelism(), node: process.version, rows }, null, 2)}\n`);
  log(`results written to ${options.out}`);
}
