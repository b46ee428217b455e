// The catalogue of e-services: built from the definitions the service folders export (one list in
// services.ts imports them), grouped by sector and searchable in Arabic and English.
// Guarantees: ids are unique (a duplicate stops start-up); search ignores case, Arabic diacritics
// and the usual spelling variants (أ/إ/آ/ا, ة/ه, ى/ي) and matches titles, summaries and keywords in
// both languages; unlisted services are reachable by id but not shown.
import type { Language } from '../store.ts';
import { sectors, serviceMessages, type Sector, type ServiceDefinition } from './definition.ts';

export type CatalogueEntry = { id: string; sector: Sector; title: string; summary: string };

/** Folds text for matching: lower case, no Arabic diacritics or tatweel, one form of alef, ya and ta marbuta, Western digits. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    .replace(/[٠-٩]/g, (digit) => String(digit.charCodeAt(0) - 0x0660))
    .replace(/[۰-۹]/g, (digit) => String(digit.charCodeAt(0) - 0x06f0))
    .replace(/\s+/g, ' ')
    .trim();
}

export class ServiceCatalogue {
  readonly #byId = new Map<string, ServiceDefinition<any>>();
  readonly #haystacks = new Map<string, string>();

  constructor(definitions: readonly ServiceDefinition<any>[]) {
    for (const definition of definitions) {
      if (this.#byId.has(definition.id)) throw new Error(`service ${definition.id} is defined twice`);
      this.#byId.set(definition.id, definition);
      const words = [
        definition.texts.ar.title,
        definition.texts.en.title,
        definition.texts.ar.summary,
        definition.texts.en.summary,
        ...(definition.keywords ?? []),
      ];
      this.#haystacks.set(definition.id, foldForSearch(words.join(' ')));
    }
  }

  /** Hands every service's texts, as full message ids, to the locales (`addMessages` of src/i18n). */
  registerTexts(add: (language: Language, messages: Record<string, string>) => void): void {
    for (const definition of this.all()) {
      for (const language of ['ar', 'en'] as const) add(language, serviceMessages(definition, language));
    }
  }

  get(id: string): ServiceDefinition<any> | undefined {
    return this.#byId.get(id);
  }

  all(): ServiceDefinition<any>[] {
    return [...this.#byId.values()];
  }

  /** Listed services matching every word of the query (all when it is empty), grouped by sector in the catalogue's order. */
  search(query: string, language: Language, sector?: Sector): Array<{ sector: Sector; services: CatalogueEntry[] }> {
    const words = foldForSearch(query).split(' ').filter(Boolean);
    const matches = this.all().filter(
      (definition) =>
        definition.listed !== false &&
        (sector === undefined || definition.sector === sector) &&
        words.every((word) => this.#haystacks.get(definition.id)!.includes(word)),
    );
    return sectors.map((each) => ({
      sector: each,
      services: matches
        .filter((definition) => definition.sector === each)
        .map((definition) => ({ id: definition.id, sector: each, title: definition.texts[language].title!, summary: definition.texts[language].summary! })),
    }));
  }
}
