// A deterministic synthetic population for the reference civil registry.
// Guarantees: the same seed, size and reference date give identical people; every size is a prefix of
// any larger one; ID numbers, mobiles and passport numbers are unique and well formed; a curated set
// of demo people sits at fixed positions 0..34 (so any population of 35 or more holds at least five
// of each edge case: under 17, deceased, cancelled Iqama, expired visa, dependent without fingerprint).

import { checkEligibility, riyadhCalendarDate, type IneligibilityReason } from '../../../core/identity/eligibility.ts';
import type { DocumentStatus, IdentifierKind, PersonCategory, RegistryPerson } from '../../../core/ports.ts';

export interface PopulationOptions {
  /** Any finite number; it is reduced to 32 bits. */
  seed: number;
  /** How many people, 0 … 10,000,000. */
  size: number;
  /** Ages, document and visa dates are relative to this instant's date in Riyadh. */
  referenceDate: Date;
}

export const MAX_POPULATION = 10_000_000;
/** How many curated demo people open every population. */
export const CURATED_COUNT = 35;

// ---------------------------------------------------------------------------------------------
// Seeded randomness and unique number allocation

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Hands out distinct numbers in [0, modulus) in a scrambled order: the counter goes through a keyed
 * bijection on `bits` bits (xor, xorshifts, odd multiplications) and cycle-walks back into range.
 */
class UniqueNumbers {
  private counter = 0;
  private readonly mask: number;
  private readonly shift: number;
  private readonly key: number;
  private readonly mul1: number;
  private readonly mul2: number;
  private readonly modulus: number;

  constructor(modulus: number, bits: number, random: () => number) {
    this.modulus = modulus;
    this.mask = 2 ** bits - 1;
    this.shift = Math.ceil(bits / 2);
    this.key = Math.floor(random() * this.mask);
    this.mul1 = (Math.floor(random() * 0x3fffffff) | 1) >>> 0;
    this.mul2 = (Math.floor(random() * 0x3fffffff) | 1) >>> 0;
  }

  next(): number {
    let x = this.counter++;
    if (x >= this.modulus) throw new RangeError('Number space exhausted');
    const { mask, shift } = this;
    do {
      x = (x ^ this.key) & mask;
      x ^= x >>> shift;
      x = Math.imul(x, this.mul1) & mask;
      x ^= x >>> shift;
      x = Math.imul(x, this.mul2) & mask;
      x ^= x >>> shift;
    } while (x >= this.modulus);
    return x;
  }
}

/** Luhn check digit for a nine-digit Saudi ID / Iqama number body (first digit included). */
function luhnDigit(first9: number): number {
  let sum = 0;
  let rest = first9;
  // From the right: positions 9, 7, 5, 3, 1 (1-based from the left) are doubled, i.e. every other digit starting with the last.
  for (let i = 0; i < 9; i++) {
    let d = rest % 10;
    rest = (rest - d) / 10;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

// ---------------------------------------------------------------------------------------------
// Calendar on day numbers (days since 1970-01-01, proleptic Gregorian)

const DAY_MS = 86_400_000;
const YEAR_DAYS = 365.2425;

function dayFromIso(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
}

/** The civil date of a day number, packed as yyyymmdd (so age = floor((today - birth) / 10000)). */
function packedFromDay(day: number): number {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 10000 + m * 100 + d;
}

/** yyyy-mm-dd for day numbers near a reference day, each string made once and shared (fewer allocations, less memory). */
class IsoDates {
  private readonly first: number;
  private readonly cache: (string | undefined)[];

  constructor(referenceDay: number) {
    this.first = referenceDay - 40_000;
    this.cache = new Array<string | undefined>(45_000).fill(undefined);
  }

  get(day: number): string {
    const slot = day - this.first;
    const cached = this.cache[slot];
    if (cached !== undefined) return cached;
    const packed = packedFromDay(day);
    const y = Math.floor(packed / 10000);
    const m = Math.floor(packed / 100) % 100;
    const d = packed % 100;
    const iso = `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
    if (slot >= 0 && slot < this.cache.length) this.cache[slot] = iso;
    return iso;
  }
}

/** The same month and day `years` earlier (29 Feb becomes 28 Feb in a common year). */
function yearsBefore(iso: string, years: number): number {
  const y = Number(iso.slice(0, 4)) - years;
  const m = Number(iso.slice(5, 7)) - 1;
  const d = Number(iso.slice(8, 10));
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d, lastDay)) / DAY_MS;
}

// ---------------------------------------------------------------------------------------------
// Names: [Arabic, English]

type Name = readonly [ar: string, en: string];

const ARAB_MALE: readonly Name[] = [
  ['محمد', 'Mohammed'], ['أحمد', 'Ahmed'], ['عبدالله', 'Abdullah'], ['عبدالرحمن', 'Abdulrahman'],
  ['عبدالعزيز', 'Abdulaziz'], ['خالد', 'Khalid'], ['فهد', 'Fahad'], ['سلطان', 'Sultan'], ['سعود', 'Saud'],
  ['فيصل', 'Faisal'], ['تركي', 'Turki'], ['ناصر', 'Nasser'], ['سعد', 'Saad'], ['عمر', 'Omar'], ['علي', 'Ali'],
  ['إبراهيم', 'Ibrahim'], ['يوسف', 'Yousef'], ['سالم', 'Salem'], ['ماجد', 'Majed'], ['بندر', 'Bandar'],
  ['نايف', 'Naif'], ['مشعل', 'Mishal'], ['عبدالمجيد', 'Abdulmajeed'], ['حمد', 'Hamad'], ['راشد', 'Rashed'],
  ['ياسر', 'Yasser'], ['وليد', 'Waleed'], ['طلال', 'Talal'], ['منصور', 'Mansour'], ['مساعد', 'Musaed'],
  ['بدر', 'Badr'], ['زياد', 'Ziyad'], ['حسن', 'Hassan'], ['حسين', 'Hussein'], ['مازن', 'Mazen'],
  ['هشام', 'Hisham'], ['عادل', 'Adel'], ['صالح', 'Saleh'], ['سليمان', 'Sulaiman'], ['عثمان', 'Othman'],
  ['مشاري', 'Mishari'], ['نواف', 'Nawaf'], ['ريان', 'Rayan'], ['عبدالملك', 'Abdulmalik'], ['حمزة', 'Hamzah'],
  ['أنس', 'Anas'], ['معاذ', 'Muath'], ['بسام', 'Bassam'], ['ثامر', 'Thamer'], ['غازي', 'Ghazi'],
  ['عبدالإله', 'Abdulelah'], ['متعب', 'Mutaib'], ['محسن', 'Mohsen'], ['عبدالكريم', 'Abdulkarim'],
];

const ARAB_FEMALE: readonly Name[] = [
  ['نورة', 'Noura'], ['سارة', 'Sarah'], ['فاطمة', 'Fatimah'], ['مريم', 'Maryam'], ['عائشة', 'Aisha'],
  ['هند', 'Hind'], ['ريم', 'Reem'], ['لمى', 'Lama'], ['منيرة', 'Munirah'], ['الجوهرة', 'Aljawhara'],
  ['العنود', 'Alanoud'], ['دانة', 'Dana'], ['رهف', 'Rahaf'], ['شهد', 'Shahad'], ['جود', 'Joud'],
  ['لينا', 'Lina'], ['أمل', 'Amal'], ['هيفاء', 'Haifa'], ['نوف', 'Nouf'], ['أسماء', 'Asma'],
  ['خلود', 'Khulood'], ['مها', 'Maha'], ['وعد', 'Waad'], ['غادة', 'Ghada'], ['سلمى', 'Salma'],
  ['رنا', 'Rana'], ['ديما', 'Dima'], ['حصة', 'Hessa'], ['لطيفة', 'Latifa'], ['بشاير', 'Bashayer'],
  ['جواهر', 'Jawaher'], ['أروى', 'Arwa'], ['رغد', 'Raghad'], ['ليان', 'Layan'], ['تالا', 'Tala'],
  ['يارا', 'Yara'], ['ملاك', 'Malak'], ['عبير', 'Abeer'], ['سمر', 'Samar'], ['نجلاء', 'Najla'],
  ['شيماء', 'Shaima'], ['منى', 'Mona'], ['هدى', 'Huda'], ['وفاء', 'Wafa'],
];

const SAUDI_FAMILIES: readonly Name[] = [
  ['الحربي', 'Alharbi'], ['العتيبي', 'Alotaibi'], ['القحطاني', 'Alqahtani'], ['الغامدي', 'Alghamdi'],
  ['الزهراني', 'Alzahrani'], ['الدوسري', 'Aldosari'], ['الشمري', 'Alshammari'], ['المطيري', 'Almutairi'],
  ['العنزي', 'Alanazi'], ['السبيعي', 'Alsubaie'], ['الشهري', 'Alshehri'], ['العمري', 'Alamri'],
  ['المالكي', 'Almalki'], ['الرشيدي', 'Alrashidi'], ['السهلي', 'Alsahli'], ['البقمي', 'Albaqami'],
  ['الجهني', 'Aljohani'], ['الثقفي', 'Althaqafi'], ['الشهراني', 'Alshahrani'], ['اليامي', 'Alyami'],
  ['الخالدي', 'Alkhalidi'], ['التميمي', 'Altamimi'], ['العسيري', 'Alasiri'], ['الفيفي', 'Alfaifi'],
  ['الحارثي', 'Alharthi'], ['البلوي', 'Albalawi'], ['الرويلي', 'Alruwaili'], ['الشريف', 'Alsharif'],
  ['الهاجري', 'Alhajri'], ['العجمي', 'Alajmi'], ['باوزير', 'Bawazir'], ['الراشد', 'Alrashed'],
  ['السليمان', 'Alsulaiman'], ['الفهد', 'Alfahad'], ['المنصور', 'Almansour'], ['الصالح', 'Alsaleh'],
  ['العثمان', 'Alothman'], ['الحمدان', 'Alhamdan'], ['السديري', 'Alsudairi'], ['المحمدي', 'Almohammadi'],
];

const GCC_FAMILIES: Readonly<Record<string, readonly Name[]>> = {
  ARE: [['المزروعي', 'Almazrouei'], ['الكعبي', 'Alkaabi'], ['الظاهري', 'Aldhaheri'], ['النعيمي', 'Alnuaimi'], ['الشامسي', 'Alshamsi']],
  KWT: [['الرشيد', 'Alrasheed'], ['البدر', 'Albader'], ['العنزي', 'Alenezi'], ['المطيري', 'Almutairi'], ['العوضي', 'Alawadhi']],
  BHR: [['البنعلي', 'Albinali'], ['الدوسري', 'Aldoseri'], ['الجودر', 'Aljowder'], ['المناعي', 'Almannai']],
  QAT: [['الكواري', 'Alkuwari'], ['المري', 'Almarri'], ['الهاجري', 'Alhajri'], ['السليطي', 'Alsulaiti']],
  OMN: [['البلوشي', 'Albalushi'], ['الحارثي', 'Alharthy'], ['الرواحي', 'Alrawahi'], ['السيابي', 'Alsiyabi'], ['الهنائي', 'Alhinai']],
};

const ARAB_FAMILIES: Readonly<Record<string, readonly Name[]>> = {
  EGY: [['عبدالفتاح', 'Abdelfattah'], ['السيد', 'Elsayed'], ['مصطفى', 'Moustafa'], ['عبدالعال', 'Abdelaal'], ['الشافعي', 'Elshafei'], ['النجار', 'Elnaggar']],
  JOR: [['الخطيب', 'Alkhatib'], ['النسور', 'Alnsour'], ['المجالي', 'Almajali'], ['العبادي', 'Alabbadi'], ['الزعبي', 'Alzoubi']],
  SDN: [['الأمين', 'Elamin'], ['عبدالرحيم', 'Abdelrahim'], ['الطيب', 'Eltayeb'], ['المهدي', 'Elmahdi'], ['بابكر', 'Babiker']],
  YEM: [['العولقي', 'Alawlaqi'], ['الحضرمي', 'Alhadrami'], ['باشراحيل', 'Basharahil'], ['العمودي', 'Alamoudi'], ['اليافعي', 'Alyafei']],
};

const SOUTH_ASIAN_MUSLIM_MALE: readonly Name[] = [
  ['محمد', 'Muhammad'], ['عمران', 'Imran'], ['آصف', 'Asif'], ['بلال', 'Bilal'], ['عثمان', 'Usman'],
  ['طارق', 'Tariq'], ['كامران', 'Kamran'], ['رحيم', 'Rahim'], ['شاهد', 'Shahid'], ['زبير', 'Zubair'],
  ['نويد', 'Naveed'], ['سهيل', 'Sohail'], ['رفيق', 'Rafiq'], ['جمال', 'Jamal'], ['كريم', 'Karim'], ['عارف', 'Arif'],
];
const SOUTH_ASIAN_MUSLIM_FEMALE: readonly Name[] = [
  ['عائشة', 'Ayesha'], ['فاطمة', 'Fatima'], ['ثناء', 'Sana'], ['نازية', 'Nazia'], ['روبينة', 'Rubina'],
  ['فرزانة', 'Farzana'], ['شبنم', 'Shabnam'], ['نسرين', 'Nasreen'], ['تهمينة', 'Tahmina'], ['سعدية', 'Sadia'],
];
const SOUTH_ASIAN_MUSLIM_FAMILIES: Readonly<Record<string, readonly Name[]>> = {
  PAK: [['خان', 'Khan'], ['مالك', 'Malik'], ['قريشي', 'Qureshi'], ['شودري', 'Chaudhry'], ['بت', 'Butt'], ['أختر', 'Akhtar'], ['صديقي', 'Siddiqui']],
  BGD: [['حسين', 'Hossain'], ['رحمن', 'Rahman'], ['إسلام', 'Islam'], ['تشودري', 'Chowdhury'], ['ميا', 'Mia'], ['شيخ', 'Sheikh']],
};

const SOUTH_ASIAN_MALE: readonly Name[] = [
  ['راجيش', 'Rajesh'], ['سوريش', 'Suresh'], ['أنيل', 'Anil'], ['فيجاي', 'Vijay'], ['راميش', 'Ramesh'],
  ['مانوج', 'Manoj'], ['سانجاي', 'Sanjay'], ['أرون', 'Arun'], ['ديباك', 'Deepak'], ['براكاش', 'Prakash'],
  ['رافي', 'Ravi'], ['سونيل', 'Sunil'],
];
const SOUTH_ASIAN_FEMALE: readonly Name[] = [
  ['بريا', 'Priya'], ['أنجالي', 'Anjali'], ['لاكشمي', 'Lakshmi'], ['سونيتا', 'Sunita'], ['ديبا', 'Deepa'],
  ['كافيا', 'Kavya'], ['مينا', 'Meena'], ['ريكا', 'Rekha'],
];
const SOUTH_ASIAN_FAMILIES: Readonly<Record<string, readonly Name[]>> = {
  IND: [['كومار', 'Kumar'], ['ناير', 'Nair'], ['سينغ', 'Singh'], ['شارما', 'Sharma'], ['مينون', 'Menon'], ['بيلاي', 'Pillai'], ['ريدي', 'Reddy'], ['فارغيز', 'Varghese']],
  NPL: [['غورونغ', 'Gurung'], ['تامانغ', 'Tamang'], ['ثابا', 'Thapa'], ['شريستا', 'Shrestha'], ['راي', 'Rai'], ['ماغار', 'Magar']],
  LKA: [['بيريرا', 'Perera'], ['فرناندو', 'Fernando'], ['سيلفا', 'Silva'], ['جاياسوريا', 'Jayasuriya'], ['باندارا', 'Bandara']],
};

const FILIPINO_MALE: readonly Name[] = [
  ['خوسيه', 'Jose'], ['خوان', 'Juan'], ['مارك', 'Mark'], ['جون', 'John'], ['مايكل', 'Michael'],
  ['رامون', 'Ramon'], ['كارلو', 'Carlo'], ['باولو', 'Paolo'], ['رودل', 'Rodel'],
];
const FILIPINO_FEMALE: readonly Name[] = [
  ['ماريا', 'Maria'], ['روزالي', 'Rosalie'], ['جوسلين', 'Jocelyn'], ['ماريتس', 'Marites'], ['أنجليكا', 'Angelica'],
  ['كريستين', 'Kristine'], ['لورنا', 'Lorna'], ['غريس', 'Grace'],
];
const FILIPINO_FAMILIES: readonly Name[] = [
  ['سانتوس', 'Santos'], ['رييس', 'Reyes'], ['كروز', 'Cruz'], ['باوتيستا', 'Bautista'], ['غارسيا', 'Garcia'],
  ['مندوزا', 'Mendoza'], ['راموس', 'Ramos'], ['فيلانويفا', 'Villanueva'], ['أكينو', 'Aquino'],
];

const INDONESIAN_MALE: readonly Name[] = [
  ['بودي', 'Budi'], ['أغوس', 'Agus'], ['إيكو', 'Eko'], ['رودي', 'Rudi'], ['هندرا', 'Hendra'], ['ديدي', 'Dedi'],
  ['أحمد', 'Ahmad'], ['سلامت', 'Slamet'],
];
const INDONESIAN_FEMALE: readonly Name[] = [
  ['سيتي', 'Siti'], ['سري', 'Sri'], ['ديوي', 'Dewi'], ['نور', 'Nur'], ['رينا', 'Rina'], ['واتي', 'Wati'],
  ['بوتري', 'Putri'], ['يانتي', 'Yanti'],
];
const INDONESIAN_FAMILIES: readonly Name[] = [
  ['سانتوسو', 'Santoso'], ['ويجايا', 'Wijaya'], ['هدايت', 'Hidayat'], ['سابوترا', 'Saputra'],
  ['سيتياوان', 'Setiawan'], ['نوغروهو', 'Nugroho'], ['كورنياوان', 'Kurniawan'], ['سوسانتو', 'Susanto'],
];

const WESTERN_MALE: readonly Name[] = [
  ['جيمس', 'James'], ['جون', 'John'], ['ديفيد', 'David'], ['مايكل', 'Michael'], ['روبرت', 'Robert'],
  ['ويليام', 'William'], ['توماس', 'Thomas'], ['دانيال', 'Daniel'], ['ريتشارد', 'Richard'], ['أندرو', 'Andrew'],
];
const WESTERN_FEMALE: readonly Name[] = [
  ['إيما', 'Emma'], ['سارة', 'Sarah'], ['أوليفيا', 'Olivia'], ['إيميلي', 'Emily'], ['جيسيكا', 'Jessica'],
  ['لورا', 'Laura'], ['هانا', 'Hannah'], ['ريتشل', 'Rachel'],
];
const WESTERN_FAMILIES: readonly Name[] = [
  ['سميث', 'Smith'], ['جونسون', 'Johnson'], ['براون', 'Brown'], ['تايلور', 'Taylor'], ['ويلسون', 'Wilson'],
  ['ديفيز', 'Davies'], ['ميلر', 'Miller'], ['كلارك', 'Clark'], ['ووكر', 'Walker'], ['رايت', 'Wright'],
];

/** How names are built for a nationality: first names by sex, family names, and how many parts. */
interface NameStyle {
  male: readonly Name[];
  female: readonly Name[];
  families: readonly Name[];
  /** 4: first father grandfather family; 3: first father family; 2: first family. */
  parts: 2 | 3 | 4;
  /** A wife takes her husband's family name. */
  wifeTakesFamily: boolean;
}

const NAME_STYLES: Readonly<Record<string, NameStyle>> = (() => {
  const styles: Record<string, NameStyle> = {
    SAU: { male: ARAB_MALE, female: ARAB_FEMALE, families: SAUDI_FAMILIES, parts: 4, wifeTakesFamily: false },
    PHL: { male: FILIPINO_MALE, female: FILIPINO_FEMALE, families: FILIPINO_FAMILIES, parts: 2, wifeTakesFamily: true },
    IDN: { male: INDONESIAN_MALE, female: INDONESIAN_FEMALE, families: INDONESIAN_FAMILIES, parts: 2, wifeTakesFamily: true },
    GBR: { male: WESTERN_MALE, female: WESTERN_FEMALE, families: WESTERN_FAMILIES, parts: 2, wifeTakesFamily: true },
    USA: { male: WESTERN_MALE, female: WESTERN_FEMALE, families: WESTERN_FAMILIES, parts: 2, wifeTakesFamily: true },
  };
  for (const [code, families] of Object.entries(GCC_FAMILIES)) {
    styles[code] = { male: ARAB_MALE, female: ARAB_FEMALE, families, parts: 4, wifeTakesFamily: false };
  }
  for (const [code, families] of Object.entries(ARAB_FAMILIES)) {
    styles[code] = { male: ARAB_MALE, female: ARAB_FEMALE, families, parts: 4, wifeTakesFamily: false };
  }
  for (const [code, families] of Object.entries(SOUTH_ASIAN_MUSLIM_FAMILIES)) {
    styles[code] = { male: SOUTH_ASIAN_MUSLIM_MALE, female: SOUTH_ASIAN_MUSLIM_FEMALE, families, parts: 3, wifeTakesFamily: true };
  }
  for (const [code, families] of Object.entries(SOUTH_ASIAN_FAMILIES)) {
    styles[code] = { male: SOUTH_ASIAN_MALE, female: SOUTH_ASIAN_FEMALE, families, parts: 2, wifeTakesFamily: true };
  }
  return styles;
})();

// ---------------------------------------------------------------------------------------------
// Mixes

type Weighted<T> = readonly (readonly [T, number])[];

/** A weighted choice, drawn from one uniform number. */
class Mix<T> {
  private readonly values: T[] = [];
  private readonly bounds: number[] = [];

  constructor(weights: Weighted<T>) {
    let total = 0;
    for (const [, w] of weights) total += w;
    let running = 0;
    for (const [value, w] of weights) {
      running += w / total;
      this.values.push(value);
      this.bounds.push(running);
    }
    this.bounds[this.bounds.length - 1] = 1;
  }

  draw(r: number): T {
    const { bounds, values } = this;
    for (let i = 0; i < bounds.length - 1; i++) {
      if (r < (bounds[i] as number)) return values[i] as T;
    }
    return values[values.length - 1] as T;
  }
}

const CATEGORY_MIX = new Mix<PersonCategory>([
  ['citizen', 55], ['resident', 22], ['visitor', 8], ['gcc', 5], ['dependent', 10],
]);
const RESIDENT_NATIONALITIES = new Mix<string>([
  ['IND', 20], ['PAK', 14], ['BGD', 14], ['EGY', 12], ['PHL', 8], ['YEM', 8], ['SDN', 6], ['IDN', 5],
  ['NPL', 4], ['JOR', 4], ['LKA', 2], ['GBR', 1.5], ['USA', 1.5],
]);
const VISITOR_NATIONALITIES = new Mix<string>([
  ['EGY', 10], ['PAK', 10], ['IND', 10], ['IDN', 10], ['BGD', 6], ['JOR', 6], ['GBR', 8], ['USA', 8],
  ['YEM', 4], ['PHL', 4], ['SDN', 4], ['NPL', 2], ['LKA', 2],
]);
const GCC_NATIONALITIES = new Mix<string>([['ARE', 25], ['KWT', 25], ['BHR', 15], ['QAT', 15], ['OMN', 20]]);

const PASSPORT_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ'.split('');

type AgeRange = readonly [min: number, max: number];
const AGES_CHILD: AgeRange = [0, 16];
const AGES_ADULT: AgeRange = [17, 59];
const AGES_ELDER: AgeRange = [60, 95];
const AGES_WORKER_CORE: AgeRange = [24, 45];
const AGES_WORKER: AgeRange = [19, 64];
const AGES_YOUNG_VISITOR: AgeRange = [1, 16];
const AGES_VISITOR: AgeRange = [18, 75];
const AGES_DEPENDENT: AgeRange = [0, 24];

/** The spec of a random person of each category (shared, read-only). */
const RANDOM_SPECS: Readonly<Record<PersonCategory, Spec>> = {
  citizen: { category: 'citizen' },
  resident: { category: 'resident' },
  visitor: { category: 'visitor' },
  gcc: { category: 'gcc' },
  dependent: { category: 'dependent' },
};

// ---------------------------------------------------------------------------------------------
// The builder

/** What a curated person fixes; everything left out is drawn at random. */
interface Spec {
  category: PersonCategory;
  nationality?: string;
  sex?: 'M' | 'F';
  /** Exact birth day number, or an age range in whole years. */
  birthDay?: number;
  age?: readonly [min: number, max: number];
  deceased?: boolean;
  cancelled?: boolean;
  /** Document expiry, in days from the reference date. */
  documentExpiresIn?: number;
  /** Visitors: visa expiry, in days from the reference date. */
  visaExpiresIn?: number;
  fingerprint?: boolean;
  hasMobile?: boolean;
  /** Dependents: position of the sponsoring resident, and spouse or child. */
  sponsorAt?: number;
  relation?: 'spouse' | 'child';
}

interface Sponsor {
  index: number;
  idNumber: string;
  nationality: string;
  birthDay: number;
  first: Name;
  father: Name;
  family: Name;
}

class PopulationBuilder {
  readonly people: RegistryPerson[] = [];
  private readonly random: () => number;
  private readonly refDay: number;
  private readonly refIso: string;
  private readonly refPacked: number;
  private readonly iso: IsoDates;
  private readonly nationalIds: UniqueNumbers;
  private readonly iqamas: UniqueNumbers;
  private readonly borders: UniqueNumbers;
  private readonly mobiles: UniqueNumbers;
  private readonly passports: UniqueNumbers;
  private readonly sponsors: Sponsor[] = [];

  constructor(seed: number, refIso: string) {
    this.random = makeRandom(seed);
    this.refIso = refIso;
    this.refDay = dayFromIso(refIso);
    this.refPacked = packedFromDay(this.refDay);
    this.iso = new IsoDates(this.refDay);
    this.nationalIds = new UniqueNumbers(1e8, 27, this.random);
    this.iqamas = new UniqueNumbers(1e8, 27, this.random);
    this.borders = new UniqueNumbers(1e9, 30, this.random);
    this.mobiles = new UniqueNumbers(1e8, 27, this.random);
    this.passports = new UniqueNumbers(1e8, 27, this.random);
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  private int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)] as T;
  }

  private weighted<T>(mix: Mix<T>): T {
    return mix.draw(this.random());
  }

  private birthDayForAge(min: number, max: number): number {
    const youngest = Math.ceil(min * YEAR_DAYS);
    const oldest = Math.floor((max + 1) * YEAR_DAYS) - 1;
    return this.refDay - this.int(youngest, oldest);
  }

  private randomAge(category: PersonCategory): AgeRange {
    const r = this.random();
    switch (category) {
      case 'citizen':
      case 'gcc':
        return r < 0.28 ? AGES_CHILD : r < 0.9 ? AGES_ADULT : AGES_ELDER;
      case 'resident':
        return r < 0.7 ? AGES_WORKER_CORE : AGES_WORKER;
      case 'visitor':
        return r < 0.05 ? AGES_YOUNG_VISITOR : AGES_VISITOR;
      case 'dependent':
        return AGES_DEPENDENT;
    }
  }

  private nextId(kind: IdentifierKind): string {
    if (kind === 'border') {
      return String((this.chance(0.5) ? 3e9 : 4e9) + this.borders.next());
    }
    const body = kind === 'national_id' ? 1e8 + this.nationalIds.next() : 2e8 + this.iqamas.next();
    return String(body * 10 + luhnDigit(body));
  }

  add(spec: Spec): RegistryPerson {
    const index = this.people.length;
    let category = spec.category;

    // Sponsor first: a dependent takes the sponsor's nationality and family.
    let sponsor: Sponsor | undefined;
    if (category === 'dependent') {
      const at = spec.sponsorAt;
      sponsor = at !== undefined ? this.sponsors.find((s) => s.index === at) : this.sponsors.length > 0 ? this.pick(this.sponsors) : undefined;
      if (sponsor === undefined) category = 'resident';
    }
    const relation = sponsor ? spec.relation ?? (this.chance(0.35) ? 'spouse' : 'child') : undefined;

    const nationality = spec.nationality ?? (
      sponsor ? sponsor.nationality
      : category === 'citizen' ? 'SAU'
      : category === 'gcc' ? this.weighted(GCC_NATIONALITIES)
      : category === 'visitor' ? this.weighted(VISITOR_NATIONALITIES)
      : this.weighted(RESIDENT_NATIONALITIES)
    );
    const style = NAME_STYLES[nationality] ?? (NAME_STYLES.SAU as NameStyle);

    const sex: 'M' | 'F' = spec.sex ?? (
      relation === 'spouse' ? 'F'
      : category === 'resident' ? (this.chance(0.8) ? 'M' : 'F')
      : category === 'visitor' ? (this.chance(0.6) ? 'M' : 'F')
      : this.chance(0.5) ? 'M' : 'F'
    );

    let birthDay: number;
    if (spec.birthDay !== undefined) {
      birthDay = spec.birthDay;
    } else if (spec.age) {
      birthDay = this.birthDayForAge(spec.age[0], spec.age[1]);
    } else if (sponsor) {
      const sponsorAge = Math.floor((this.refDay - sponsor.birthDay) / YEAR_DAYS);
      birthDay = relation === 'spouse'
        ? this.birthDayForAge(18, Math.max(18, sponsorAge + 2))
        : this.birthDayForAge(0, Math.max(0, Math.min(24, sponsorAge - 20)));
    } else {
      const [min, max] = this.randomAge(category);
      birthDay = this.birthDayForAge(min, max);
    }
    const birthDate = this.iso.get(birthDay);
    const age = Math.floor((this.refPacked - packedFromDay(birthDay)) / 10000);

    // Names
    const first = this.pick(sex === 'M' ? style.male : style.female);
    let father: Name;
    let grandfather: Name;
    let family: Name;
    if (sponsor && relation === 'child') {
      father = sponsor.first;
      grandfather = sponsor.father;
      family = sponsor.family;
    } else {
      father = this.pick(style.male);
      grandfather = this.pick(style.male);
      family = sponsor && style.wifeTakesFamily ? sponsor.family : this.pick(style.families);
    }
    // Array.join gives flat strings: fewer, smaller heap objects than chained concatenation.
    let nameAr: string;
    let nameEn: string;
    if (style.parts === 4) {
      nameAr = [first[0], father[0], grandfather[0], family[0]].join(' ');
      nameEn = [first[1], father[1], grandfather[1], family[1]].join(' ');
    } else if (style.parts === 3) {
      nameAr = [first[0], father[0], family[0]].join(' ');
      nameEn = [first[1], father[1], family[1]].join(' ');
    } else {
      nameAr = [first[0], family[0]].join(' ');
      nameEn = [first[1], family[1]].join(' ');
    }

    // Deaths are recorded for residents of the Kingdom; a visitor's rarely.
    const deceased = spec.deceased ?? this.chance(
      category === 'visitor' ? 0.0005 : age >= 60 ? 0.05 : age < 17 ? 0.001 : 0.004,
    );

    const idKind: IdentifierKind = category === 'citizen' ? 'national_id' : category === 'resident' || category === 'dependent' ? 'iqama' : 'border';
    const idNumber = this.nextId(idKind);

    // Documents: ID card / Iqama; a visitor's document is the visa.
    let visaExpiry: string | null = null;
    let documentExpiresIn: number;
    if (category === 'visitor') {
      documentExpiresIn = spec.visaExpiresIn ?? this.int(-60, 365);
      visaExpiry = this.iso.get(this.refDay + documentExpiresIn);
    } else {
      documentExpiresIn = spec.documentExpiresIn ?? (
        category === 'citizen' ? this.int(-730, 3650)
        : category === 'gcc' ? this.int(-365, 1825)
        : this.int(-240, 730)
      );
    }
    const documentExpiry = visaExpiry ?? this.iso.get(this.refDay + documentExpiresIn);
    const cancelled = spec.cancelled ?? this.chance(
      category === 'resident' ? 0.015 : category === 'dependent' ? 0.01 : category === 'visitor' ? 0.005 : 0.002,
    );
    const documentStatus: DocumentStatus = cancelled ? 'cancelled' : documentExpiresIn < 0 ? 'expired' : 'valid';

    const fingerprintEnrolled = spec.fingerprint ?? (
      category === 'citizen' ? this.chance(age < 15 ? 0.1 : 0.97)
      : category === 'resident' ? this.chance(0.99)
      : category === 'dependent' ? age >= 6 && this.chance(0.85)
      : category === 'visitor' ? this.chance(0.93)
      : this.chance(age < 15 ? 0.2 : 0.8)
    );

    const hasMobile = spec.hasMobile ?? (
      !deceased && age >= 17 && this.chance(
        category === 'citizen' ? 0.95 : category === 'resident' ? 0.96 : category === 'gcc' ? 0.75 : 0.7,
      )
    );
    const mobile = hasMobile ? `+966${5e8 + this.mobiles.next()}` : null;

    const hasPassport = category !== 'citizen' || this.chance(age >= 17 ? 0.8 : 0.4);
    const passportNumber = hasPassport
      ? (PASSPORT_LETTERS[Math.floor(this.random() * PASSPORT_LETTERS.length)] as string) + String(1e8 + this.passports.next()).slice(1)
      : null;

    const person: RegistryPerson = {
      idNumber,
      idKind,
      category,
      nameAr,
      nameEn,
      birthDate,
      sex,
      nationality,
      mobile,
      fingerprintEnrolled,
      deceased,
      documentStatus,
      documentExpiry,
      visaExpiry,
      sponsorId: sponsor ? sponsor.idNumber : null,
      passportNumber,
    };
    this.people.push(person);

    if (category === 'resident' && sex === 'M' && !deceased && !cancelled && age >= 23) {
      this.sponsors.push({ index, idNumber, nationality, birthDay, first, father, family });
    }
    return person;
  }

  /** The curated demo people, in their fixed order (positions 0..34). */
  curated(): Spec[] {
    const ref = this.refIso;
    return [
      // 0–9: eligible, one per category first, then useful variations
      { category: 'citizen', sex: 'M', age: [30, 40], documentExpiresIn: 1900, fingerprint: true, hasMobile: true, deceased: false, cancelled: false },
      { category: 'resident', nationality: 'IND', sex: 'M', age: [35, 42], documentExpiresIn: 300, fingerprint: true, hasMobile: true, deceased: false, cancelled: false },
      { category: 'visitor', nationality: 'GBR', sex: 'F', age: [35, 50], visaExpiresIn: 90, fingerprint: true, hasMobile: true, deceased: false, cancelled: false },
      { category: 'gcc', nationality: 'KWT', sex: 'M', age: [25, 35], documentExpiresIn: 1200, fingerprint: true, hasMobile: true, deceased: false, cancelled: false },
      { category: 'dependent', sponsorAt: 1, relation: 'spouse', age: [25, 34], documentExpiresIn: 300, fingerprint: true, hasMobile: true, deceased: false, cancelled: false },
      // citizen whose ID card expires within 180 days (renewal)
      { category: 'citizen', sex: 'F', age: [25, 32], documentExpiresIn: 60, fingerprint: true, hasMobile: true, deceased: false, cancelled: false },
      // citizen whose ID card has expired (still eligible)
      { category: 'citizen', sex: 'M', age: [45, 55], documentExpiresIn: -200, fingerprint: true, hasMobile: true, deceased: false, cancelled: false },
      // resident whose Iqama has expired (still eligible); also a sponsor
      { category: 'resident', nationality: 'EGY', sex: 'M', age: [38, 48], documentExpiresIn: -30, fingerprint: true, hasMobile: true, deceased: false, cancelled: false },
      // citizen whose 17th birthday is today (eligible)
      { category: 'citizen', sex: 'F', birthDay: yearsBefore(ref, 17), documentExpiresIn: 3000, fingerprint: true, hasMobile: true, deceased: false, cancelled: false },
      // citizen with no mobile on record (eligible)
      { category: 'citizen', sex: 'M', age: [40, 50], documentExpiresIn: 2500, fingerprint: true, hasMobile: false, deceased: false, cancelled: false },

      // 10–14: under 17
      { category: 'citizen', sex: 'M', birthDay: yearsBefore(ref, 17) + 1, documentExpiresIn: 3000, fingerprint: true, hasMobile: false, deceased: false, cancelled: false },
      { category: 'citizen', sex: 'F', age: [12, 12], documentExpiresIn: 2000, fingerprint: false, hasMobile: false, deceased: false, cancelled: false },
      { category: 'dependent', sponsorAt: 1, relation: 'child', age: [8, 8], documentExpiresIn: 300, fingerprint: false, hasMobile: false, deceased: false, cancelled: false },
      { category: 'visitor', nationality: 'USA', age: [10, 10], visaExpiresIn: 45, fingerprint: true, hasMobile: false, deceased: false, cancelled: false },
      { category: 'gcc', nationality: 'ARE', age: [15, 15], documentExpiresIn: 900, fingerprint: false, hasMobile: false, deceased: false, cancelled: false },

      // 15–19: deceased
      { category: 'citizen', sex: 'M', age: [78, 85], documentExpiresIn: 400, fingerprint: true, hasMobile: false, deceased: true, cancelled: false },
      { category: 'citizen', sex: 'F', age: [38, 45], documentExpiresIn: 1500, fingerprint: true, hasMobile: false, deceased: true, cancelled: false },
      { category: 'resident', nationality: 'PAK', sex: 'M', age: [45, 55], documentExpiresIn: 200, fingerprint: true, hasMobile: false, deceased: true, cancelled: false },
      { category: 'gcc', nationality: 'OMN', sex: 'M', age: [60, 70], documentExpiresIn: 700, fingerprint: true, hasMobile: false, deceased: true, cancelled: false },
      { category: 'dependent', sponsorAt: 7, relation: 'spouse', age: [35, 45], documentExpiresIn: 200, fingerprint: true, hasMobile: false, deceased: true, cancelled: false },

      // 20–24: resident with a cancelled Iqama
      { category: 'resident', nationality: 'PAK', sex: 'M', age: [28, 40], documentExpiresIn: 150, fingerprint: true, hasMobile: true, deceased: false, cancelled: true },
      { category: 'resident', nationality: 'BGD', sex: 'M', age: [25, 35], documentExpiresIn: 400, fingerprint: true, hasMobile: true, deceased: false, cancelled: true },
      { category: 'resident', nationality: 'PHL', sex: 'F', age: [30, 45], documentExpiresIn: 20, fingerprint: true, hasMobile: true, deceased: false, cancelled: true },
      { category: 'resident', nationality: 'EGY', sex: 'M', age: [40, 55], documentExpiresIn: -100, fingerprint: true, hasMobile: false, deceased: false, cancelled: true },
      { category: 'resident', nationality: 'YEM', sex: 'M', age: [30, 50], documentExpiresIn: 600, fingerprint: true, hasMobile: true, deceased: false, cancelled: true },

      // 25–29: visitor whose visa has expired
      { category: 'visitor', nationality: 'USA', sex: 'M', age: [30, 60], visaExpiresIn: -1, fingerprint: true, hasMobile: true, deceased: false, cancelled: false },
      { category: 'visitor', nationality: 'JOR', sex: 'F', age: [25, 50], visaExpiresIn: -10, fingerprint: true, hasMobile: true, deceased: false, cancelled: false },
      { category: 'visitor', nationality: 'IDN', sex: 'M', age: [40, 65], visaExpiresIn: -60, fingerprint: true, hasMobile: false, deceased: false, cancelled: false },
      { category: 'visitor', nationality: 'EGY', sex: 'M', age: [25, 45], visaExpiresIn: -365, fingerprint: true, hasMobile: true, deceased: false, cancelled: false },
      { category: 'visitor', nationality: 'IND', sex: 'F', age: [20, 40], visaExpiresIn: -3, fingerprint: true, hasMobile: true, deceased: false, cancelled: false },

      // 30–34: adult dependent without a fingerprint
      { category: 'dependent', sponsorAt: 1, relation: 'child', age: [18, 18], documentExpiresIn: 300, fingerprint: false, hasMobile: true, deceased: false, cancelled: false },
      { category: 'dependent', sponsorAt: 7, relation: 'spouse', age: [30, 40], documentExpiresIn: 250, fingerprint: false, hasMobile: true, deceased: false, cancelled: false },
      { category: 'dependent', sponsorAt: 7, relation: 'child', age: [17, 17], documentExpiresIn: 250, fingerprint: false, hasMobile: false, deceased: false, cancelled: false },
      { category: 'dependent', sponsorAt: 1, relation: 'child', age: [19, 20], documentExpiresIn: -20, fingerprint: false, hasMobile: true, deceased: false, cancelled: false },
      { category: 'dependent', sponsorAt: 7, relation: 'child', age: [20, 21], documentExpiresIn: 500, fingerprint: false, hasMobile: true, deceased: false, cancelled: false },
    ];
  }

  addRandom(): RegistryPerson {
    return this.add(RANDOM_SPECS[this.weighted(CATEGORY_MIX)]);
  }
}

/** A deterministic synthetic population; see the header for what it guarantees. */
export function generatePopulation(options: PopulationOptions): RegistryPerson[] {
  const { seed, size, referenceDate } = options;
  if (!Number.isFinite(seed)) throw new RangeError('seed must be a finite number');
  if (!Number.isInteger(size) || size < 0 || size > MAX_POPULATION) {
    throw new RangeError(`size must be an integer from 0 to ${MAX_POPULATION}`);
  }
  const builder = new PopulationBuilder(Math.trunc(seed) >>> 0, riyadhCalendarDate(referenceDate));
  const curated = builder.curated();
  for (let i = 0; i < size; i++) {
    const spec = curated[i];
    if (spec) builder.add(spec);
    else builder.addRandom();
  }
  return builder.people;
}

export interface DemoIdentities {
  /** For each category, the first person who may register. */
  eligible: Partial<Record<PersonCategory, RegistryPerson>>;
  /** For each ineligibility reason, the first person it applies to. */
  ineligible: Partial<Record<IneligibilityReason, RegistryPerson>>;
}

const ALL_REASONS: readonly IneligibilityReason[] = [
  'deceased', 'under_age', 'document_cancelled', 'visa_expired', 'no_fingerprint', 'category_not_allowed',
];
const ALL_CATEGORIES: readonly PersonCategory[] = ['citizen', 'resident', 'visitor', 'gcc', 'dependent'];

/** People to try in a demo: the first eligible person of each category and the first person for each reason to refuse. */
export function demoIdentities(
  people: readonly RegistryPerson[],
  options: { today: Date; minimumAge?: number },
): DemoIdentities {
  const result: DemoIdentities = { eligible: {}, ineligible: {} };
  const check = { today: options.today, minimumAge: options.minimumAge ?? 17 };
  // category_not_allowed never occurs in a generated population: do not scan everyone for it.
  let found = 0;
  const wanted = ALL_CATEGORIES.length + ALL_REASONS.length - 1;
  for (const person of people) {
    const outcome = checkEligibility(person, check);
    if (outcome.eligible) {
      if (!result.eligible[person.category]) {
        result.eligible[person.category] = person;
        found++;
      }
    } else if (!result.ineligible[outcome.reason]) {
      result.ineligible[outcome.reason] = person;
      if (outcome.reason !== 'category_not_allowed') found++;
    }
    if (found === wanted) break;
  }
  return result;
}
