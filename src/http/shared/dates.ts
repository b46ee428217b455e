// Dates and times as people here read them: Western digits by default in both languages, and the
// Hijri (Umm al-Qura) date beside the Gregorian one where a date matters. Times are shown in
// Saudi Arabia's time zone (Asia/Riyadh, UTC+3, no daylight saving).
import type { Language } from '../../core/store.ts';

const zone = 'Asia/Riyadh';
const timeFormats: Record<Language, Intl.DateTimeFormat> = {
  ar: new Intl.DateTimeFormat('ar-SA-u-nu-latn-ca-gregory', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: zone }),
  en: new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: zone }),
};
const gregorianFormats: Record<Language, Intl.DateTimeFormat> = {
  ar: new Intl.DateTimeFormat('ar-SA-u-nu-latn-ca-gregory', { day: 'numeric', month: 'long', year: 'numeric', timeZone: zone }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: zone }),
};
const hijriFormats: Record<Language, Intl.DateTimeFormat> = {
  ar: new Intl.DateTimeFormat('ar-SA-u-ca-islamic-umalqura-nu-latn', { day: 'numeric', month: 'long', year: 'numeric', timeZone: zone }),
  en: new Intl.DateTimeFormat('en-u-ca-islamic-umalqura', { day: 'numeric', month: 'long', year: 'numeric', timeZone: zone }),
};

export function formatTime(date: Date, language: Language): string {
  return timeFormats[language].format(date);
}

export function formatDate(date: Date, language: Language): { gregorian: string; hijri: string } {
  return { gregorian: gregorianFormats[language].format(date), hijri: hijriFormats[language].format(date) };
}
