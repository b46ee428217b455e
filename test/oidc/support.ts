// Test support for single sign-on: a whole platform listening on a real port (the provider's issuer
// must be the URL a relying party reaches), with openid-client configured against it.
import { createServer } from 'node:net';
import * as client from 'openid-client';
import { startTestPlatform, type TestPlatform, type TestPlatformOptions } from '../helpers/platform.ts';
import { demoClientSecret } from '../../src/oidc/demo-clients.ts';

export type OidcTestPlatform = TestPlatform & { baseUrl: string; issuer: URL };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startOidcTestPlatform(options: TestPlatformOptions = {}): Promise<OidcTestPlatform> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const platform = await startTestPlatform({ ...options, env: { PORT: String(port), PUBLIC_URL: baseUrl, ...options.env } });
  await platform.app.listen({ host: '127.0.0.1', port });
  return Object.assign(platform, { baseUrl, issuer: new URL(`${baseUrl}/oidc`) });
}

/** openid-client discovery for a client authenticating with its development secret (client_secret_basic). */
export async function discoverWithSecret(platform: OidcTestPlatform, clientId: string, secret?: string): Promise<client.Configuration> {
  const clientSecret = secret ?? demoClientSecret(platform.config.secretKey, clientId);
  return client.discovery(platform.issuer, clientId, clientSecret, client.ClientSecretBasic(clientSecret), { execute: [client.allowInsecureRequests] });
}

/** A person's browser over real HTTP: a cookie jar and manual redirects, stopping at another origin. */
export class BrowserAgent {
  readonly #cookies = new Map<string, string>();
  readonly #origin: string;
  language: string | undefined;

  constructor(baseUrl: string) {
    this.#origin = new URL(baseUrl).origin;
  }

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ status: number; url: string; location: string | null; body: string; headers: Headers }> {
    const target = new URL(url, this.#origin);
    const headers: Record<string, string> = {};
    const cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (cookie && target.origin === this.#origin) headers.cookie = cookie;
    if (this.language) headers['accept-language'] = this.language;
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      redirect: 'manual',
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      if (/max-age=0/i.test(line) || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    const location = response.headers.get('location');
    return { status: response.status, url: target.href, location: location ? new URL(location, target).href : null, body: await response.text(), headers: response.headers };
  }

  /** Follows redirects on our origin; returns the last answer (a page) or the first redirect that leaves it. */
  async follow(url: string, init: { method?: string; form?: Record<string, string> } = {}) {
    let answer = await this.request(url, init);
    for (let hops = 0; hops < 20 && answer.status >= 300 && answer.status < 400 && answer.location; hops += 1) {
      if (new URL(answer.location).origin !== this.#origin) return answer;
      answer = await this.request(answer.location);
    }
    return answer;
  }

  cookie(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  forget(name: string): void {
    this.#cookies.delete(name);
  }
}

export function csrfOf(html: string): string {
  const token = html.match(/name="_csrf" value="([^"]+)"/)?.[1];
  if (!token) throw new Error('no CSRF token on the page');
  return token;
}

/** Signs in on our own pages (password, then the SMS code), starting from the sign-in page the agent is on. */
export async function signInOnPages(platform: OidcTestPlatform, agent: BrowserAgent, page: { url: string; body: string }, person: { login: string; password: string; mobile: string }) {
  const action = page.body.match(/<form method="post" action="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&');
  if (!action) throw new Error(`no sign-in form at ${page.url}`);
  const afterPassword = await agent.follow(action, { form: { _csrf: csrfOf(page.body), login: person.login, password: person.password } });
  const code = await platform.lastCodeTo(person.mobile);
  const verifyAction = afterPassword.body.match(/<form method="post" action="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&');
  if (!verifyAction) throw new Error(`no code form at ${afterPassword.url}: ${afterPassword.status}`);
  return agent.follow(verifyAction, { form: { _csrf: csrfOf(afterPassword.body), code } });
}
