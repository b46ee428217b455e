// Country names for nationalities (ISO 3166-1 alpha-3), in the page's language, from ICU.
// Guarantees: a code without a known alpha-2 equivalent is shown as the code itself.
import type { Language } from '../../../core/store.ts';

const ALPHA2: Readonly<Record<string, string>> = {
  SAU: 'SA', ARE: 'AE', BHR: 'BH', KWT: 'KW', OMN: 'OM', QAT: 'QA', EGY: 'EG', JOR: 'JO', SDN: 'SD', YEM: 'YE',
  PAK: 'PK', BGD: 'BD', IND: 'IN', NPL: 'NP', LKA: 'LK', PHL: 'PH', IDN: 'ID', USA: 'US', GBR: 'GB', SYR: 'SY',
  LBN: 'LB', IRQ: 'IQ', MAR: 'MA', TUN: 'TN', DZA: 'DZ', ETH: 'ET', KEN: 'KE', NGA: 'NG', TUR: 'TR', FRA: 'FR',
};

const names: Record<Language, Intl.DisplayNames> = {
  ar: new Intl.DisplayNames(['ar'], { type: 'region' }),
  en: new Intl.DisplayNames(['en'], { type: 'region' }),
};

export function countryName(alpha3: string, language: Language): string {
  const alpha2 = ALPHA2[alpha3];
  return (alpha2 && names[language].of(alpha2)) || alpha3;
}
