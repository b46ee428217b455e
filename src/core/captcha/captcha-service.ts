// Visual codes and their accessible proof-of-work alternative. Guarantees: answers come from the
// CSPRNG and are stored only as an HMAC; every code and every proof works at most once and for 5
// minutes by the injected clock; any malformed input is a plain `false`, never an exception.
import { randomUUID } from 'node:crypto';
import svgCaptcha from 'svg-captcha';
import { createChallenge, randomInt, verifySolution } from 'altcha-lib';
import type { Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { Clock } from '../ports.ts';
import { randomDigits, type Secrets } from '../secrets.ts';
import type { CaptchaRepository } from '../store.ts';
import { normaliseInput } from '../identity/digits.ts';

/** Development only: remembers plain answers so tests and `/dev/captcha/{id}` can read them. */
export interface CaptchaAnswerSink {
  record(id: string, answer: string, expiresAt: Date): Promise<void>;
}

export type ProofOfWorkChallenge = Challenge;

const LIFETIME_MS = 5 * 60_000;
const ANSWER_LENGTH = 4;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

/** True for a well-formed captcha id (a UUID); checked before any database access. */
export function isCaptchaId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export class CaptchaService {
  readonly #captchas: CaptchaRepository;
  readonly #secrets: Secrets;
  readonly #clock: Clock;
  readonly #answerSink: CaptchaAnswerSink | undefined;

  constructor(deps: { captchas: CaptchaRepository; secrets: Secrets; clock: Clock; answerSink?: CaptchaAnswerSink }) {
    this.#captchas = deps.captchas;
    this.#secrets = deps.secrets;
    this.#clock = deps.clock;
    this.#answerSink = deps.answerSink;
  }

  /** A new 4-digit visual code, as an SVG data URL; only its HMAC is stored. */
  async create(): Promise<{ id: string; image: string; expiresAt: Date }> {
    const id = randomUUID();
    const answer = randomDigits(ANSWER_LENGTH);
    const expiresAt = new Date(this.#clock.now().getTime() + LIFETIME_MS);
    await this.#captchas.insert({ id, answerHmac: this.#secrets.mac('captcha', id, answer), expiresAt });
    if (this.#answerSink) await this.#answerSink.record(id, answer, expiresAt);
    return { id, image: `data:image/svg+xml;base64,${Buffer.from(drawCode(answer)).toString('base64')}`, expiresAt };
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
    if (!isCaptchaId(id)) return false;
    const answerHmac = await this.#captchas.consume(id, this.#clock.now());
    if (answerHmac === null) return false;
    const given = normaliseInput(answer);
    if (!/^[0-9]{4}$/.test(given)) return false;
    return this.#secrets.verifyMac('captcha', answerHmac, id, given);
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
      return await this.#captchas.spendProof(challenge.signature, new Date(expiresAtMs));
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
