import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { luhnCheckDigit } from './national-id.ts';
import { evaluatePassword, passwordPolicies, passwordStrength, type PasswordContext } from './password-policy.ts';

const { absher, nist } = passwordPolicies;
const id = `105837291${luhnCheckDigit('105837291')}`; // 1058372911
const err = (name: string) => ({ code: `password.${name}` });
const tooShort = { code: 'password.too_short', params: { min: 8 } };
const tooLong = { code: 'password.too_long', params: { max: 64 } };
/** 68 mixed characters, none used more than 4 times, no runs: cut to the length a case needs. */
const varied = 'Wq7nTr5pXk2mZb9vLd4sHf8gJc3hNe6jRa0uYw1yQt5iKo7xBp2eMv9fGz4lCs8dUn3h';

type Case = [label: string, password: string, context: PasswordContext, codes: object[]];

function runCases(policyName: string, policy: typeof absher | typeof nist, cases: Case[]): void {
  for (const [label, password, context, errors] of cases) {
    const outcome = errors.length === 0 ? 'it passes' : `it reports ${errors.map((e) => (e as { code: string }).code).join(', ')}`;
    test(`when the ${policyName} policy checks ${label}, then ${outcome}`, () => {
      assert.deepEqual(evaluatePassword(policy, password, context), errors);
    });
  }
}

describe('passwordPolicies', () => {
  test('when reading the absher policy, then it holds the rules of DESIGN §2', () => {
    assert.deepEqual(absher, {
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
    });
  });

  test('when reading the nist policy, then it has length, blocklist and context checks but no composition rules', () => {
    assert.deepEqual(nist, {
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
    });
  });
});

describe('evaluatePassword (absher)', () => {
  const salem = { username: 'salem2024' };
  runCases('absher', absher, [
    ['the API example Wq7nTr5p with username salem2024', 'Wq7nTr5p', salem, []],
    ['the API example with the full context', 'Wq7nTr5p', { username: 'salem2024', idNumber: id, mobile: '+966551937284' }, []],
    ['an empty password', '', salem, [err('required')]],
    ['an empty password with no context', '', {}, [err('required')]],
    ['7 characters', 'Wq7nTr5', {}, [tooShort]],
    ['exactly 8 characters', varied.slice(0, 8), {}, []],
    ['exactly 64 characters', varied.slice(0, 64), {}, []],
    ['65 characters', varied.slice(0, 65), {}, [tooLong]],
    ['72 characters', 'Wq7nTr5p'.repeat(9), {}, [tooLong, err('char_overused')]],
    ['no uppercase letter', 'wq7ntr5p', {}, [err('needs_uppercase')]],
    ['no lowercase letter', 'WQ7NTR5P', {}, [err('needs_lowercase')]],
    ['no digit', 'WqxnTrzp', {}, [err('needs_digit')]],
    ['a space', 'Wq7n Tr5p', {}, [err('characters')]],
    ['a symbol', 'Wq7nTr5p!', {}, [err('characters')]],
    ['an Arabic letter', 'Wq7nTr5pس', {}, [err('characters')]],
    ['an Arabic-Indic digit', 'Wq٧nTr5p', {}, [err('characters')]],
    ['a Persian digit', 'Wq۷nTr5p', {}, [err('characters')]],
    ['an accented letter', 'Wq7nTré5p', {}, [err('characters')]],
    // Runs of one character.
    ['the seed aaaa inside', 'Wq7naaaa', {}, [err('repeated')]],
    ['the seed 1111 inside', 'Wq1111nT', {}, [err('repeated')]],
    ['a run of 3 identical characters', 'Wq7naaaT', {}, []],
    ['alternating case (not identical)', 'Wq7naAaA', {}, []],
    // Sequences.
    ['the seed abcd inside', 'Wqabcd7n', {}, [err('sequence')]],
    ['the seed 1234 inside', 'Wq1234nT', {}, [err('sequence')]],
    ['the seed dcba inside', 'Wqdcba7n', {}, [err('sequence')]],
    ['4321 inside', 'Wq4321nT', {}, [err('sequence')]],
    ['AbCd (case ignored)', 'WqAbCd7n', {}, [err('sequence')]],
    ['WXYZ in capitals', 'qWXYZ7nt', {}, [err('sequence')]],
    ['a run of 3 letters', 'Wqabc7nT', {}, []],
    ['a run of 3 digits', 'Wq123nTx', {}, []],
    ['7890 (no wrap-around)', 'Wq7890nT', {}, []],
    ['xyza (no wrap-around)', 'Wqxyza7T', {}, []],
    ['a letter-digit boundary (9ab c)', 'W789abTq', {}, []],
    // Character overuse.
    ['one character 5 times', 'Wa7aTara5a', {}, [err('char_overused')]],
    ['one character 4 times', 'Wa7aTar5a', {}, []],
    ['a and A 3 times each (case-sensitive count)', 'aAaAaA7x', {}, []],
    ['a and A 5 times each', 'aAaAaAaAaA7x', {}, [err('char_overused')]],
    // Username pieces.
    ['a 5-character piece of the username', 'Xsalem9T', salem, [err('contains_username')]],
    ['an upper-case piece of the username', 'XSALEM9t', salem, [err('contains_username')]],
    ['the tail piece of the username', 'Xqm2024T', salem, [err('contains_username')]],
    ['only 4 characters of the username', 'Xsale9Tq', salem, []],
    ['a username shorter than 5, contained', 'Wqab7nTx', { username: 'ab7' }, [err('contains_username')]],
    ['a username shorter than 5, not contained', 'Wq7nTr5p', { username: 'ab7' }, []],
    // ID and mobile.
    ['the ID number', `Ab${id}`, { idNumber: id }, [err('contains_id')]],
    ['the ID number given in Arabic digits', `Ab${id}`, { idNumber: '١٠٥٨٣٧٢٩١١' }, [err('contains_id')]],
    ['part of the ID only', 'Ab105837291', { idNumber: id }, []],
    ['the mobile stored as E.164', 'Ab551937284', { mobile: '+966551937284' }, [err('contains_mobile')]],
    ['the mobile given as 05…', 'Ab551937284', { mobile: '055 193 7284' }, [err('contains_mobile')]],
    ['the mobile with its leading 0', 'A0551937284b', { mobile: '+966551937284' }, [err('contains_mobile')]],
    ['an unparsable mobile in the context', 'Ab551937284', { mobile: '12' }, []],
    // Blocklist.
    ['Password1 (common)', 'Password1', {}, [err('common')]],
    ['Absher123 (local common)', 'Absher123', {}, [err('common')]],
    ['Aa123456 (common, and a sequence)', 'Aa123456', {}, [err('sequence'), err('common')]],
    ['Saudi1234 (common, and a sequence)', 'Saudi1234', {}, [err('sequence'), err('common')]],
    // Everything at once.
    ['aaaaa with a context', 'aaaaa', { username: 'aaaaa1' }, [
      tooShort, err('needs_uppercase'), err('needs_digit'), err('repeated'), err('char_overused'), err('contains_username'),
    ]],
    ['the seed 1234 alone', '1234', {}, [
      { code: 'password.too_short', params: { min: 8 } }, err('needs_uppercase'), err('needs_lowercase'), err('sequence'), err('common'),
    ]],
  ]);
});

describe('evaluatePassword (nist)', () => {
  runCases('nist', nist, [
    ['a passphrase with spaces', 'correct horse battery staple', {}, []],
    ['an Arabic passphrase', 'كلمة سر طويلة جدا', {}, []],
    ['the seed aaaa inside (no run rules)', 'Wq7naaaa', {}, []],
    ['the seed abcd inside (no sequence rules)', 'Wqabcd7n', {}, []],
    ['only lower-case letters', 'tigerlilymoon', {}, []],
    ['7 characters', 'abcdefg', {}, [tooShort]],
    ['7 Arabic letters (code points counted)', 'سلامعلي', {}, [tooShort]],
    ['65 characters', 'x'.repeat(65), {}, [tooLong]],
    ['a common password', 'password', {}, [err('common')]],
    ['a piece of the username', 'my salem garden', { username: 'salem2024' }, [err('contains_username')]],
    ['the ID in Arabic digits', `رقمي ١٠٥٨٣٧٢٩١١`, { idNumber: id }, [err('contains_id')]],
    ['the mobile in Persian digits', 'جوال ۵۵۱۹۳۷۲۸۴', { mobile: '+966551937284' }, [err('contains_mobile')]],
    ['an empty password', '', {}, [err('required')]],
  ]);
});

describe('passwordStrength', () => {
  const cases: Array<[password: string, score: number]> = [
    ['password', 0],
    ['Aa123456', 1],
    ['correct horse battery staple', 4],
  ];
  for (const [password, score] of cases) {
    test(`when scoring ${password}, then the score is ${score}`, () => {
      assert.equal(passwordStrength(password), score);
    });
  }

  test('when the password is the username, then passing it as a user input lowers the score', () => {
    assert.ok(passwordStrength('Tiberius1987x', ['Tiberius1987x']) < passwordStrength('Tiberius1987x'));
  });

  test('when scoring the API example, then the score is within 0–4', () => {
    const score = passwordStrength('Wq7nTr5p');
    assert.ok(Number.isInteger(score) && score >= 0 && score <= 4);
  });
});
