import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidLuhn, luhnCheckDigit, maskIdNumber, parseIdentifier } from './national-id.ts';

const withCheckDigit = (first9: string) => first9 + luhnCheckDigit(first9);

describe('luhnCheckDigit and isValidLuhn', () => {
  const known: Array<[first9: string, checkDigit: number]> = [
    ['101234567', 2],
    ['105837291', 1],
    ['209418375', 9],
    ['116385920', 8],
    ['273950418', 7],
    ['100000000', 8],
  ];
  for (const [first9, checkDigit] of known) {
    test(`when the first nine digits are ${first9}, then the check digit is ${checkDigit}`, () => {
      assert.equal(luhnCheckDigit(first9), checkDigit);
      assert.equal(isValidLuhn(first9 + checkDigit), true);
    });
  }

  for (const first9 of ['105837291', '209418375', '116385920', '273950418']) {
    const valid = withCheckDigit(first9);
    for (let position = 1; position < 10; position++) {
      const digit = Number(valid[position]);
      const changed = valid.slice(0, position) + ((digit + 1) % 10) + valid.slice(position + 1);
      test(`when digit ${position} of ${valid} changes (${changed}), then the check fails`, () => {
        assert.equal(isValidLuhn(changed), false);
        assert.deepEqual(parseIdentifier(changed), { ok: false, error: { code: 'id.checksum' } });
      });
    }
  }

  for (const bad of ['10123456', '1012345678', '10123456a', '', '١٠١٢٣٤٥٦٧']) {
    test(`when luhnCheckDigit gets ${JSON.stringify(bad)}, then it throws`, () => {
      assert.throws(() => luhnCheckDigit(bad), RangeError);
    });
  }

  for (const bad of ['101234567', '10123456720', '101234567a', '']) {
    test(`when isValidLuhn gets ${JSON.stringify(bad)}, then it is false`, () => {
      assert.equal(isValidLuhn(bad), false);
    });
  }
});

describe('parseIdentifier', () => {
  const accepted: Array<[label: string, input: unknown, idNumber: string, kind: string]> = [
    ['a valid national ID', '1012345672', '1012345672', 'national_id'],
    ['a national ID in Eastern-Arabic digits', '١٠١٢٣٤٥٦٧٢', '1012345672', 'national_id'],
    ['a national ID in Persian digits', '۱۰۱۲۳۴۵۶۷۲', '1012345672', 'national_id'],
    ['a national ID with spaces inside and around', ' 1012 345 672 ', '1012345672', 'national_id'],
    ['a national ID wrapped in RLM and NBSP', '\u200f1012345672\u00a0', '1012345672', 'national_id'],
    ['a valid Iqama', withCheckDigit('209418375'), '2094183759', 'iqama'],
    ['a valid Iqama in mixed digits', '٢٠٩٤١٨3759', '2094183759', 'iqama'],
    ['a border number starting with 3', '3123456789', '3123456789', 'border'],
    ['a border number starting with 4 (no check digit)', '4000000001', '4000000001', 'border'],
    ['a border number in Arabic digits', '٤٠٠٠٠٠٠٠٠٢', '4000000002', 'border'],
  ];
  for (const [label, input, idNumber, kind] of accepted) {
    test(`when given ${label}, then it is accepted as ${kind} ${idNumber}`, () => {
      assert.deepEqual(parseIdentifier(input), { ok: true, value: { idNumber, kind } });
    });
  }

  const rejected: Array<[label: string, input: unknown, code: string]> = [
    ['an empty string', '', 'id.required'],
    ['only spaces and marks', ' \u200f\u00a0 ', 'id.required'],
    ['undefined', undefined, 'id.required'],
    ['a number instead of a string', 1012345672, 'id.required'],
    ['nine digits', '101234567', 'id.format'],
    ['eleven digits', '10123456720', 'id.format'],
    ['a letter', '101234567a', 'id.format'],
    ['a dash inside', '1012-345672', 'id.format'],
    ['a first digit of 5', '5012345678', 'id.format'],
    ['a first digit of 0', '0012345678', 'id.format'],
    ['a first digit of 9', '9012345678', 'id.format'],
    ['a national ID with a wrong check digit', '1012345673', 'id.checksum'],
    ['an Arabic-digit national ID with a wrong check digit', '١٠١٢٣٤٥٦٧٣', 'id.checksum'],
    ['an Iqama with a wrong check digit', '2094183750', 'id.checksum'],
  ];
  for (const [label, input, code] of rejected) {
    test(`when given ${label}, then it fails with ${code}`, () => {
      assert.deepEqual(parseIdentifier(input), { ok: false, error: { code } });
    });
  }
});

describe('maskIdNumber', () => {
  const cases: Array<[input: string, expected: string]> = [
    ['1012345672', '1••••••672'],
    ['2094183759', '2••••••759'],
    ['12345', '1•345'],
    ['1234', '••••'],
    ['', ''],
  ];
  for (const [input, expected] of cases) {
    test(`when masking ${JSON.stringify(input)}, then it shows ${JSON.stringify(expected)}`, () => {
      assert.equal(maskIdNumber(input), expected);
    });
  }
});
