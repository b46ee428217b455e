// How the e-services' values look on a page: translated messages, amounts in riyals, and every date
// through the one dual-date component (Hijri Umm al-Qura and Gregorian side by side).
// Guarantees: a message parameter that is an ISO day is shown in both calendars too; amounts keep
// two decimals with Western digits; nothing is rendered unescaped.
import type { Display, Message } from '../../../core/services/definition.ts';
import type { MessageParams } from '../../../core/errors.ts';
import type { Language } from '../../../core/store.ts';
import type { PageContext } from '../../shared/layout.tsx';
import { DualDate, dualDate } from '../../shared/dual-date.tsx';
import { riyals } from '../../../core/services/money.ts';
import { errorMessage } from '../../../i18n/i18n.ts';

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** Parameters with ISO days written as "Hijri · Gregorian". */
export function readableParams(params: MessageParams | undefined, language: Language): MessageParams {
  const out: MessageParams = {};
  for (const [key, value] of Object.entries(params ?? {})) {
    if (typeof value === 'string' && isoDay.test(value)) {
      const date = dualDate(value, language);
      out[key] = `${date.hijri} · ${date.gregorian}`;
    } else out[key] = value;
  }
  return out;
}

/** A message's words (the more specific `<id>.<reason>` when there is one, as for coded errors). */
export function messageText(page: PageContext, message: Message): string {
  return errorMessage(page.language, { code: message.id, params: readableParams(message.params, page.language) });
}

export function money(halalas: number, language: Language): string {
  return language === 'ar' ? `${riyals(halalas)} ريال` : `SAR ${riyals(halalas)}`;
}

export function DisplayValue(props: { page: PageContext; value: Display }) {
  const { page, value } = props;
  switch (value.kind) {
    case 'text':
      return <bdi>{value.value}</bdi>;
    case 'message':
      return <>{messageText(page, value)}</>;
    case 'date':
      return <DualDate value={value.iso} language={page.language} />;
    case 'money':
      return <span class="nowrap">{money(value.halalas, page.language)}</span>;
  }
}
