// The one date component of the e-services: a day shown in the Hijri (Umm al-Qura) and Gregorian
// calendars side by side, in a <time> element carrying the ISO date. Guarantees: an ISO day
// (yyyy-mm-dd) is read as that day in Riyadh, so both calendars name the same day; Western digits.
import type { Language } from '../../core/store.ts';
import { formatDate } from './dates.ts';

/** The day as both calendars name it: an ISO day, or an instant (taken in Riyadh). */
export function dualDate(value: string | Date, language: Language): { iso: string; gregorian: string; hijri: string } {
  const instant = typeof value === 'string' ? new Date(`${value}T12:00:00+03:00`) : value;
  const iso = typeof value === 'string' ? value : new Date(value.getTime() + 3 * 3_600_000).toISOString().slice(0, 10);
  return { iso, ...formatDate(instant, language) };
}

export function DualDate(props: { value: string | Date; language: Language }) {
  const { iso, gregorian, hijri } = dualDate(props.value, props.language);
  return (
    <time class="dual-date" dateTime={iso}>
      <span class="dual-date-hijri">{hijri}</span>
      <span class="dual-date-separator" aria-hidden="true">
        {' · '}
      </span>
      <span class="dual-date-gregorian">{gregorian}</span>
    </time>
  );
}
