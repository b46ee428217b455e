// The Hijri (Umm al-Qura) calendar for rules that count per Hijri year. Guarantees: the year is that
// of the day in Riyadh (Asia/Riyadh), as the official Umm al-Qura calendar in ICU gives it.
const yearFormat = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura-nu-latn', { year: 'numeric', timeZone: 'Asia/Riyadh' });

export function hijriYear(instant: Date): number {
  const part = yearFormat.formatToParts(instant).find((each) => each.type === 'year');
  const year = Number(part?.value);
  if (!Number.isInteger(year)) throw new RangeError('no Hijri year for this date');
  return year;
}

/** The Hijri year of an ISO calendar day (taken at noon in Riyadh). */
export function hijriYearOfDay(iso: string): number {
  return hijriYear(new Date(`${iso}T12:00:00+03:00`));
}
