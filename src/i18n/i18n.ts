// Turns message ids into words. Locales live in locales/<lang>.json, keyed by message id; a value is
// a string with {placeholders} or, for counted messages, an object of plural forms chosen by
// Intl.PluralRules (Arabic has zero, one, two, few, many, other). Guarantees: an unknown id renders
// as the id itself (and is caught by the locale-parity test), never as an exception.
import { readFileSync } from 'node:fs';
import type { Language } from '../core/store.ts';
import type { MessageParams } from '../core/errors.ts';

export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type LocaleMessages = Record<string, string | PluralForms>;

export const languages: readonly Language[] = ['ar', 'en'];

const localesDirectory = new URL('../../locales/', import.meta.url);

export function loadLocale(language: Language): LocaleMessages {
  return JSON.parse(readFileSync(new URL(`${language}.json`, localesDirectory), 'utf8')) as LocaleMessages;
}

const catalogues: Record<Language, LocaleMessages> = { ar: loadLocale('ar'), en: loadLocale('en') };
const pluralRules: Record<Language, Intl.PluralRules> = { ar: new Intl.PluralRules('ar'), en: new Intl.PluralRules('en') };

/**
 * Adds messages that live beside their code (an e-service's texts) to a language. Guarantees: a
 * locale file's message is never replaced: an id already known is refused.
 */
export function addMessages(language: Language, messages: Record<string, string>): void {
  for (const [id, text] of Object.entries(messages)) {
    const known = catalogues[language][id];
    if (known !== undefined && known !== text) throw new Error(`message ${id} is already defined`);
    catalogues[language][id] = text;
  }
}

export function hasMessage(language: Language, id: string): boolean {
  return id in catalogues[language];
}

export function translate(language: Language, id: string, params: MessageParams = {}): string {
  const entry = catalogues[language][id];
  if (entry === undefined) return id;
  const template = typeof entry === 'string' ? entry : chooseForm(language, entry, params.count);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/**
 * The words for a coded error. An error with a `reason` uses the more specific message
 * `<code>.<reason>` where the locale has one (e.g. id.not_eligible.under_age).
 */
export function errorMessage(language: Language, error: { code: string; params?: MessageParams }): string {
  const reason = error.params?.reason;
  const specific = reason === undefined ? undefined : `${error.code}.${reason}`;
  return translate(language, specific && hasMessage(language, specific) ? specific : error.code, error.params);
}

function chooseForm(language: Language, forms: PluralForms, count: string | number | undefined): string {
  if (count === undefined) return forms.other;
  const rule = pluralRules[language].select(Number(count));
  return forms[rule] ?? forms.other;
}

/** A translator bound to one language, as views use it. */
export type Translator = (id: string, params?: MessageParams) => string;

export function translator(language: Language): Translator {
  return (id, params) => translate(language, id, params);
}

/** Picks the language from an Accept-Language header (ar unless English is preferred). */
export function languageFromHeader(header: string | undefined): Language {
  if (!header) return 'ar';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const quality = rest.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: quality ? Number(quality.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.tag.startsWith('ar') || entry.tag.startsWith('en'))
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.tag.startsWith('en') ? 'en' : 'ar';
}

export function isLanguage(value: unknown): value is Language {
  return value === 'ar' || value === 'en';
}
