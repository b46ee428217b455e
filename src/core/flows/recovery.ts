// The first step both recovery flows share: ID number + mobile + visual code. Guarantees: an unknown ID
// and a known ID with another mobile get the very same answer, cost the same work and are counted per ID
// and per address; 5 failures for one ID (50 for one address) within the hour refuse further starts.
import { AppError, FieldErrorCollector } from '../errors.ts';
import { secondsUntil } from '../clock.ts';
import type { AttemptCounters, Clock } from '../ports.ts';
import type { Account, Language, Store } from '../store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { CaptchaService } from '../captcha/captcha-service.ts';
import { parseIdentifier, maskIdNumber } from '../identity/national-id.ts';
import { parseMobile } from '../identity/mobile.ts';

export const recoveryRules = {
  windowSeconds: 60 * 60,
  /** Failures (a mismatch, a wrong answer) for one ID number in the window before starts are refused. */
  failuresPerIdentity: 5,
  /** Failures from one address in the window before starts from it are refused. */
  failuresPerAddress: 50,
} as const;

/** The start form as it arrives from a page or the API. */
export type RecoveryInput = { idNumber?: unknown; mobile?: unknown; captcha?: unknown };

export type RecoveryContext = { channel: 'web' | 'api'; language: Language; ip: string; userAgent: string };

/** Which flow is asking: names its audit events (`<flow>.details_mismatch`). */
export type RecoveryFlowName = 'password_reset' | 'username_reminder';

export type RecoveryGateDependencies = {
  store: Store;
  clock: Clock;
  counters: AttemptCounters;
  captcha: CaptchaService;
  audit: AuditLog;
};

/** An account whose ID number and mobile both matched the form. */
export type MatchedAccount = Account & { mobile: string };

export class RecoveryGate {
  readonly #deps: RecoveryGateDependencies;

  constructor(dependencies: RecoveryGateDependencies) {
    this.#deps = dependencies;
  }

  /**
   * Checks the form (every field error at once, the visual code included), the limits, and that an
   * account with this ID number has exactly this mobile. Anything else is one and the same 422.
   */
  async admit(input: RecoveryInput, context: RecoveryContext, flow: RecoveryFlowName): Promise<MatchedAccount> {
    const { store, captcha, audit } = this.#deps;
    const errors = new FieldErrorCollector();
    const identifier = parseIdentifier(input.idNumber);
    if (!identifier.ok) errors.add('idNumber', identifier.error.code, identifier.error.params);
    const mobile = parseMobile(input.mobile);
    if (!mobile.ok) errors.add('mobile', mobile.error.code, mobile.error.params);
    const answered = await captcha.check(input.captcha);
    if (answered !== 'right') errors.add('captcha', answered === 'missing' ? 'captcha.required' : 'captcha.wrong');
    errors.throwIfAny();
    if (!identifier.ok || !mobile.ok) throw new AppError('validation.failed', { fields: errors.errors });

    const idNumber = identifier.value.idNumber;
    await this.assertOpen(idNumber, context.ip);
    const account = await store.accounts.findByIdNumber(idNumber);
    if (!account || account.mobile === null || account.mobile !== mobile.value) {
      await this.recordFailure(idNumber, context.ip);
      await audit.append(store.audit, {
        type: `${flow}.details_mismatch`,
        accountId: account?.id ?? null,
        subject: maskIdNumber(idNumber),
        data: { channel: context.channel, address: context.ip },
      });
      throw mismatchError();
    }
    if (account.status === 'disabled') throw new AppError('account.disabled');
    return account as MatchedAccount;
  }

  /** Refuses (429 with the wait) while the ID number or the address has used up its failures. */
  async assertOpen(idNumber: string, ip: string): Promise<void> {
    const { counters, clock } = this.#deps;
    const now = clock.now();
    const [byIdentity, byAddress] = await Promise.all([
      counters.count(identityKey(idNumber), recoveryRules.windowSeconds, now),
      counters.count(addressKey(ip), recoveryRules.windowSeconds, now),
    ]);
    if (byIdentity >= recoveryRules.failuresPerIdentity || byAddress >= recoveryRules.failuresPerAddress) {
      throw new AppError('rate.limited', { retryAfterSeconds: secondsUntil(now, windowEnd(now, recoveryRules.windowSeconds)) });
    }
  }

  /** Counts one failure (a mismatch or a wrong answer) for the ID number and for the address. */
  async recordFailure(idNumber: string, ip: string): Promise<void> {
    const { counters, clock } = this.#deps;
    const now = clock.now();
    await counters.hit(identityKey(idNumber), recoveryRules.windowSeconds, now);
    await counters.hit(addressKey(ip), recoveryRules.windowSeconds, now);
  }
}

/** The one answer for "no account with this ID has this mobile", whichever half was wrong. */
export function mismatchError(): AppError {
  return new AppError('recovery.details_mismatch', {
    fields: { idNumber: [{ code: 'recovery.details_mismatch' }], mobile: [{ code: 'recovery.details_mismatch' }] },
  });
}

function identityKey(idNumber: string): string {
  return `recovery-failures:id:${idNumber}`;
}

function addressKey(ip: string): string {
  return `recovery-failures:address:${ip}`;
}

function windowEnd(now: Date, windowSeconds: number): Date {
  const windowMs = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs + windowMs);
}
