import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { usernameKey, validateUsername } from './username.ts';

const length = { code: 'username.length', params: { min: 8, max: 30 } };
const characters = { code: 'username.characters' };
const startLetter = { code: 'username.start_letter' };
const needsLowercase = { code: 'username.needs_lowercase' };
const needsDigit = { code: 'username.needs_digit' };

describe('validateUsername', () => {
  const cases: Array<[label: string, input: unknown, value: string, errors: object[]]> = [
    ['the API example', 'salem2024', 'salem2024', []],
    ['upper and lower case', 'Salem2024', 'Salem2024', []],
    ['exactly 8 characters', 'a1234567', 'a1234567', []],
    ['exactly 30 characters', `a${'1'.repeat(29)}`, `a${'1'.repeat(29)}`, []],
    ['Arabic digits and surrounding spaces', ' salem٢٠٢٤ ', 'salem2024', []],
    ['Persian digits', 'salem۲۰۲۴', 'salem2024', []],
    ['7 characters', 'salem24', 'salem24', [length]],
    ['31 characters', `a${'1'.repeat(30)}`, `a${'1'.repeat(30)}`, [length]],
    ['an underscore', 'salem_2024', 'salem_2024', [characters]],
    ['a space inside', 'salem 2024', 'salem 2024', [characters]],
    ['Arabic letters', 'سالم2024salem', 'سالم2024salem', [characters, startLetter]],
    ['a leading digit', '2024salem', '2024salem', [startLetter]],
    ['no lowercase letter', 'SALEM2024', 'SALEM2024', [needsLowercase]],
    ['no digit', 'salemsalem', 'salemsalem', [needsDigit]],
    ['several broken rules', 'SALEM', 'SALEM', [length, needsLowercase, needsDigit]],
    ['only Arabic digits', '١٢٣', '123', [length, startLetter, needsLowercase]],
    ['an empty string', '', '', [{ code: 'username.required' }]],
    ['only spaces', '   ', '', [{ code: 'username.required' }]],
    ['undefined', undefined, '', [{ code: 'username.required' }]],
  ];
  for (const [label, input, value, errors] of cases) {
    const expected = errors.length === 0 ? 'it is accepted' : `it reports ${errors.map((e) => (e as { code: string }).code).join(', ')}`;
    test(`when given ${label}, then ${expected}`, () => {
      assert.deepEqual(validateUsername(input), { value, errors });
    });
  }
});

describe('usernameKey', () => {
  const cases: Array<[input: string, expected: string]> = [
    ['salem2024', 'salem2024'],
    ['Salem2024', 'salem2024'],
    ['SALEM2024', 'salem2024'],
    [' Salem٢٠٢٤ ', 'salem2024'],
  ];
  for (const [input, expected] of cases) {
    test(`when keying ${JSON.stringify(input)}, then the key is ${expected}`, () => {
      assert.equal(usernameKey(input), expected);
    });
  }
});
