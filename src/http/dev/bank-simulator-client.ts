// How the development simulators act as real partners: over HTTP, against the platform's own
// listening address, they obtain a client-credentials token at `/oidc/token` (client_secret_basic,
// the demo client's development secret) and call the partner API with it, as a bank's or a kiosk's
// back end would. Guarantees: nothing is called in-process — every answer is the real endpoint's
// (status and JSON body); a platform that does not answer within 15 s is reported as
// `service.unavailable`, in the page's language; a platform not listening falls back to PUBLIC_URL.
import type { FastifyInstance } from 'fastify';
import type { Language } from '../../core/store.ts';
import { translate } from '../../i18n/i18n.ts';
import type { PartnerSimulatorSupport } from '../partner/dependencies.ts';

export type PartnerCall = { status: number; body: Record<string, unknown> };

/** How long a simulator waits for the platform before giving up (the page then shows an error). */
const callTimeoutMs = 15_000;

export class PartnerClient {
  readonly #baseUrl: string;
  readonly #support: PartnerSimulatorSupport;
  readonly #language: Language;

  constructor(baseUrl: string, support: PartnerSimulatorSupport, language: Language) {
    this.#baseUrl = baseUrl;
    this.#support = support;
    this.#language = language;
  }

  /** A client-credentials token from the platform's token endpoint, or the endpoint's refusal. */
  async token(clientId: string, scope: string): Promise<{ token: string } | { refused: PartnerCall }> {
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(this.#support.clientSecret(clientId))}`).toString('base64');
    const answer = await this.#send('/oidc/token', {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
    });
    if (answer.status === 200 && typeof answer.body.access_token === 'string') return { token: answer.body.access_token };
    return { refused: answer };
  }

  call(method: 'GET' | 'POST', path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<PartnerCall> {
    return this.#send(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        'accept-language': this.#language,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  async #send(path: string, init: RequestInit): Promise<PartnerCall> {
    try {
      const response = await fetch(`${this.#baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(callTimeoutMs) });
      const parsed = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      return { status: response.status, body: parsed };
    } catch {
      return { status: 503, body: { error: { code: 'service.unavailable', message: translate(this.#language, 'service.unavailable') } } };
    }
  }
}

/** Where this process listens (loopback for a wildcard address), else PUBLIC_URL. */
export function ownBaseUrl(app: FastifyInstance, publicUrl: string): string {
  const address = app.server.address();
  if (address === null || typeof address === 'string') return publicUrl.replace(/\/$/, '');
  const host = address.address === '::' || address.address === '0.0.0.0' ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** The coded error of a partner answer (its localised message), if it is one. */
export function answerError(call: PartnerCall): { code: string; message: string } | null {
  const error = call.body.error as { code?: unknown; message?: unknown } | undefined;
  if (error && typeof error.code === 'string') return { code: error.code, message: typeof error.message === 'string' ? error.message : error.code };
  if (call.status >= 400) {
    const description = call.body.error_description ?? call.body.error;
    return { code: `http.${call.status}`, message: typeof description === 'string' ? description : `HTTP ${call.status}` };
  }
  return null;
}
