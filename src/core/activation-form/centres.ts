// The directory of activation centres (where an officer activates an account in person or by the
// printed form), searchable by city, district or postal code in Arabic or English. Guarantees: a
// search ignores case, Arabic diacritics and tatweel, hamza and taa-marbuta spelling variants and
// the article "ال", and reads Eastern-Arabic and Persian digits as ASCII; an empty search lists
// every centre, grouped by city in a stable order. The demo directory below lists the main cities.
import { normaliseInput } from '../identity/digits.ts';

export type Centre = {
  id: string;
  cityAr: string;
  cityEn: string;
  nameAr: string;
  nameEn: string;
  districtAr: string;
  districtEn: string;
  postalCode: string;
  /** E.164. */
  phone: string;
  hoursAr: string;
  hoursEn: string;
};

const weekdays = { ar: 'من الأحد إلى الخميس، من 8:00 إلى 14:30', en: 'Sunday to Thursday, 8:00 to 14:30' };
const evenings = { ar: 'من الأحد إلى الخميس، من 8:00 إلى 21:00', en: 'Sunday to Thursday, 8:00 to 21:00' };

type Row = [id: string, cityAr: string, cityEn: string, nameAr: string, nameEn: string, districtAr: string, districtEn: string, postal: string, phone: string, late?: boolean];

const rows: Row[] = [
  ['ruh-1', 'الرياض', 'Riyadh', 'مركز الأحوال المدنية – العليا', 'Civil Affairs Centre – Al Olaya', 'العليا', 'Al Olaya', '12211', '+966112345601', true],
  ['ruh-2', 'الرياض', 'Riyadh', 'مكتب الجوازات – النسيم', 'Passports Office – Al Naseem', 'النسيم', 'Al Naseem', '14242', '+966112345602'],
  ['ruh-3', 'الرياض', 'Riyadh', 'مركز تفعيل أبشر – الملقا', 'Absher Activation Centre – Al Malqa', 'الملقا', 'Al Malqa', '13521', '+966112345603', true],
  ['jed-1', 'جدة', 'Jeddah', 'مركز الأحوال المدنية – الروضة', 'Civil Affairs Centre – Al Rawdah', 'الروضة', 'Al Rawdah', '23435', '+966122345601', true],
  ['jed-2', 'جدة', 'Jeddah', 'مكتب الجوازات – البلد', 'Passports Office – Al Balad', 'البلد', 'Al Balad', '22234', '+966122345602'],
  ['mak-1', 'مكة المكرمة', 'Makkah', 'مركز الأحوال المدنية – العزيزية', 'Civil Affairs Centre – Al Aziziyah', 'العزيزية', 'Al Aziziyah', '24243', '+966125345601'],
  ['mak-2', 'مكة المكرمة', 'Makkah', 'مكتب الجوازات – الشوقية', 'Passports Office – Al Shawqiyah', 'الشوقية', 'Al Shawqiyah', '24351', '+966125345602'],
  ['med-1', 'المدينة المنورة', 'Madinah', 'مركز الأحوال المدنية – قباء', 'Civil Affairs Centre – Quba', 'قباء', 'Quba', '42311', '+966148345601', true],
  ['med-2', 'المدينة المنورة', 'Madinah', 'مكتب الجوازات – العزيزية', 'Passports Office – Al Aziziyah', 'العزيزية', 'Al Aziziyah', '42351', '+966148345602'],
  ['dmm-1', 'الدمام', 'Dammam', 'مركز الأحوال المدنية – الفيصلية', 'Civil Affairs Centre – Al Faisaliyah', 'الفيصلية', 'Al Faisaliyah', '32272', '+966138345601', true],
  ['dmm-2', 'الدمام', 'Dammam', 'مكتب الجوازات – الشاطئ', 'Passports Office – Al Shati', 'الشاطئ', 'Al Shati', '32413', '+966138345602'],
  ['khb-1', 'الخبر', 'Khobar', 'مركز تفعيل أبشر – العقربية', 'Absher Activation Centre – Al Aqrabiyah', 'العقربية', 'Al Aqrabiyah', '34445', '+966138945601'],
  ['ahb-1', 'أبها', 'Abha', 'مركز الأحوال المدنية – المنسك', 'Civil Affairs Centre – Al Mansak', 'المنسك', 'Al Mansak', '62521', '+966172345601'],
  ['tuu-1', 'تبوك', 'Tabuk', 'مركز الأحوال المدنية – المروج', 'Civil Affairs Centre – Al Muruj', 'المروج', 'Al Muruj', '47911', '+966144345601'],
  ['hal-1', 'حائل', 'Hail', 'مركز الأحوال المدنية – السمراء', 'Civil Affairs Centre – Al Samra', 'السمراء', 'Al Samra', '55421', '+966165345601'],
  ['bur-1', 'بريدة', 'Buraydah', 'مركز الأحوال المدنية – الريان', 'Civil Affairs Centre – Al Rayyan', 'الريان', 'Al Rayyan', '52367', '+966163345601'],
  ['jaz-1', 'جازان', 'Jazan', 'مركز الأحوال المدنية – الروضة', 'Civil Affairs Centre – Al Rawdah', 'الروضة', 'Al Rawdah', '82722', '+966173345601'],
  ['ehl-1', 'نجران', 'Najran', 'مركز الأحوال المدنية – الفيصلية', 'Civil Affairs Centre – Al Faisaliyah', 'الفيصلية', 'Al Faisaliyah', '66241', '+966175345601'],
  ['tif-1', 'الطائف', 'Taif', 'مركز الأحوال المدنية – الشهداء', 'Civil Affairs Centre – Al Shuhada', 'الشهداء', 'Al Shuhada', '26513', '+966127345601'],
  ['ajf-1', 'سكاكا', 'Sakaka', 'مركز الأحوال المدنية – الشلهوب', 'Civil Affairs Centre – Al Shalhoub', 'الشلهوب', 'Al Shalhoub', '72341', '+966146345601'],
  ['ara-1', 'عرعر', 'Arar', 'مركز الأحوال المدنية – المساعدية', 'Civil Affairs Centre – Al Musaidiyah', 'المساعدية', 'Al Musaidiyah', '73211', '+966146645601'],
  ['bah-1', 'الباحة', 'Al Bahah', 'مركز الأحوال المدنية – الظفير', 'Civil Affairs Centre – Al Dhafir', 'الظفير', 'Al Dhafir', '65527', '+966177345601'],
];

export const demoCentres: readonly Centre[] = rows.map(([id, cityAr, cityEn, nameAr, nameEn, districtAr, districtEn, postalCode, phone, late]) => ({
  id,
  cityAr,
  cityEn,
  nameAr,
  nameEn,
  districtAr,
  districtEn,
  postalCode,
  phone,
  hoursAr: late ? evenings.ar : weekdays.ar,
  hoursEn: late ? evenings.en : weekdays.en,
}));

/** Folds what people type and what the directory holds to one comparable form. */
export function foldForSearch(text: string): string {
  return normaliseInput(text)
    .toLowerCase()
    .replace(/[\u064b-\u065f\u0670\u0640]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ة/g, 'ه')
    .replace(/ى/g, 'ي')
    .replace(/[-–'’.]/g, ' ')
    .split(/\s+/)
    .filter((word) => word !== '' && word !== 'al' && word !== 'ال')
    .map((word) => word.replace(/^ال(?=..)/, ''))
    .join(' ');
}

export class CentreDirectory {
  readonly #centres: readonly Centre[];
  readonly #folded: ReadonlyArray<{ centre: Centre; text: string }>;

  constructor(centres: readonly Centre[] = demoCentres) {
    this.#centres = centres;
    this.#folded = centres.map((centre) => ({
      centre,
      text: foldForSearch([centre.cityAr, centre.cityEn, centre.districtAr, centre.districtEn, centre.nameAr, centre.nameEn, centre.postalCode].join(' ')),
    }));
  }

  /** Centres whose city, district, name or postal code contains every word searched. */
  search(query: unknown): Centre[] {
    const words = foldForSearch(typeof query === 'string' ? query.slice(0, 100) : '').split(' ').filter(Boolean);
    if (words.length === 0) return [...this.#centres];
    return this.#folded.filter((entry) => words.every((word) => entry.text.includes(word))).map((entry) => entry.centre);
  }

  cities(): Array<{ ar: string; en: string }> {
    const seen = new Map<string, { ar: string; en: string }>();
    for (const centre of this.#centres) if (!seen.has(centre.cityEn)) seen.set(centre.cityEn, { ar: centre.cityAr, en: centre.cityEn });
    return [...seen.values()];
  }
}
