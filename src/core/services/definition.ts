// What a service is: one definition per service folder, read by the catalogue, the request engine
// and the generic pages and JSON API. A definition holds everything service-specific — its form
// schema, eligibility rules (returning message ids), fee, steps, texts and work — and nothing about
// HTTP or SQL. Guarantees (checked by `defineService`): texts exist in Arabic and English with the
// same keys and placeholders; the steps start at `submitted` and only name known statuses.
import type { z } from 'zod';
import type { MessageParams } from '../errors.ts';
import type { Account, Language } from '../store.ts';
import type { CivilRegistry, RegistryPerson } from '../ports.ts';
import type { TrafficSystem } from './sectors/traffic.ts';
import type { PaymentsSystem } from './sectors/payments.ts';
import type { PostSystem } from './sectors/post.ts';
import type { PassportsSystem } from './sectors/passports.ts';
import type { CivilAffairsSystem } from './sectors/civil-affairs.ts';

export const sectors = ['civil_affairs', 'passports', 'traffic', 'public_security'] as const;
export type Sector = (typeof sectors)[number];

/** Every status a request can have; each service's steps use some of them. */
export const requestStatuses = [
  'submitted',
  'awaiting_payment',
  'paid',
  'under_review',
  'approved',
  'shipped',
  'delivered',
  'completed',
  'rejected',
  'cancelled',
] as const;
export type RequestStatus = (typeof requestStatuses)[number];

/** The outside systems a service may use. */
export type SectorSystems = {
  registry: CivilRegistry;
  traffic: TrafficSystem;
  payments: PaymentsSystem;
  post: PostSystem;
  passports: PassportsSystem;
  civilAffairs: CivilAffairsSystem;
};

/** What every rule, fee and step sees: the holder, their registry record, today and the systems. */
export type ServiceContext = {
  now: Date;
  /** Today's date in Riyadh, ISO yyyy-mm-dd. */
  today: string;
  account: Account;
  person: RegistryPerson;
  systems: SectorSystems;
};

/** A message id (from the service's texts or the locales) with its parameters. */
export type Message = { id: string; params?: MessageParams };

/** A value to show: views turn it into words, a dual Hijri/Gregorian date or an amount in riyals. */
export type Display =
  | { kind: 'text'; value: string }
  | { kind: 'message'; id: string; params?: MessageParams }
  | { kind: 'date'; iso: string }
  | { kind: 'money'; halalas: number };

export type Fact = { label: string; value: Display };

/** A link from an overview row to another service's form, prefilled. */
export type RowAction = { label: string; params?: MessageParams; service: string; prefill: Record<string, string> };

export type OverviewBlock =
  | { kind: 'facts'; title: string; facts: Fact[] }
  | { kind: 'table'; title: string; columns: string[]; rows: Array<{ cells: Display[]; actions: RowAction[] }>; empty: string };

/** A form control the generic page renders; `label`/`hint`/option labels are message ids. */
export type FieldSpec =
  | { name: string; kind: 'text' | 'textarea'; label: string; hint?: string; maxLength?: number }
  | { name: string; kind: 'choice'; label: string; hint?: string; multiple?: boolean; options: Array<{ value: string; label: string; params?: MessageParams; /** An ISO day shown beside the label (Hijri and Gregorian). */ date?: string }> }
  | { name: string; kind: 'confirm'; label: string; hint?: string };

/** A failed rule: the message id says why (with its parameters); null when the rule passes. */
export type RuleOutcome = Message | null;

export type EligibilityRule<Input> = {
  /** Stable id, for tests and logs. */
  id: string;
  /**
   * Checks the rule. `input` is null when the page checks before the form is filled: a rule that
   * needs the input passes then (it is checked again on submission).
   */
  check(context: ServiceContext, input: Input | null): Promise<RuleOutcome>;
};

export type Fee = { halalas: number; description: Message };

/** What the service's work did: the next status, a result to keep and a note for the history. */
export type StepOutcome = { status: RequestStatus; result?: Record<string, string | number>; note?: Message };

/** A request as a service's work sees it. */
export type RequestSnapshot<Input> = {
  id: string;
  reference: string;
  status: RequestStatus;
  input: Input;
  result: Record<string, string | number>;
  feeHalalas: number;
};

/** The statuses a service's requests go through: for each status, the statuses it may move to. */
export type Steps = Partial<Record<RequestStatus, readonly RequestStatus[]>>;

export type ServiceTexts = Record<Language, Record<string, string>>;

export type ServiceDefinition<Input = unknown> = {
  /** Dotted id, also the prefix of its texts' message ids (e.g. 'traffic.licence_renewal'). */
  id: string;
  sector: Sector;
  /**
   * Message texts keyed by the part after the id: at least `title` and `summary`; rules, fields,
   * notes and statuses name them as `<id>.<key>`. Registered with the locales at start-up.
   */
  texts: ServiceTexts;
  /** Words people search for (both languages), beside the title and summary. */
  keywords?: string[];
  /** False for services reached only from another service's page (e.g. paying a chosen violation). */
  listed?: boolean;
  /** Inquiry-only services show an overview and take no requests. */
  inquiryOnly?: boolean;
  /** Pages of the service's own beside the generic one (e.g. a photo upload, the digital ID card); labels are message ids. */
  links?: ReadonlyArray<{ href: string; label: string }>;
  /** The schema of the submitted form (raw strings and arrays in, typed input out). */
  form: z.ZodType<Input>;
  /** The controls of the form, given what the holder has (e.g. their unpaid violations). */
  fields(context: ServiceContext): Promise<FieldSpec[]>;
  /** What the holder's records show on the service's page (facts and tables). */
  overview?(context: ServiceContext): Promise<OverviewBlock[]>;
  rules: readonly EligibilityRule<Input>[];
  /** The fee for this input, paid through a SADAD bill before the work is done; null when free. */
  fee(context: ServiceContext, input: Input): Promise<Fee | null>;
  /** At most one open request per subject (e.g. one renewal per licence, one payment per violation). */
  subjectKey(context: ServiceContext, input: Input): string;
  steps: Steps;
  /** The work done once the request is submitted (and paid when there is a fee). */
  process(context: ServiceContext, request: RequestSnapshot<Input>): Promise<StepOutcome>;
  /** Asks the sector system whether a request waiting on it has moved (e.g. a dispute decided). */
  poll?(context: ServiceContext, request: RequestSnapshot<Input>): Promise<StepOutcome | null>;
  /** When a document results: what is delivered by post to the national address (status `approved` → `shipped`). */
  document?: { contents: string };
};

/** Checks a definition's texts and steps once, at start-up; returns it unchanged. */
export function defineService<Input>(definition: ServiceDefinition<Input>): ServiceDefinition<Input> {
  const { id, texts, steps } = definition;
  if (!/^[a-z_]+(\.[a-z_]+)+$/.test(id)) throw new Error(`service id ${id}: lower-case dotted words`);
  for (const required of ['title', 'summary']) {
    if (!texts.ar[required] || !texts.en[required]) throw new Error(`service ${id}: texts.${required} missing`);
  }
  const arKeys = Object.keys(texts.ar).sort();
  const enKeys = Object.keys(texts.en).sort();
  if (arKeys.join() !== enKeys.join()) throw new Error(`service ${id}: Arabic and English texts differ in keys`);
  for (const key of arKeys) {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join();
    if (placeholders(texts.ar[key]!) !== placeholders(texts.en[key]!)) throw new Error(`service ${id}: texts.${key} placeholders differ`);
  }
  if (!steps.submitted) throw new Error(`service ${id}: steps must start at submitted`);
  for (const [from, targets] of Object.entries(steps)) {
    for (const status of [from, ...(targets ?? [])]) {
      if (!(requestStatuses as readonly string[]).includes(status)) throw new Error(`service ${id}: unknown status ${status}`);
    }
  }
  if (definition.document && !Object.values(steps).some((targets) => targets?.includes('shipped'))) {
    throw new Error(`service ${id}: a document service must reach shipped`);
  }
  return definition;
}

/** The message ids of a service's own texts: `<id>.<key>`. */
export function serviceMessages(definition: ServiceDefinition<any>, language: Language): Record<string, string> {
  return Object.fromEntries(Object.entries(definition.texts[language]).map(([key, text]) => [`${definition.id}.${key}`, text]));
}

/** Statuses after which nothing more happens. */
export const finalStatuses: readonly RequestStatus[] = ['completed', 'delivered', 'rejected', 'cancelled'];

/** Common step sets. */
export const stepSets = {
  /** Fee, then the work completes it. */
  paidThenCompleted: {
    submitted: ['awaiting_payment', 'completed', 'rejected'],
    awaiting_payment: ['paid', 'cancelled'],
    paid: ['completed', 'rejected'],
  },
  /** Fee, then a document is issued and delivered by post. */
  paidThenDelivered: {
    submitted: ['awaiting_payment', 'approved', 'rejected'],
    awaiting_payment: ['paid', 'cancelled'],
    paid: ['approved', 'rejected'],
    approved: ['shipped'],
    shipped: ['delivered'],
  },
  /** No fee: the sector system reviews it and decides. */
  reviewed: {
    submitted: ['under_review', 'completed', 'rejected'],
    under_review: ['completed', 'rejected'],
  },
} as const satisfies Record<string, Steps>;
