// Calendar arithmetic on ISO dates (yyyy-mm-dd) for the sector systems and their rules.
// Guarantees: pure functions on proleptic Gregorian dates, no time zones (today's date is taken in
// Riyadh by `today`); adding years keeps the day (29 Feb becomes 28 Feb in a common year).
import { riyadhCalendarDate } from '../../identity/eligibility.ts';

const DAY_MS = 86_400_000;

export const isIsoDay = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/** Today's date in Riyadh. */
export function today(now: Date): string {
  return riyadhCalendarDate(now);
}

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function addYears(iso: string, years: number): string {
  const y = Number(iso.slice(0, 4)) + years;
  const m = Number(iso.slice(5, 7)) - 1;
  const d = Number(iso.slice(8, 10));
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, last))).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The instant a date starts in Riyadh (UTC+3), for display with the shared date formatter. */
export function riyadhStartOf(iso: string): Date {
  return new Date(Date.parse(`${iso}T00:00:00+03:00`));
}
