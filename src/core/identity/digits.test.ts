import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseDigits, normaliseInput } from './digits.ts';

describe('normaliseDigits', () => {
  const cases: Array<[label: string, input: string, expected: string]> = [
    ['Eastern-Arabic digits', '٠١٢٣٤٥٦٧٨٩', '0123456789'],
    ['Persian digits', '۰۱۲۳۴۵۶۷۸۹', '0123456789'],
    ['ASCII digits', '0123456789', '0123456789'],
    ['digits of all three scripts mixed with letters', 'a١b۲3', 'a1b23'],
    ['Arabic letters', 'سالم', 'سالم'],
    ['surrounding spaces', ' ١ ', ' 1 '],
  ];
  for (const [label, input, expected] of cases) {
    test(`when given ${label}, then it returns ${JSON.stringify(expected)}`, () => {
      assert.equal(normaliseDigits(input), expected);
    });
  }
});

describe('normaliseInput', () => {
  const cases: Array<[label: string, input: unknown, expected: string]> = [
    ['a number', 42, ''],
    ['undefined', undefined, ''],
    ['null', null, ''],
    ['an object', { toString: () => 'x' }, ''],
    ['an array', ['1'], ''],
    ['an empty string', '', ''],
    ['plain text', 'salem2024', 'salem2024'],
    ['surrounding spaces and tabs', ' \t123\n ', '123'],
    ['NBSP and RLM around Arabic digits', '\u00a0١٢٣\u200f', '123'],
    ['LRM and zero-width space', '\u200e123\u200b', '123'],
    ['Arabic letter marks', '\u061c12\u061c', '12'],
    ['a byte-order mark and bidi isolates', '\ufeff\u2067۴۵\u2069', '45'],
    ['fullwidth letters and digits (NFKC)', 'ｓａｌｅｍ１２', 'salem12'],
    ['inner spaces', 'a b', 'a b'],
    ['an inner RLM', '1\u200f2', '1\u200f2'],
  ];
  for (const [label, input, expected] of cases) {
    test(`when given ${label}, then it returns ${JSON.stringify(expected)}`, () => {
      assert.equal(normaliseInput(input), expected);
    });
  }
});
