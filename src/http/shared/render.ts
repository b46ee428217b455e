// Server rendering of pages: Preact components to an HTML document, with the page context each
// view needs (language, translator, current URL, CSRF token). Guarantees: every interpolated
// value is escaped by the renderer; pages are never cached by shared caches.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { translator } from '../../i18n/i18n.ts';
import type { PageContext } from './layout.tsx';

export function pageContext(request: FastifyRequest, reply: FastifyReply, withCsrf = true): PageContext {
  return {
    language: request.language,
    t: translator(request.language),
    currentUrl: request.url,
    ...(withCsrf && typeof reply.generateCsrf === 'function' ? { csrfToken: reply.generateCsrf() } : {}),
  };
}

export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${render(page)}`);
}
