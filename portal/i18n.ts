// The portal's own words: portal/locales/<lang>.json keyed by message id, Arabic first, English
// complete (a test checks both have the same keys and placeholders). Guarantees: an unknown id
// renders as the id itself, never as an exception; `dir` follows the language.
import { readFileSync } from 'node:fs';

export type Language = 'ar' | 'en';
export type Translator = (id: string, params?: Record<string, string | number>) => string;

export const languages: readonly Language[] = ['ar', 'en'];

export function loadPortalLocale(language: Language): Record<string, string> {
  return JSON.parse(readFileSync(new URL(`./locales/${language}.json`, import.meta.url), 'utf8')) as Record<string, string>;
}

const catalogues: Record<Language, Record<string, string>> = { ar: loadPortalLocale('ar'), en: loadPortalLocale('en') };

export function translator(language: Language): Translator {
  return (id, params = {}) => {
    const template = catalogues[language][id];
    if (template === undefined) return id;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));
  };
}

export function hasPortalMessage(language: Language, id: string): boolean {
  return id in catalogues[language];
}

export function isLanguage(value: unknown): value is Language {
  return value === 'ar' || value === 'en';
}

export function direction(language: Language): 'rtl' | 'ltr' {
  return language === 'ar' ? 'rtl' : 'ltr';
}

const zone = 'Asia/Riyadh';
const gregorian: Record<Language, Intl.DateTimeFormat> = {
  ar: new Intl.DateTimeFormat('ar-SA-u-nu-latn-ca-gregory', { day: 'numeric', month: 'long', year: 'numeric', timeZone: zone }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: zone }),
};
const hijri: Record<Language, Intl.DateTimeFormat> = {
  ar: new Intl.DateTimeFormat('ar-SA-u-ca-islamic-umalqura-nu-latn', { day: 'numeric', month: 'long', year: 'numeric', timeZone: zone }),
  en: new Intl.DateTimeFormat('en-u-ca-islamic-umalqura', { day: 'numeric', month: 'long', year: 'numeric', timeZone: zone }),
};
const dateTime: Record<Language, Intl.DateTimeFormat> = {
  ar: new Intl.DateTimeFormat('ar-SA-u-nu-latn-ca-gregory', { dateStyle: 'long', timeStyle: 'short', timeZone: zone }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: zone }),
};

/** A calendar date (YYYY-MM-DD, as the `birthdate` claim carries it) in Gregorian and Hijri (Umm al-Qura). */
export function formatCalendarDate(value: string, language: Language): { gregorian: string; hijri: string } | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  // Noon in Riyadh, so the day never shifts across the time zone.
  const date = new Date(`${value}T12:00:00+03:00`);
  if (Number.isNaN(date.getTime())) return null;
  return { gregorian: gregorian[language].format(date), hijri: hijri[language].format(date) };
}

export function formatInstant(seconds: number, language: Language): string {
  return dateTime[language].format(new Date(seconds * 1000));
}
