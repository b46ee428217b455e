import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { commonPasswords, isCommonPassword } from './common-passwords.ts';

describe('isCommonPassword', () => {
  const cases: Array<[password: string, common: boolean]> = [
    ['password', true],
    ['PASSWORD', true],
    ['123456', true],
    ['qwerty', true],
    ['absher123', true],
    ['Absher123', true],
    ['password1', true],
    ['qwerty123', true],
    ['saudi1234', true],
    ['Aa123456', true],
    ['Wq7nTr5p', false],
    ['correct horse battery staple', false],
  ];
  for (const [password, common] of cases) {
    test(`when checking ${password}, then it is ${common ? '' : 'not '}common`, () => {
      assert.equal(isCommonPassword(password), common);
    });
  }
});

describe('commonPasswords', () => {
  test('when asked twice, then the same set is returned (built once)', () => {
    assert.equal(commonPasswords(), commonPasswords());
  });

  test('when built, then it holds the shipped list and every entry is lower-case', () => {
    const list = commonPasswords();
    assert.ok(list.size > 40_000, `only ${list.size} entries`);
    for (const entry of list) assert.equal(entry, entry.toLowerCase());
  });
});
