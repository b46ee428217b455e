// The Arabic and English locales must say the same things: same keys, same placeholders, same
// plural-ness, and every message id the code refers to must exist in both.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, globSync } from 'node:fs';
import { loadLocale, translate, errorMessage, type LocaleMessages } from './i18n.ts';
import { errorCatalogue } from '../core/errors.ts';
import { allServices } from '../core/services/services.ts';
import { serviceMessages } from '../core/services/definition.ts';

const ar = loadLocale('ar');
const en = loadLocale('en');
// E-services keep their texts beside their code (src/core/services/**/texts.ts): they count as locale messages.
for (const definition of allServices) {
  Object.assign(ar, serviceMessages(definition, 'ar'));
  Object.assign(en, serviceMessages(definition, 'en'));
}

function placeholders(value: LocaleMessages[string]): string[] {
  const texts = typeof value === 'string' ? [value] : Object.values(value);
  return [...new Set(texts.flatMap((text) => [...(text ?? '').matchAll(/\{(\w+)\}/g)].map((match) => match[1]!)))].sort();
}

describe('locales', () => {
  it('when the two locales are compared, then they have exactly the same keys', () => {
    assert.deepEqual(Object.keys(ar).sort(), Object.keys(en).sort());
  });

  it('when a message has placeholders, then both languages use the same ones', () => {
    for (const key of Object.keys(en)) {
      const english = en[key]!;
      const arabic = ar[key]!;
      const plural = (value: LocaleMessages[string]) => typeof value !== 'string';
      assert.equal(plural(arabic), plural(english), `${key}: plural in one language only`);
      // Arabic plural forms for one and two may spell the number out instead of using {count}.
      const expected = placeholders(english).filter((name) => name !== 'count');
      const actual = placeholders(arabic).filter((name) => name !== 'count');
      assert.deepEqual(actual, expected, `${key}: placeholders differ`);
    }
  });

  it('when a message is empty or untranslated, then the test says which', () => {
    for (const key of Object.keys(en)) {
      assert.ok(translate('ar', key).trim().length > 0, `${key} is empty in ar`);
      assert.ok(translate('en', key).trim().length > 0, `${key} is empty in en`);
    }
  });

  it('when any catalogued error is answered, then both languages have words for it', () => {
    for (const code of Object.keys(errorCatalogue)) {
      assert.ok(code in ar && code in en, `${code} is missing from a locale`);
    }
  });

  it('when the code names a message id literally, then both locales have it', () => {
    const sources = globSync('src/**/*.{ts,tsx}').filter((file) => !file.endsWith('.test.ts'));
    const missing: string[] = [];
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\b(?:t|translate\([^,]+,)\s*\(?\s*'([a-z_]+(?:\.[a-z_0-9]+)+)'/g)) {
        const id = match[1]!;
        if (!(id in en) || !(id in ar)) missing.push(`${file}: ${id}`);
      }
      for (const match of text.matchAll(/(?:messageId|code): '([a-z_]+(?:\.[a-z_0-9]+)+)'/g)) {
        const id = match[1]!;
        if (!(id in en) || !(id in ar)) missing.push(`${file}: ${id}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('when Arabic counts tries, then it uses the right plural form', () => {
    assert.match(errorMessage('ar', { code: 'otp.invalid', params: { count: 2 } }), /محاولتان/);
    assert.match(errorMessage('ar', { code: 'otp.invalid', params: { count: 3 } }), /3 محاولات/);
    assert.match(errorMessage('en', { code: 'otp.invalid', params: { count: 1 } }), /1 try left/);
  });

  it('when a Nafath wait is told, then seconds and minutes take the plural form of their number', () => {
    assert.match(errorMessage('ar', { code: 'nafath.request_open', params: { count: 2 } }), /بعد ثانيتين/);
    assert.match(errorMessage('ar', { code: 'nafath.request_open', params: { count: 5 } }), /بعد 5 ثوانٍ/);
    assert.match(errorMessage('ar', { code: 'nafath.request_open', params: { count: 120 } }), /بعد 120 ثانية/);
    assert.match(errorMessage('ar', { code: 'nafath.too_many', params: { count: 1 } }), /بعد دقيقة واحدة/);
    assert.match(errorMessage('ar', { code: 'nafath.too_many', params: { count: 10 } }), /بعد 10 دقائق/);
    assert.match(errorMessage('en', { code: 'nafath.request_open', params: { count: 1 } }), /in 1 second when/);
    assert.match(errorMessage('en', { code: 'nafath.too_many', params: { count: 15 } }), /in 15 minutes/);
  });

  it('when an error has a reason with its own message, then the specific message is used', () => {
    assert.equal(errorMessage('en', { code: 'id.not_eligible', params: { reason: 'under_age' } }), en['id.not_eligible.under_age']);
    assert.equal(errorMessage('en', { code: 'id.not_eligible', params: { reason: 'unknown_reason' } }), en['id.not_eligible']);
  });
});
