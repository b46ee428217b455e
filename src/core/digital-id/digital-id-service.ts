// The digital ID card: what an active holder's card shows and the short-lived signed token its QR
// code carries, plus the platform's signing keys and their public document.
// Guarantees: the signing key (Ed25519) is generated on first use and kept in the database with its
// private half sealed (AES-256-GCM under a key derived from the root secret); two processes starting
// at once end up with the same single active key (the store keeps one); only an `active` account
// gets a card; a token lives `validitySeconds` (5 minutes by default) and carries only the card
// claims (a masked ID, names, nationality, birth date, document expiry), never the full ID number.
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { AppError } from '../errors.ts';
import type { Account, AccountRepository } from '../store.ts';
import type { CivilRegistry, Clock, IdentifierKind, PersonCategory } from '../ports.ts';
import type { Secrets } from '../secrets.ts';
import { maskIdNumber } from '../identity/national-id.ts';
import type { PassportsSystem } from '../services/sectors/passports.ts';
import type { CivilAffairsSystem, StoredPhoto } from '../services/sectors/civil-affairs.ts';
import { DIGITAL_ID_ALGORITHM, DIGITAL_ID_TYPE, verifyDigitalIdToken, type CardClaims, type PublicKeyDocument, type VerifyOutcome } from './token.ts';
import { sectorCall } from '../services/sectors/sector-errors.ts';

export type StoredSigningKey = {
  kid: string;
  algorithm: 'EdDSA';
  publicJwk: JWK;
  sealedPrivateJwk: string;
  createdAt: Date;
  retiredAt: Date | null;
};

/** Where the signing keys live. */
export interface DigitalIdKeyStore {
  /** The one active key, or null before the first is made. */
  active(): Promise<StoredSigningKey | null>;
  /** Stores a key as the active one unless one already is; true when this one was stored. */
  insertActive(key: StoredSigningKey): Promise<boolean>;
  /** Keys whose tokens may still be live (active, or retired after `since`). */
  publishable(since: Date): Promise<StoredSigningKey[]>;
}

export type DigitalIdCard = {
  nameAr: string;
  nameEn: string;
  idMasked: string;
  idKind: IdentifierKind;
  category: PersonCategory;
  nationality: string;
  birthDate: string;
  documentExpiry: string;
  documentStatus: 'valid' | 'expired' | 'cancelled';
  /** The photo on the ID card, when civil affairs has one; otherwise the page shows a placeholder. */
  photoId: string | null;
};

export type IssuedCard = { card: DigitalIdCard; token: string; verifyUrl: string; issuedAt: Date; expiresAt: Date };

export class DigitalIdService {
  readonly #keys: DigitalIdKeyStore;
  readonly #accounts: AccountRepository;
  readonly #registry: CivilRegistry;
  readonly #passports: PassportsSystem;
  readonly #civil: CivilAffairsSystem;
  readonly #secrets: Secrets;
  readonly #clock: Clock;
  readonly #issuer: string;
  readonly #validitySeconds: number;
  #signing: Promise<{ kid: string; key: CryptoKey }> | null = null;

  constructor(options: {
    keys: DigitalIdKeyStore;
    accounts: AccountRepository;
    registry: CivilRegistry;
    passports: PassportsSystem;
    civilAffairs: CivilAffairsSystem;
    secrets: Secrets;
    clock: Clock;
    /** The platform's public URL: the tokens' issuer and the verify page's origin. */
    issuer: string;
    validitySeconds?: number;
  }) {
    this.#keys = options.keys;
    this.#accounts = options.accounts;
    this.#registry = options.registry;
    this.#passports = options.passports;
    this.#civil = options.civilAffairs;
    this.#secrets = options.secrets;
    this.#clock = options.clock;
    this.#issuer = options.issuer.replace(/\/+$/, '');
    this.#validitySeconds = options.validitySeconds ?? 300;
  }

  get validitySeconds(): number {
    return this.#validitySeconds;
  }

  /** The holder's card and a fresh token for its QR code. */
  async issue(accountId: string): Promise<IssuedCard> {
    const account = await this.#accounts.findById(accountId);
    if (!account) throw new AppError('auth.required');
    if (account.status !== 'active') throw new AppError('digital_id.not_active');
    const card = await this.cardOf(account);
    const { kid, key } = await this.#signingKey();
    const issuedAt = new Date(Math.floor(this.#clock.now().getTime() / 1000) * 1000);
    const expiresAt = new Date(issuedAt.getTime() + this.#validitySeconds * 1000);
    const claims: CardClaims = {
      id_masked: card.idMasked,
      id_kind: card.idKind,
      name_ar: card.nameAr,
      name_en: card.nameEn,
      nationality: card.nationality,
      birth_date: card.birthDate,
      document_expiry: card.documentExpiry,
    };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: DIGITAL_ID_ALGORITHM, kid, typ: DIGITAL_ID_TYPE })
      .setIssuer(this.#issuer)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(crypto.randomUUID())
      .sign(key);
    return { card, token, verifyUrl: `${this.#issuer}/verify-id?token=${token}`, issuedAt, expiresAt };
  }

  /** What the card shows, from the civil registry and the document's own system. */
  async cardOf(account: Account): Promise<DigitalIdCard> {
    const person = await sectorCall(() => this.#registry.findPerson(account.idNumber));
    if (!person) throw new AppError('digital_id.no_record');
    let documentExpiry = person.documentExpiry;
    let documentStatus = person.documentStatus;
    let photoId: string | null = null;
    if (person.idKind === 'national_id') {
      const card = await sectorCall(() => this.#civil.idCardOf(person.idNumber));
      if (card) ({ expiresOn: documentExpiry, status: documentStatus, photoId } = card);
    } else if (person.idKind === 'iqama') {
      const iqama = await sectorCall(() => this.#passports.iqamaOf(person.idNumber));
      if (iqama) ({ expiresOn: documentExpiry, status: documentStatus } = iqama);
    }
    return {
      nameAr: person.nameAr,
      nameEn: person.nameEn,
      idMasked: maskIdNumber(person.idNumber),
      idKind: person.idKind,
      category: person.category,
      nationality: person.nationality,
      birthDate: person.birthDate,
      documentExpiry,
      documentStatus,
      photoId,
    };
  }

  /** The photo on the active holder's own ID card, or null when none is on file. */
  async photoOf(accountId: string): Promise<StoredPhoto | null> {
    const account = await this.#accounts.findById(accountId);
    if (!account) throw new AppError('auth.required');
    if (account.status !== 'active') throw new AppError('digital_id.not_active');
    const card = await sectorCall(() => this.#civil.idCardOf(account.idNumber));
    if (!card?.photoId) return null;
    const photoId = card.photoId;
    const photo = await sectorCall(() => this.#civil.photo(photoId));
    return photo && photo.ownerId === account.idNumber ? photo : null;
  }

  /** Checks a pasted or scanned token (or verify URL) against the platform's own published keys. */
  async verify(input: string): Promise<VerifyOutcome> {
    return verifyDigitalIdToken(input, await this.publicKeys(), this.#clock.now());
  }

  /** The public key document for /.well-known/absher-id-keys.json (creating the first key if need be). */
  async publicKeys(): Promise<PublicKeyDocument> {
    await this.#signingKey();
    // A retired key stays published for as long as a token it signed could live.
    const since = new Date(this.#clock.now().getTime() - this.#validitySeconds * 1000);
    const keys = await this.#keys.publishable(since);
    return { issuer: this.#issuer, keys: keys.map((key) => ({ ...key.publicJwk, kid: key.kid, alg: key.algorithm, use: 'sig' })) };
  }

  #signingKey(): Promise<{ kid: string; key: CryptoKey }> {
    this.#signing ??= this.#loadOrCreate().catch((error: unknown) => {
      this.#signing = null;
      throw error;
    });
    return this.#signing;
  }

  async #loadOrCreate(): Promise<{ kid: string; key: CryptoKey }> {
    let stored = await this.#keys.active();
    if (!stored) {
      const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
      const publicJwk = await exportJWK(publicKey);
      const privateJwk = await exportJWK(privateKey);
      const candidate: StoredSigningKey = {
        kid: `absher-id-${crypto.randomUUID()}`,
        algorithm: 'EdDSA',
        publicJwk: { kty: publicJwk.kty!, crv: publicJwk.crv!, x: publicJwk.x! },
        sealedPrivateJwk: this.#seal(JSON.stringify(privateJwk)),
        createdAt: this.#clock.now(),
        retiredAt: null,
      };
      // Another process may have stored one first: theirs is the key.
      await this.#keys.insertActive(candidate);
      stored = await this.#keys.active();
      if (!stored) throw new Error('digital ID signing key missing after creation');
    }
    const privateJwk = JSON.parse(this.#unseal(stored.sealedPrivateJwk)) as JWK;
    const key = (await importJWK(privateJwk, DIGITAL_ID_ALGORITHM)) as CryptoKey;
    return { kid: stored.kid, key };
  }

  #seal(plain: string): string {
    return this.#secrets.sealer('digital_id_seal').seal(plain);
  }

  #unseal(sealed: string): string {
    return this.#secrets.sealer('digital_id_seal').unseal(sealed);
  }

}
