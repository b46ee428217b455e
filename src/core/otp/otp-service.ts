// One-time codes bound to a flow, by SMS (or by e-mail when a request says so). Guarantees the
// rules of DESIGN §2 "One-time codes": 6 random digits, valid 5 minutes, single use, stored only as
// an HMAC bound to (flow, purpose); 5 wrong tries kill the code; resend after 60 s, at most 5 sends
// per flow and 10 per recipient (mobile or address) per hour; a resend
// never resets the failure count; 10 failures for one person within an hour lock code entry for an
// hour. Every method takes the transaction's repositories so its effects commit with the flow's.
import { AppError } from '../errors.ts';
import { addSeconds, secondsUntil } from '../clock.ts';
import { randomDigits, type Secrets } from '../secrets.ts';
import type { Clock } from '../ports.ts';
import type { Language, OtpChallenge, Repositories } from '../store.ts';
import type { Notifier } from '../notices/notifier.ts';

export const otpRules = {
  codeLength: 6,
  validitySeconds: 5 * 60,
  maxFailedAttempts: 5,
  resendAfterSeconds: 60,
  maxSendsPerFlow: 5,
  maxSendsPerMobilePerHour: 10,
  mobileWindowSeconds: 60 * 60,
  personFailureLimit: 10,
  personWindowSeconds: 60 * 60,
  personLockSeconds: 60 * 60,
} as const;

export type OtpRequest = {
  flowId: string;
  purpose: string;
  /** Whom the code protects (the ID number): the per-person lock is keyed on it. */
  subjectKey: string;
  language: Language;
  /** The message's id in locales/ (an e-mail's subject is `<messageId>.subject`). */
  messageId: string;
  /** The flow was created in this very transaction, so it has no code yet: skips looking for one. */
  firstSend?: boolean;
} & (
  | { channel?: 'sms'; mobile: string }
  /** A code by e-mail: the same rules, the hourly limit keyed on the (lower-cased) address. */
  | { channel: 'email'; recipient: string }
);

/** Where a code goes: the mobile, or the lower-cased e-mail address (the per-recipient limit's key). */
function recipientOf(request: OtpRequest): string {
  return request.channel === 'email' ? request.recipient.toLowerCase() : request.mobile;
}

export type OtpTiming = { expiresAt: Date; resendAvailableAt: Date; sendsLeft: number };

export class OtpService {
  readonly #secrets: Secrets;
  readonly #clock: Clock;
  readonly #notifier: Notifier;

  constructor(secrets: Secrets, clock: Clock, notifier: Notifier) {
    this.#secrets = secrets;
    this.#clock = clock;
    this.#notifier = notifier;
  }

  /** Sends the first code of a flow, or a fresh one on resend (failure count kept). */
  async send(tx: Repositories, request: OtpRequest): Promise<OtpTiming> {
    const now = this.#clock.now();
    await this.#assertPersonNotLocked(tx, request.subjectKey, now);
    const existing = request.firstSend ? null : await tx.otp.findForUpdate(request.flowId, request.purpose);
    if (existing) {
      const resendAt = addSeconds(existing.lastSentAt, otpRules.resendAfterSeconds);
      if (existing.sendCount >= otpRules.maxSendsPerFlow) throw new AppError('otp.send_limit');
      // A resend keeps the failure count, so a killed code cannot be revived: sending would only
      // spend one of the mobile's hourly messages on a code nobody can use.
      if (existing.failedAttempts >= otpRules.maxFailedAttempts) throw new AppError('otp.locked', { extra: { attemptsLeft: 0 } });
      if (now < resendAt) {
        const wait = secondsUntil(now, resendAt);
        throw new AppError('otp.resend_too_soon', { retryAfterSeconds: wait, params: { seconds: wait } });
      }
    }
    const recipient = recipientOf(request);
    const sentToMobile = await tx.otp.sendTimesToMobileSince(recipient, addSeconds(now, -otpRules.mobileWindowSeconds));
    if (sentToMobile.length >= otpRules.maxSendsPerMobilePerHour) {
      // Allowed again when the oldest send that counts leaves the hour.
      const oldestCounted = sentToMobile[sentToMobile.length - otpRules.maxSendsPerMobilePerHour]!;
      const allowedAt = addSeconds(oldestCounted, otpRules.mobileWindowSeconds);
      throw new AppError('otp.send_limit', { retryAfterSeconds: secondsUntil(now, allowedAt) });
    }

    const code = randomDigits(otpRules.codeLength);
    const challenge: OtpChallenge = {
      flowId: request.flowId,
      purpose: request.purpose,
      mobile: recipient,
      subjectKey: request.subjectKey,
      codeHmac: this.#secrets.mac('otp', request.flowId, request.purpose, code),
      expiresAt: addSeconds(now, otpRules.validitySeconds),
      failedAttempts: existing?.failedAttempts ?? 0,
      sendCount: (existing?.sendCount ?? 0) + 1,
      lastSentAt: now,
      consumedAt: null,
    };
    await tx.otp.save(challenge);
    await tx.otp.recordSend({ mobile: recipient, subjectKey: request.subjectKey, sentAt: now });
    await this.#notifier[request.channel === 'email' ? 'email' : 'sms'](tx, {
      to: recipient,
      language: request.language,
      purpose: request.purpose,
      messageId: request.messageId,
      params: { code, minutes: otpRules.validitySeconds / 60 },
    });
    return timingOf(challenge);
  }

  /** Current timing of a flow's code, for pages that show when a resend becomes possible. */
  async timing(tx: Repositories, flowId: string, purpose: string): Promise<OtpTiming | null> {
    const challenge = await tx.otp.find(flowId, purpose);
    return challenge ? timingOf(challenge) : null;
  }

  /**
   * Checks a code: ok only for the right, live, unused code (which is then consumed). A wrong code
   * is recorded and reported, not thrown, so the caller commits the failure count with its flow.
   */
  async verifyOutcome(tx: Repositories, flowId: string, purpose: string, submitted: string): Promise<{ ok: true } | { ok: false; error: AppError }> {
    const now = this.#clock.now();
    const challenge = await tx.otp.findForUpdate(flowId, purpose);
    if (!challenge || challenge.consumedAt) return { ok: false, error: new AppError('otp.expired') };
    const lock = await this.#personLock(tx, challenge.subjectKey, now);
    if (lock) return { ok: false, error: lock };
    if (challenge.failedAttempts >= otpRules.maxFailedAttempts) return { ok: false, error: new AppError('otp.locked', { extra: { attemptsLeft: 0 } }) };
    if (now >= challenge.expiresAt) return { ok: false, error: new AppError('otp.expired') };

    const code = submitted.trim();
    if (!/^\d{6}$/.test(code)) {
      // Not a code at all (empty, too short, letters): refused, but not counted as a guess.
      const attemptsLeft = otpRules.maxFailedAttempts - challenge.failedAttempts;
      return { ok: false, error: new AppError('otp.invalid', { extra: { attemptsLeft }, params: { count: attemptsLeft } }) };
    }
    if (this.#secrets.verifyMac('otp', challenge.codeHmac, flowId, purpose, code)) {
      await tx.otp.markConsumed(flowId, purpose, now);
      return { ok: true };
    }
    const failed = await tx.otp.recordFailedAttempt(flowId, purpose);
    await tx.otp.recordPersonFailure(challenge.subjectKey, now);
    const attemptsLeft = Math.max(0, otpRules.maxFailedAttempts - failed);
    const personLock = await this.#personLock(tx, challenge.subjectKey, now);
    if (personLock) return { ok: false, error: personLock };
    return { ok: false, error: new AppError('otp.invalid', { extra: { attemptsLeft }, params: { count: attemptsLeft } }) };
  }

  async #assertPersonNotLocked(tx: Repositories, subjectKey: string, now: Date): Promise<void> {
    const lock = await this.#personLock(tx, subjectKey, now);
    if (lock) throw lock;
  }

  /** The per-person lock: the 10th failure within an hour locks code entry for an hour from then. */
  async #personLock(tx: Repositories, subjectKey: string, now: Date): Promise<AppError | null> {
    const since = addSeconds(now, -(otpRules.personWindowSeconds + otpRules.personLockSeconds));
    const failures = await tx.otp.personFailuresSince(subjectKey, since);
    for (let index = otpRules.personFailureLimit - 1; index < failures.length; index += 1) {
      const first = failures[index - (otpRules.personFailureLimit - 1)]!;
      const tenth = failures[index]!;
      const withinWindow = tenth.getTime() - first.getTime() <= otpRules.personWindowSeconds * 1000;
      const lockedUntil = addSeconds(tenth, otpRules.personLockSeconds);
      if (withinWindow && now < lockedUntil) {
        return new AppError('otp.locked', { retryAfterSeconds: secondsUntil(now, lockedUntil) });
      }
    }
    return null;
  }
}

function timingOf(challenge: OtpChallenge): OtpTiming {
  return {
    expiresAt: challenge.expiresAt,
    resendAvailableAt: addSeconds(challenge.lastSentAt, otpRules.resendAfterSeconds),
    sendsLeft: Math.max(0, otpRules.maxSendsPerFlow - challenge.sendCount),
  };
}
