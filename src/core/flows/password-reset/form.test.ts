// The forgot-password answers and questions without a database: the date forms people type, the
// passport number, and which question each kind of person is asked.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDate, readAnswer } from './form.ts';
import { questionFor } from './service.ts';
import type { RegistryPerson } from '../../ports.ts';

describe('forgot-password answers', () => {
  it('when a date is typed year first or day first, with - / or . and Arabic or Persian digits, then it reads as the ISO date', () => {
    for (const typed of ['2027-03-14', '2027/3/14', '14/03/2027', '14-3-2027', '14.03.2027', '١٤/٠٣/٢٠٢٧', '۲۰۲۷-۰۳-۱۴', ' 14 / 03 / 2027 ']) {
      assert.equal(parseDate(typed), '2027-03-14', typed);
    }
  });

  it('when a date does not exist or is not a date, then it is refused', () => {
    for (const typed of ['2027-02-29', '31/04/2027', '2027-13-01', '00/01/2027', '14/03/27', '2027-03', 'tomorrow', '']) {
      assert.equal(parseDate(typed), null, typed);
    }
    assert.equal(parseDate('29/02/2028'), '2028-02-29', 'a leap day is a date');
  });

  it('when an answer is empty or malformed, then the field error says which form is expected', () => {
    assert.deepEqual(readAnswer('iqama_expiry', ' '), { ok: false, error: { code: 'recovery.answer_required' } });
    assert.deepEqual(readAnswer('id_card_expiry', '2027/02/30'), { ok: false, error: { code: 'recovery.answer_format_date' } });
    assert.deepEqual(readAnswer('passport_number', 'A1'), { ok: false, error: { code: 'recovery.answer_format_passport' } });
    assert.deepEqual(readAnswer('passport_number', ' n38-000 171 '), { ok: true, value: 'N38000171' });
    assert.deepEqual(readAnswer('passport_number', 42), { ok: false, error: { code: 'recovery.answer_required' } });
  });

  it('when the registry person is a citizen, a resident or dependent, a visitor or GCC citizen, then the question follows', () => {
    const person = (category: RegistryPerson['category'], passportNumber: string | null = 'A12345678') => ({ category, passportNumber }) as RegistryPerson;
    assert.equal(questionFor(person('citizen', null)), 'id_card_expiry');
    assert.equal(questionFor(person('resident')), 'iqama_expiry');
    assert.equal(questionFor(person('dependent')), 'iqama_expiry');
    assert.equal(questionFor(person('visitor')), 'passport_number');
    assert.equal(questionFor(person('gcc')), 'passport_number');
    assert.equal(questionFor(person('visitor', null)), null, 'nothing to ask: recovery.no_question');
  });
});
