// The embedded reference Nafath: the national authenticator's number matching, kept in the
// database so every app process sees the same requests. It behaves like the national service:
// a request gets a transaction id and a random 2-digit number; a person has at most one waiting
// request (a second is refused while one waits; a partial unique index settles races); a request
// expires 3 minutes after it was made (by the clock); in the app (the dev simulator) the person
// types the number — the right one completes the request, a wrong one or "reject" rejects it; a
// request is decided once. Every status change is pushed to the platform as a callback signed
// ES256 (a JWT, like the real service's), kept until delivered. It fails like the real one: it can be
// switched off (unavailable), and people it does not know (no registry record, deceased, a visitor's
// border number) are refused as not enrolled.
import { createECDH, hkdfSync, randomInt } from 'node:crypto';
import { SignJWT, importJWK, jwtVerify, type CryptoKey, type JWK } from 'jose';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isUniqueViolation } from '../db/database.ts';
import {
  NafathNotEnrolledError,
  NafathRequestOpenError,
  NafathUnavailableError,
  type CivilRegistry,
  type Clock,
  type NafathCallback,
  type NafathGateway,
  type NafathRequest,
  type NafathStatus,
} from '../../core/ports.ts';

export const nafathRequestSeconds = 180;
const issuer = 'https://nafath.reference.invalid';
const audience = 'absher';

/** What the person's app shows of a waiting request (never the number: the person reads it on the site). */
export type NafathAppRequest = { transactionId: string; service: string; createdAt: Date; expiresAt: Date };

/** The app's answer to a request: the number typed, or a refusal. */
export type NafathAppAnswer = { kind: 'number'; number: string } | { kind: 'reject' };

export type NafathAppOutcome = { kind: 'decided'; status: 'completed' | 'rejected' } | { kind: 'not_waiting'; status: NafathStatus } | { kind: 'not_found' };

export type CallbackDelivery = (token: string) => Promise<void>;

type Keys = { privateKey: CryptoKey; publicKey: CryptoKey; publicJwk: JWK };

export class ReferenceNafath implements NafathGateway {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #registry: CivilRegistry;
  readonly #keys: Promise<Keys>;
  #deliver: CallbackDelivery | null = null;
  #available = true;

  /** `secret` seeds the service's signing key, so every app process signs and verifies alike. */
  constructor(options: { db: Kysely<Database>; clock: Clock; registry: CivilRegistry; secret: string }) {
    this.#db = options.db;
    this.#clock = options.clock;
    this.#registry = options.registry;
    this.#keys = signingKeys(options.secret);
  }

  setAvailable(available: boolean): void {
    this.#available = available;
  }

  /** Where signed callbacks go (the platform's callback endpoint). */
  connect(deliver: CallbackDelivery): void {
    this.#deliver = deliver;
  }

  /** The public key the platform verifies callbacks with (what the real service publishes as a JWK). */
  async publicJwk(): Promise<JWK> {
    return (await this.#keys).publicJwk;
  }

  async createRequest(nationalId: string, service: string): Promise<NafathRequest> {
    this.#assertAvailable();
    let person;
    try {
      person = /^[12]\d{9}$/.test(nationalId) ? await this.#registry.findPerson(nationalId) : null;
    } catch (error) {
      throw new NafathUnavailableError('Nafath could not reach the civil registry', { cause: error });
    }
    if (!person || person.deceased || person.idKind === 'border') throw new NafathNotEnrolledError();
    const now = this.#clock.now();
    await this.#expireDue(nationalId, now);
    const request: NafathRequest = {
      transactionId: crypto.randomUUID(),
      random: String(randomInt(10, 100)),
      expiresAt: new Date(now.getTime() + nafathRequestSeconds * 1000),
    };
    try {
      await this.#db
        .insertInto('reference_nafath_requests')
        .values({
          transaction_id: request.transactionId,
          national_id: nationalId,
          service,
          random: request.random,
          status: 'waiting',
          created_at: now,
          expires_at: request.expiresAt,
        })
        .execute();
    } catch (error) {
      if (!isUniqueViolation(error, 'reference_nafath_one_waiting')) throw error;
      const open = await this.#db
        .selectFrom('reference_nafath_requests')
        .select('expires_at')
        .where('national_id', '=', nationalId)
        .where('status', '=', 'waiting')
        .executeTakeFirst();
      throw new NafathRequestOpenError(open?.expires_at ?? request.expiresAt);
    }
    return request;
  }

  async status(query: { nationalId: string; transactionId: string; random: string }): Promise<NafathStatus | null> {
    this.#assertAvailable();
    if (!isUuid(query.transactionId)) return null;
    await this.#expireDue(query.nationalId, this.#clock.now());
    const row = await this.#db
      .selectFrom('reference_nafath_requests')
      .select(['status', 'national_id', 'random'])
      .where('transaction_id', '=', query.transactionId)
      .executeTakeFirst();
    if (!row || row.national_id !== query.nationalId || row.random !== query.random) return null;
    await this.deliverPending();
    return row.status as NafathStatus;
  }

  async verifyCallback(token: string): Promise<NafathCallback | null> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) return null;
    try {
      const { payload } = await jwtVerify(token, (await this.#keys).publicKey, {
        issuer,
        audience,
        algorithms: ['ES256'],
        currentDate: this.#clock.now(),
      });
      const { transId, nationalId, status } = payload as Record<string, unknown>;
      if (typeof transId !== 'string' || typeof nationalId !== 'string') return null;
      if (status !== 'COMPLETED' && status !== 'REJECTED' && status !== 'EXPIRED') return null;
      return { transactionId: transId, nationalId, status: status.toLowerCase() as NafathCallback['status'] };
    } catch {
      return null;
    }
  }

  /** The app: the person's waiting request, if any (what the Nafath app lists). */
  async waitingRequest(nationalId: string): Promise<NafathAppRequest | null> {
    this.#assertAvailable();
    await this.#expireDue(nationalId, this.#clock.now());
    const row = await this.#db
      .selectFrom('reference_nafath_requests')
      .select(['transaction_id', 'service', 'created_at', 'expires_at'])
      .where('national_id', '=', nationalId)
      .where('status', '=', 'waiting')
      .executeTakeFirst();
    return row ? { transactionId: row.transaction_id, service: row.service, createdAt: row.created_at, expiresAt: row.expires_at } : null;
  }

  /** The app: the person answers their waiting request. Decided once; a late answer finds it expired. */
  async answer(nationalId: string, transactionId: string, answer: NafathAppAnswer): Promise<NafathAppOutcome> {
    this.#assertAvailable();
    if (!isUuid(transactionId)) return { kind: 'not_found' };
    const now = this.#clock.now();
    await this.#expireDue(nationalId, now);
    const outcome = await this.#db.transaction().execute(async (tx): Promise<NafathAppOutcome> => {
      const row = await tx
        .selectFrom('reference_nafath_requests')
        .select(['status', 'random', 'national_id'])
        .where('transaction_id', '=', transactionId)
        .forUpdate()
        .executeTakeFirst();
      if (!row || row.national_id !== nationalId) return { kind: 'not_found' };
      if (row.status !== 'waiting') return { kind: 'not_waiting', status: row.status as NafathStatus };
      const status = answer.kind === 'number' && answer.number === row.random ? 'completed' : 'rejected';
      await tx.updateTable('reference_nafath_requests').set({ status, decided_at: now }).where('transaction_id', '=', transactionId).execute();
      await this.#queueCallback(tx, transactionId, nationalId, status, now);
      return { kind: 'decided', status };
    });
    await this.deliverPending();
    return outcome;
  }

  /** Delivers the callbacks not yet accepted by the platform, oldest first; failures stay queued. */
  async deliverPending(limit = 20): Promise<number> {
    const deliver = this.#deliver;
    if (!deliver) return 0;
    const pending = await this.#db
      .selectFrom('reference_nafath_callbacks')
      .select(['id', 'token'])
      .where('delivered_at', 'is', null)
      .where('attempts', '<', 10)
      .orderBy('created_at')
      .limit(limit)
      .execute();
    let delivered = 0;
    for (const callback of pending) {
      try {
        await deliver(callback.token);
        await this.#db
          .updateTable('reference_nafath_callbacks')
          .set((eb) => ({ delivered_at: this.#clock.now(), attempts: eb('attempts', '+', 1), last_error: null }))
          .where('id', '=', callback.id)
          .where('delivered_at', 'is', null)
          .execute();
        delivered += 1;
      } catch (error) {
        await this.#db
          .updateTable('reference_nafath_callbacks')
          .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error instanceof Error ? error.message.slice(0, 200) : 'delivery failed' }))
          .where('id', '=', callback.id)
          .execute();
      }
    }
    return delivered;
  }

  /** Housekeeping: expires every waiting request whose time is up (queuing and sending their callbacks), and forgets what is a day old. */
  async sweep(): Promise<number> {
    const now = this.#clock.now();
    const count = await this.#expireDue(null, now);
    await this.deliverPending();
    const dayAgo = new Date(now.getTime() - 24 * 3600 * 1000);
    await this.#db.transaction().execute(async (tx) => {
      const old = tx.selectFrom('reference_nafath_requests').select('transaction_id').where('status', '!=', 'waiting').where('created_at', '<', dayAgo);
      await tx.deleteFrom('reference_nafath_callbacks').where('transaction_id', 'in', old).execute();
      await tx.deleteFrom('reference_nafath_requests').where('transaction_id', 'in', old).execute();
    });
    return count;
  }

  /** Marks waiting requests whose time is up (the person's, or everyone's) as expired, each with its callback. */
  async #expireDue(nationalId: string | null, now: Date): Promise<number> {
    return this.#db.transaction().execute(async (tx) => {
      let update = tx
        .updateTable('reference_nafath_requests')
        .set({ status: 'expired', decided_at: now })
        .where('status', '=', 'waiting')
        .where('expires_at', '<=', now);
      if (nationalId !== null) update = update.where('national_id', '=', nationalId);
      const expired = await update.returning(['transaction_id', 'national_id']).execute();
      for (const row of expired) await this.#queueCallback(tx, row.transaction_id, row.national_id, 'expired', now);
      return expired.length;
    });
  }

  async #queueCallback(db: Kysely<Database>, transactionId: string, nationalId: string, status: Exclude<NafathStatus, 'waiting'>, now: Date): Promise<void> {
    const token = await new SignJWT({ transId: transactionId, nationalId, status: status.toUpperCase() })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: 'reference-nafath-1' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(now.getTime() / 1000) + 24 * 3600)
      .setJti(crypto.randomUUID())
      .sign((await this.#keys).privateKey);
    await db.insertInto('reference_nafath_callbacks').values({ id: crypto.randomUUID(), transaction_id: transactionId, token, created_at: now }).execute();
  }

  #assertAvailable(): void {
    if (!this.#available) throw new NafathUnavailableError();
  }
}

/** The service's P-256 key pair, derived from `secret` (the private scalar is an HKDF output). */
async function signingKeys(secret: string): Promise<Keys> {
  const scalar = Buffer.from(hkdfSync('sha256', secret, 'absher', 'absher:reference-nafath-signing', 32));
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(scalar);
  const point = ecdh.getPublicKey();
  const publicJwk: JWK = { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url'), kid: 'reference-nafath-1', alg: 'ES256', use: 'sig' };
  const privateKey = (await importJWK({ ...publicJwk, d: scalar.toString('base64url') }, 'ES256')) as CryptoKey;
  const publicKey = (await importJWK(publicJwk, 'ES256')) as CryptoKey;
  return { privateKey, publicKey, publicJwk };
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
