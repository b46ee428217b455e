// What every request carries once the shared hooks have run: its language (and direction) and,
// for pages, the CSRF token to put in forms. Guarantees: the language is always 'ar' or 'en'.
import type { FastifyRequest } from 'fastify';
import type { Language } from '../../core/store.ts';

declare module 'fastify' {
  interface FastifyRequest {
    language: Language;
  }
}

export function direction(language: Language): 'rtl' | 'ltr' {
  return language === 'ar' ? 'rtl' : 'ltr';
}

/** The client address as seen by the proxy chain Fastify trusts (or the socket). */
export function clientAddress(request: FastifyRequest): string {
  return request.ip;
}
