// Time-based one-time passwords for officers (RFC 6238: SHA-1, 6 digits, 30-second steps), through
// `otpauth`. Guarantees: secrets are 160 random bits; a code is accepted for the current step or
// one step either side (clock drift), and the step it matched is returned so the caller can refuse
// a second use of the same or an earlier step.
import { Secret, TOTP } from 'otpauth';

export const totpRules = { digits: 6, periodSeconds: 30, window: 1, issuer: 'Absher back office' } as const;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secret: string, label: string): TOTP {
  return new TOTP({
    issuer: totpRules.issuer,
    label,
    algorithm: 'SHA1',
    digits: totpRules.digits,
    period: totpRules.periodSeconds,
    secret: Secret.fromBase32(secret),
  });
}

/** The otpauth:// URI an authenticator app enrols from (as text or a QR code). */
export function totpUri(secret: string, username: string): string {
  return totpFor(secret, username).toString();
}

/** The code for `at` (tests and the development banner's helpers use it). */
export function totpCode(secret: string, at: Date): string {
  return totpFor(secret, 'code').generate({ timestamp: at.getTime() });
}

/** The time step the code matches at `now`, or null when it matches none in the window. */
export function matchTotp(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = totpFor(secret, 'check');
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: totpRules.window });
  if (delta === null) return null;
  return totp.counter({ timestamp: now.getTime() }) + delta;
}
