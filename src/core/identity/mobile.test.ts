import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { maskMobile, parseMobile } from './mobile.ts';

describe('parseMobile', () => {
  const accepted: Array<[label: string, input: string]> = [
    ['05XXXXXXXX', '0512345678'],
    ['5XXXXXXXX', '512345678'],
    ['+9665XXXXXXXX', '+966512345678'],
    ['009665XXXXXXXX', '00966512345678'],
    ['9665XXXXXXXX', '966512345678'],
    ['05… in Eastern-Arabic digits', '٠٥١٢٣٤٥٦٧٨'],
    ['5… in Eastern-Arabic digits', '٥١٢٣٤٥٦٧٨'],
    ['+9665… in Eastern-Arabic digits', '+٩٦٦٥١٢٣٤٥٦٧٨'],
    ['009665… in Persian digits', '۰۰۹۶۶۵۱۲۳۴۵۶۷۸'],
    ['9665… in Persian digits', '۹۶۶۵۱۲۳۴۵۶۷۸'],
    ['05… with spaces', '05 1234 5678'],
    ['05… with dashes', '051-234-5678'],
    ['+966 (5) … with parentheses and spaces', '+966 (51) 234-5678'],
    ['00966 … with an en dash', '00966 51\u20132345678'],
    ['surrounding NBSP and RLM', '\u00a0\u200f0512345678\u200f '],
  ];
  for (const [label, input] of accepted) {
    test(`when given ${label} (${input}), then it is stored as +966512345678`, () => {
      assert.deepEqual(parseMobile(input), { ok: true, value: '+966512345678' });
    });
  }

  const rejected: Array<[label: string, input: unknown, code: string]> = [
    ['an empty string', '', 'mobile.required'],
    ['only spaces', '   ', 'mobile.required'],
    ['undefined', undefined, 'mobile.required'],
    ['a number instead of a string', 512345678, 'mobile.required'],
    ['a landline (011…)', '0112345678', 'mobile.format'],
    ['a mobile not starting with 5', '0412345678', 'mobile.format'],
    ['too few digits', '051234567', 'mobile.format'],
    ['too many digits', '05123456789', 'mobile.format'],
    ['another country code', '+971512345678', 'mobile.format'],
    ['+966 with a leading 0', '+9660512345678', 'mobile.format'],
    ['a single + without 966', '+512345678', 'mobile.format'],
    ['letters', '05abcdefgh', 'mobile.format'],
    ['a dot separator', '051.234.5678', 'mobile.format'],
    ['only separators', '(-)', 'mobile.format'],
  ];
  for (const [label, input, code] of rejected) {
    test(`when given ${label}, then it fails with ${code}`, () => {
      assert.deepEqual(parseMobile(input), { ok: false, error: { code } });
    });
  }
});

describe('maskMobile', () => {
  const cases: Array<[input: string, expected: string]> = [
    ['+966512345678', '+966 5•••••678'],
    ['+966598765432', '+966 5•••••432'],
    ['12345', '••345'],
    ['12', '12'],
  ];
  for (const [input, expected] of cases) {
    test(`when masking ${input}, then it shows ${expected}`, () => {
      assert.equal(maskMobile(input), expected);
    });
  }
});
