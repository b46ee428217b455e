// Password policies as data, and one evaluator that applies any of them.
// Guarantees: evaluatePassword reports every rule of the chosen policy that the password breaks
// (an empty password reports only `password.required`); lengths count Unicode code points.

import type { FieldError, MessageParams } from '../errors.ts';
import { ZxcvbnFactory, type Score } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { isCommonPassword } from './common-passwords.ts';
import { normaliseDigits, normaliseInput } from './digits.ts';
import { parseMobile } from './mobile.ts';

export type PasswordPolicy = {
  name: string;
  minLength: number;
  maxLength: number;
  allowedCharacters: 'latin_alphanumeric' | 'any';
  requireUppercase: boolean;
  requireLowercase: boolean;
  requireDigit: boolean;
  /** Longest allowed run of one repeated character (3 forbids `aaaa`); null: no limit. */
  maxIdenticalRun: number | null;
  /** Longest allowed ascending/descending run of letters or digits (3 forbids `abcd`); null: no limit. */
  maxSequenceRun: number | null;
  /** Most times one character (case-sensitive) may appear in the whole password; null: no limit. */
  maxUsesOfOneCharacter: number | null;
  /** Forbid any piece of the username of this length (case ignored); null: no username check. */
  forbidUsernamePieceLength: number | null;
  forbidIdAndMobile: boolean;
  forbidCommon: boolean;
};

export type PasswordContext = { username?: string; idNumber?: string; mobile?: string };

export const passwordPolicies = {
  /** The Absher rules of DESIGN §2. */
  absher: {
    name: 'absher',
    minLength: 8,
    maxLength: 64,
    allowedCharacters: 'latin_alphanumeric',
    requireUppercase: true,
    requireLowercase: true,
    requireDigit: true,
    maxIdenticalRun: 3,
    maxSequenceRun: 3,
    maxUsesOfOneCharacter: 4,
    forbidUsernamePieceLength: 5,
    forbidIdAndMobile: true,
    forbidCommon: true,
  },
  /** NIST SP 800-63B: length, any characters, no composition rules; blocklist and context checks. */
  nist: {
    name: 'nist',
    minLength: 8,
    maxLength: 64,
    allowedCharacters: 'any',
    requireUppercase: false,
    requireLowercase: false,
    requireDigit: false,
    maxIdenticalRun: null,
    maxSequenceRun: null,
    maxUsesOfOneCharacter: null,
    forbidUsernamePieceLength: 5,
    forbidIdAndMobile: true,
    forbidCommon: true,
  },
} as const satisfies Record<string, PasswordPolicy>;

export type PasswordPolicyName = keyof typeof passwordPolicies;

/** Length of the longest stretch where every neighbouring pair is related. */
function longestRun(chars: readonly string[], related: (previous: string, next: string) => boolean): number {
  let longest = chars.length > 0 ? 1 : 0;
  let current = longest;
  for (let i = 1; i < chars.length; i++) {
    current = related(chars[i - 1]!, chars[i]!) ? current + 1 : 1;
    longest = Math.max(longest, current);
  }
  return longest;
}

const SEQUENCE_ALPHABETS = ['abcdefghijklmnopqrstuvwxyz', '0123456789'];
/** Relates `previous` → `next` when `next` is `step` places on in the same alphabet (letters, or digits). */
const follows = (step: number) => (previous: string, next: string) =>
  SEQUENCE_ALPHABETS.some((alphabet) => {
    const at = alphabet.indexOf(previous);
    return at >= 0 && alphabet.indexOf(next) === at + step;
  });

function mostUsesOfOneCharacter(chars: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const char of chars) counts.set(char, (counts.get(char) ?? 0) + 1);
  return Math.max(0, ...counts.values());
}

/** The username's pieces of `length` characters, lower-cased (the whole name when shorter). */
function usernamePieces(username: string, length: number): string[] {
  const name = normaliseInput(username).toLowerCase();
  if (name.length <= length) return name ? [name] : [];
  return Array.from({ length: name.length - length + 1 }, (_, i) => name.slice(i, i + length));
}

/** The 10-digit ID, whatever digits or spacing it came in, or null. */
function tenDigitId(idNumber: string | undefined): string | null {
  const digits = normaliseInput(idNumber).replace(/\s+/g, '');
  return /^\d{10}$/.test(digits) ? digits : null;
}

const containsDigits = (password: string, digits: string | null) => digits !== null && password.includes(digits);

/** The national 9 digits `5XXXXXXXX` of any accepted mobile form, or null. */
function nationalMobile(mobile: string | undefined): string | null {
  const parsed = parseMobile(mobile);
  return parsed.ok ? parsed.value.slice(-9) : null;
}

/** The password in the forms the rules look at. */
type Subject = {
  text: string;
  chars: string[];
  lower: string;
  lowerChars: string[];
  asciiDigits: string;
  context: PasswordContext;
};

/** One rule: its error, and whether the password breaks it under this policy (never, when the policy lacks it). */
type Rule = {
  code: string;
  params?: (policy: PasswordPolicy) => MessageParams;
  breaks: (password: Subject, policy: PasswordPolicy) => boolean;
};

const same = (a: string, b: string) => a === b;

/** Every rule, in the order its errors are reported. */
const RULES: readonly Rule[] = [
  {
    code: 'password.too_short',
    params: (policy) => ({ min: policy.minLength }),
    breaks: (p, policy) => p.chars.length < policy.minLength,
  },
  {
    code: 'password.too_long',
    params: (policy) => ({ max: policy.maxLength }),
    breaks: (p, policy) => p.chars.length > policy.maxLength,
  },
  {
    code: 'password.characters',
    breaks: (p, policy) => policy.allowedCharacters === 'latin_alphanumeric' && !/^[A-Za-z0-9]*$/.test(p.text),
  },
  { code: 'password.needs_uppercase', breaks: (p, policy) => policy.requireUppercase && !/[A-Z]/.test(p.text) },
  { code: 'password.needs_lowercase', breaks: (p, policy) => policy.requireLowercase && !/[a-z]/.test(p.text) },
  { code: 'password.needs_digit', breaks: (p, policy) => policy.requireDigit && !/[0-9]/.test(p.text) },
  {
    code: 'password.repeated',
    breaks: (p, { maxIdenticalRun: max }) => max !== null && longestRun(p.chars, same) > max,
  },
  {
    code: 'password.sequence',
    breaks: (p, { maxSequenceRun: max }) =>
      max !== null && Math.max(longestRun(p.lowerChars, follows(1)), longestRun(p.lowerChars, follows(-1))) > max,
  },
  {
    code: 'password.char_overused',
    breaks: (p, { maxUsesOfOneCharacter: max }) => max !== null && mostUsesOfOneCharacter(p.chars) > max,
  },
  {
    code: 'password.contains_username',
    breaks: (p, { forbidUsernamePieceLength: length }) =>
      length !== null && usernamePieces(p.context.username ?? '', length).some((piece) => p.lower.includes(piece)),
  },
  {
    code: 'password.contains_id',
    breaks: (p, policy) => policy.forbidIdAndMobile && containsDigits(p.asciiDigits, tenDigitId(p.context.idNumber)),
  },
  {
    code: 'password.contains_mobile',
    breaks: (p, policy) => policy.forbidIdAndMobile && containsDigits(p.asciiDigits, nationalMobile(p.context.mobile)),
  },
  { code: 'password.common', breaks: (p, policy) => policy.forbidCommon && isCommonPassword(p.text) },
];

/** Every rule of `policy` that `password` breaks, in a stable order; [] when it is acceptable. */
export function evaluatePassword(policy: PasswordPolicy, password: string, context: PasswordContext = {}): FieldError[] {
  if (password.length === 0) return [{ code: 'password.required' }];
  const subject: Subject = {
    text: password,
    chars: [...password],
    lower: password.toLowerCase(),
    lowerChars: [...password.toLowerCase()],
    asciiDigits: normaliseDigits(password),
    context,
  };
  return RULES.filter((rule) => rule.breaks(subject, policy)).map((rule) =>
    rule.params ? { code: rule.code, params: rule.params(policy) } : { code: rule.code },
  );
}

let strengthEstimator: ZxcvbnFactory | undefined;

/** zxcvbn's 0-4 strength score, for the live meter; `userInputs` (username, names) count as weak words. */
export function passwordStrength(password: string, userInputs: readonly string[] = []): Score {
  strengthEstimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return strengthEstimator.check(password, [...userInputs]).score;
}
