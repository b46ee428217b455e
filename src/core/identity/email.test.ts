import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEmail } from './email.ts';

const local64 = 'l'.repeat(64);
const domain189 = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(61)}`;

describe('parseEmail', () => {
  const accepted: Array<[label: string, input: string, expected: string]> = [
    ['a plain address', 'salem@example.com', 'salem@example.com'],
    ['an upper-case domain (local part kept)', 'Salem@Example.COM', 'Salem@example.com'],
    ['surrounding spaces and an RLM', ' \u200fsalem@example.sa\u00a0', 'salem@example.sa'],
    ['dots, plus and hyphens', 'a.b+tag@mail-1.sub.example.sa', 'a.b+tag@mail-1.sub.example.sa'],
    ['Arabic digits in the local part', 'salem٢٠٢٤@example.com', 'salem2024@example.com'],
    ['an Arabic domain', 'salem@موقع.السعودية', 'salem@موقع.السعودية'],
    ['a 64-character local part', `${local64}@example.com`, `${local64}@example.com`],
    ['254 characters in all', `${local64}@${domain189}`, `${local64}@${domain189}`],
  ];
  for (const [label, input, expected] of accepted) {
    test(`when given ${label}, then it is accepted as ${expected.slice(0, 40)}`, () => {
      assert.deepEqual(parseEmail(input), { ok: true, value: expected });
    });
  }

  const rejected: Array<[label: string, input: unknown, code: string]> = [
    ['an empty string', '', 'email.required'],
    ['only spaces', '  ', 'email.required'],
    ['undefined', undefined, 'email.required'],
    ['no @', 'salem.example.com', 'email.format'],
    ['two @', 'salem@home@example.com', 'email.format'],
    ['an empty local part', '@example.com', 'email.format'],
    ['an empty domain', 'salem@', 'email.format'],
    ['a domain without a dot', 'salem@localhost', 'email.format'],
    ['a space in the local part', 'sal em@example.com', 'email.format'],
    ['a space in the domain', 'salem@exa mple.com', 'email.format'],
    ['a domain starting with a dot', 'salem@.example.com', 'email.format'],
    ['an empty domain label', 'salem@example..com', 'email.format'],
    ['a trailing dot', 'salem@example.com.', 'email.format'],
    ['a label starting with a hyphen', 'salem@-example.com', 'email.format'],
    ['a local part starting with a dot', '.salem@example.com', 'email.format'],
    ['a double dot in the local part', 'sa..lem@example.com', 'email.format'],
    ['angle brackets', '<salem@example.com>', 'email.format'],
    ['a display name', 'Salem <salem@example.com>', 'email.format'],
    ['a 65-character local part', `${local64}l@example.com`, 'email.format'],
    ['255 characters in all', `${local64}@${domain189}c`, 'email.format'],
  ];
  for (const [label, input, code] of rejected) {
    test(`when given ${label}, then it fails with ${code}`, () => {
      assert.deepEqual(parseEmail(input), { ok: false, error: { code } });
    });
  }
});
