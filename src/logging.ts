// Structured logs with pino. Guarantees: cookies, authorization headers, passwords, codes and CSRF
// tokens are redacted wherever they appear; flow ids in URLs are shortened; request bodies are
// never logged.
import { pino, type Logger } from 'pino';
import type { Config } from './config/config.ts';

const redactedPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordConfirmation',
  '*.code',
  '*.captcha',
  '*._csrf',
  '*.secret',
];

/** Keeps a URL's path and shortens values that are capabilities (flow ids) or personal data. */
export function maskUrl(url: string): string {
  const [path = '', query] = url.split('?', 2);
  const maskedPath = path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (id) => `${id.slice(0, 8)}…`).replace(/\b([1-4])\d{6}(\d{3})\b/g, '$1••••••$2');
  if (!query) return maskedPath;
  const params = new URLSearchParams(query);
  for (const [key, value] of params) {
    if (key === 'flow') params.set(key, `${value.slice(0, 8)}…`);
    if (key === 'to') params.set(key, value.replace(/\d(?=\d{3})/g, '•'));
    // A digital ID token carries a holder's name: keep only its start.
    if (key === 'token') params.set(key, `${value.slice(0, 8)}…`);
    // An activation-form reference (the back office's QR link) is single use, but still not for logs.
    if (key === 'reference') params.set(key, `${value.slice(0, 2)}…`);
    // The Nafath app simulator is asked by ID number (development only): masked like IDs in paths.
    if (key === 'id') params.set(key, value.replace(/^(\d)\d*(\d{3})$/, (_, first: string, last: string) => `${first}••••••${last}`));
    // Single sign-on: ID tokens and hints in provider URLs (logout) are not for logs either.
    if (key === 'id_token_hint' || key === 'login_hint' || key === 'code') params.set(key, `${value.slice(0, 4)}…`);
  }
  return `${maskedPath}?${params.toString()}`;
}

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    serializers: {
      req: (request: { method?: string; url?: string; id?: string; ip?: string }) => ({
        id: request.id,
        method: request.method,
        url: maskUrl(request.url ?? ''),
      }),
    },
  });
}
