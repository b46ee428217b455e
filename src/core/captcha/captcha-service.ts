// Visual codes and their accessible proof-of-work alternative. Guarantees: a code's id is a UUIDv7
// carrying its creation time, and its answer is derived from the id with a server key (HMAC), so
// showing a code writes nothing; every code and every proof works at most once (spending it is one
// insert) and for 5 minutes by the injected clock; any malformed input is a plain `false`, never an
// exception.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import svgCaptcha from 'svg-captcha';
import { createChallenge, randomInt, verifySolution } from 'altcha-lib';
import type { Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { Clock } from '../ports.ts';
import type { Secrets } from '../secrets.ts';
import type { CaptchaRepository } from '../store.ts';
import { normaliseInput } from '../identity/digits.ts';

export type ProofOfWorkChallenge = Challenge;

const LIFETIME_MS = 5 * 60_000;
const ANSWER_LENGTH = 4;
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * Proof-of-work cost: one SHA-256 per attempt, and the solver must find the one counter in this
 * range the server picked (altcha "deterministic" mode), so the work is bounded: about 0.2 s in
 * desktop Chromium, under a second on a mid-range phone.
 */
const POW_ALGORITHM = 'SHA-256';
const POW_COUNTER_MIN = 5_000;
const POW_COUNTER_MAX = 10_000;
/** A payload is base64 of a few hundred bytes of JSON; anything much longer is not ours. */
const POW_PAYLOAD_MAX_LENGTH = 4_096;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** svg-captcha's main export draws a given text, but its typings only declare `create`. */
const drawText = svgCaptcha as unknown as (text: string, options: Record<string, unknown>) => string;

/** True for a well-formed captcha id (a UUIDv7); checked before anything else. */
export function isCaptchaId(value: unknown): value is string {
  return typeof value === 'string' && UUID_V7.test(value);
}

/** A UUIDv7: 48 bits of creation time in milliseconds, then 74 random bits. */
function uuidV7(createdAtMs: number): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(createdAtMs, 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function createdAtOf(id: string): number {
  return Buffer.from(id.replace(/-/g, '').slice(0, 12), 'hex').readUIntBE(0, 6);
}

export class CaptchaService {
  readonly #captchas: CaptchaRepository;
  readonly #secrets: Secrets;
  readonly #clock: Clock;

  constructor(deps: { captchas: CaptchaRepository; secrets: Secrets; clock: Clock }) {
    this.#captchas = deps.captchas;
    this.#secrets = deps.secrets;
    this.#clock = deps.clock;
  }

  /** A new 4-digit visual code, as an SVG data URL; nothing is stored. */
  async create(): Promise<{ id: string; image: string; expiresAt: Date }> {
    const now = this.#clock.now().getTime();
    const id = uuidV7(now);
    const image = `data:image/svg+xml;base64,${Buffer.from(drawCode(this.#answerOf(id))).toString('base64')}`;
    return { id, image, expiresAt: new Date(now + LIFETIME_MS) };
  }

  /**
   * Development only (`/dev/captcha/{id}` and tests): the answer of a live code, or null when the id
   * is malformed, expired or from the future. Production never wires a route to it.
   */
  revealAnswer(id: unknown): string | null {
    return this.#isLive(id) ? this.#answerOf(id) : null;
  }

  /** Checks an answer; the code is used up by this attempt whether it is right or wrong. */
  /**
   * Checks what a form sent as its visual code: `{ id, answer }` or the no-reading `{ pow }`.
   * A code with no answer is 'missing' and stays unused; any answer uses the code up.
   */
  async check(submitted: unknown): Promise<'right' | 'wrong' | 'missing'> {
    if (typeof submitted !== 'object' || submitted === null) return 'missing';
    const { id, answer, pow } = submitted as { id?: unknown; answer?: unknown; pow?: unknown };
    if (typeof pow === 'string' && pow !== '') return (await this.verifyProofOfWork(pow)) ? 'right' : 'wrong';
    if (answer === undefined || answer === null || (typeof answer === 'string' && answer.trim() === '')) return 'missing';
    return (await this.verify(id, answer)) ? 'right' : 'wrong';
  }

  async verify(id: unknown, answer: unknown): Promise<boolean> {
    if (!this.#isLive(id)) return false;
    if (!(await this.#captchas.spendOnce(`captcha:${id}`, new Date(createdAtOf(id) + LIFETIME_MS)))) return false;
    const given = normaliseInput(answer);
    if (!/^[0-9]{4}$/.test(given)) return false;
    return timingSafeEqual(Buffer.from(given), Buffer.from(this.#answerOf(id)));
  }

  #isLive(id: unknown): id is string {
    if (!isCaptchaId(id)) return false;
    const now = this.#clock.now().getTime();
    const createdAt = createdAtOf(id);
    return createdAt <= now && now < createdAt + LIFETIME_MS;
  }

  /** Four decimal digits from the HMAC of the id (the modulo bias is below one in 400,000). */
  #answerOf(id: string): string {
    const value = Number.parseInt(this.#secrets.mac('captcha', id).slice(0, 12), 16);
    return String(value % 10 ** ANSWER_LENGTH).padStart(ANSWER_LENGTH, '0');
  }

  /** A signed altcha v2 challenge that expires in 5 minutes (solved by public/js/proof-of-work-core.js). */
  async createProofOfWork(): Promise<ProofOfWorkChallenge> {
    return createChallenge({
      algorithm: POW_ALGORITHM,
      cost: 1,
      counter: randomInt(POW_COUNTER_MAX, POW_COUNTER_MIN),
      deriveKey,
      expiresAt: new Date(this.#clock.now().getTime() + LIFETIME_MS),
      hmacSignatureSecret: this.#powSecret(),
    });
  }

  /**
   * Checks `base64(JSON.stringify({ challenge, solution }))` as the browser script sends it: the
   * challenge must be ours, unexpired and unaltered, the solution right, and the proof not yet spent.
   */
  async verifyProofOfWork(payload: unknown): Promise<boolean> {
    try {
      const decoded = decodePayload(payload);
      if (!decoded) return false;
      const { challenge, solution } = decoded;
      const expiresAtMs = challenge.parameters.expiresAt * 1000;
      if (expiresAtMs <= this.#clock.now().getTime()) return false;
      const result = await verifySolution({ challenge, solution, deriveKey, hmacSignatureSecret: this.#powSecret() });
      if (!result.verified) return false;
      return await this.#captchas.spendOnce(`pow:${challenge.signature}`, new Date(expiresAtMs));
    } catch {
      return false;
    }
  }

  #powSecret(): string {
    return this.#secrets.key('proof_of_work').toString('hex');
  }
}

/** Dark digits (#000–#444) and grey noise lines on an opaque white background. */
function drawCode(text: string): string {
  const svg = drawText(text, { width: 180, height: 64, fontSize: 64, noise: 4, color: false });
  return svg.replace(/^<svg[^>]*>/, (open) => `${open}<rect width="100%" height="100%" fill="#ffffff"/>`);
}

type ProofOfWorkPayload = {
  challenge: Challenge & { signature: string; parameters: { expiresAt: number } };
  solution: { counter: number; derivedKey: string };
};

function decodePayload(payload: unknown): ProofOfWorkPayload | null {
  if (typeof payload !== 'string' || payload.length > POW_PAYLOAD_MAX_LENGTH || !BASE64.test(payload)) return null;
  const value: unknown = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  if (!isRecord(value) || !isRecord(value.challenge) || !isRecord(value.solution)) return null;
  const { challenge, solution } = value;
  const parameters = challenge.parameters;
  if (!isRecord(parameters) || parameters.algorithm !== POW_ALGORITHM) return null;
  if (typeof parameters.expiresAt !== 'number' || !Number.isFinite(parameters.expiresAt)) return null;
  if (typeof challenge.signature !== 'string' || !/^[0-9a-f]{64}$/.test(challenge.signature)) return null;
  if (typeof solution.counter !== 'number' || typeof solution.derivedKey !== 'string') return null;
  return {
    challenge: { parameters: parameters as unknown as ProofOfWorkPayload['challenge']['parameters'], signature: challenge.signature },
    solution: { counter: solution.counter, derivedKey: solution.derivedKey },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
