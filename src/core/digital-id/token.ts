// The digital ID token: a compact JWS (EdDSA over Ed25519) the platform signs and anyone can check
// with the published public keys alone, online or offline. It is the same code here, on the
// public verify page and in the offline verifier CLI.
// Guarantees: only EdDSA with a known `kid` and the `absher-id+jwt` type is accepted; the issuer and
// the validity window (iat/exp, 30 s tolerance for clocks) are checked; the card claims are
// type-checked; every failure is one of a few named reasons, never an exception.
import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet } from 'jose';
import { z } from 'zod';

export const DIGITAL_ID_TYPE = 'absher-id+jwt';
export const DIGITAL_ID_ALGORITHM = 'EdDSA';
export const CLOCK_TOLERANCE_SECONDS = 30;

/** What the token says about the holder: the minimum a verifier needs to match the person in front of them. */
export const cardClaimsSchema = z.object({
  /** The ID, Iqama or border number, masked (first digit and last 3). */
  id_masked: z.string().min(4).max(20),
  id_kind: z.enum(['national_id', 'iqama', 'border']),
  name_ar: z.string().min(1).max(200),
  name_en: z.string().min(1).max(200),
  nationality: z.string().regex(/^[A-Z]{3}$/),
  birth_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** The ID card / Iqama / visa expiry. */
  document_expiry: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export type CardClaims = z.infer<typeof cardClaimsSchema>;

/** The published key document: the issuer and its public keys (a JWKS with one more member). */
export type PublicKeyDocument = JSONWebKeySet & { issuer: string };

export type VerifyFailure = 'malformed' | 'unknown_key' | 'bad_signature' | 'expired' | 'not_yet_valid' | 'wrong_issuer';

export type VerifyOutcome =
  | { valid: true; claims: CardClaims; issuedAt: Date; expiresAt: Date; keyId: string; tokenId: string }
  | { valid: false; reason: VerifyFailure };

const COMPACT_JWS = /^[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{10,6000}\.[A-Za-z0-9_-]{20,200}$/;

/** The token in a pasted or scanned text: the bare token, or a verify-page URL carrying it as `token`. */
export function extractToken(input: string): string | null {
  const text = input.trim();
  if (COMPACT_JWS.test(text)) return text;
  try {
    const url = new URL(text);
    const token = url.searchParams.get('token') ?? '';
    return COMPACT_JWS.test(token) ? token : null;
  } catch {
    return null;
  }
}

export async function verifyDigitalIdToken(input: string, keys: PublicKeyDocument, now: Date): Promise<VerifyOutcome> {
  const token = extractToken(input);
  if (!token) return { valid: false, reason: 'malformed' };
  try {
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet({ keys: keys.keys }), {
      algorithms: [DIGITAL_ID_ALGORITHM],
      typ: DIGITAL_ID_TYPE,
      currentDate: now,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['iss', 'iat', 'exp', 'jti'],
    });
    if (payload.iss !== keys.issuer) return { valid: false, reason: 'wrong_issuer' };
    if (typeof payload.iat === 'number' && payload.iat * 1000 > now.getTime() + CLOCK_TOLERANCE_SECONDS * 1000) return { valid: false, reason: 'not_yet_valid' };
    const claims = cardClaimsSchema.safeParse(payload);
    if (!claims.success) return { valid: false, reason: 'malformed' };
    return {
      valid: true,
      claims: claims.data,
      issuedAt: new Date((payload.iat as number) * 1000),
      expiresAt: new Date((payload.exp as number) * 1000),
      keyId: protectedHeader.kid ?? '',
      tokenId: payload.jti as string,
    };
  } catch (error) {
    return { valid: false, reason: failureOf(error) };
  }
}

function failureOf(error: unknown): VerifyFailure {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) return 'unknown_key';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf' || error.claim === 'iat') return 'not_yet_valid';
    if (error.claim === 'iss') return 'wrong_issuer';
  }
  return 'malformed';
}
