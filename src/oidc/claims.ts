// What the provider tells a portal about a person, by scope. Guarantees: claims come from the account
// and the civil registry at the moment they are asked for (a suspended or disabled account yields no
// account: its tokens stop working at userinfo and refresh); the national ID is released only under
// the `national_id` scope; names come in both languages (name_ar, name_en) plus `name` in the
// holder's preferred language; the account level is a stable word and an acr value.
import type { Account as OidcAccount, AccountClaims } from 'oidc-provider';
import type { CivilRegistry } from '../core/ports.ts';
import type { Account, AccountRepository } from '../core/store.ts';

/** Claims released under each scope (`openid` adds only `sub`). */
export const claimsByScope = {
  profile: ['name', 'name_ar', 'name_en', 'birthdate', 'nationality', 'person_type', 'locale'],
  absher: ['account_level'],
  national_id: ['national_id', 'id_type'],
} as const;

/** Authentication context classes, lowest to highest: a registered account, an activated one, a sign-in through Nafath. */
export const acrValues = ['urn:absher:acr:registered', 'urn:absher:acr:active', 'urn:absher:acr:nafath'] as const;
export type AcrValue = (typeof acrValues)[number];

/** The acr an account earns with a sign-in of the given method. */
export function acrFor(account: Pick<Account, 'status'>, method: 'password_otp' | 'nafath'): AcrValue {
  if (account.status !== 'active') return 'urn:absher:acr:registered';
  return method === 'nafath' ? 'urn:absher:acr:nafath' : 'urn:absher:acr:active';
}

/** True when `earned` meets at least one of the requested acr values (none requested: always). */
export function acrSatisfies(earned: AcrValue, requested: readonly string[]): boolean {
  const known = requested.filter((value): value is AcrValue => (acrValues as readonly string[]).includes(value));
  if (known.length === 0) return true;
  const rank = acrValues.indexOf(earned);
  return known.some((value) => acrValues.indexOf(value) <= rank);
}

export type AccountClaimsSource = { findAccount(accountId: string): Promise<OidcAccount | undefined> };

export class RegistryAccountClaims implements AccountClaimsSource {
  readonly #accounts: AccountRepository;
  readonly #registry: CivilRegistry;

  constructor(accounts: AccountRepository, registry: CivilRegistry) {
    this.#accounts = accounts;
    this.#registry = registry;
  }

  async findAccount(accountId: string): Promise<OidcAccount | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(accountId)) return undefined;
    const account = await this.#accounts.findById(accountId);
    if (!account || (account.status !== 'registered' && account.status !== 'active')) return undefined;
    const registry = this.#registry;
    return {
      accountId: account.id,
      async claims(): Promise<AccountClaims> {
        const person = await registry.findPerson(account.idNumber);
        return {
          sub: account.id,
          ...(person
            ? {
                name: account.preferredLanguage === 'en' ? person.nameEn : person.nameAr,
                name_ar: person.nameAr,
                name_en: person.nameEn,
                birthdate: person.birthDate,
                nationality: person.nationality,
                person_type: person.category,
              }
            : {}),
          locale: account.preferredLanguage,
          account_level: account.status,
          national_id: account.idNumber,
          id_type: account.idKind,
        };
      },
    };
  }
}
