import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { familyHeadProblems, readNewbornForm } from './rules.ts';
import { AppError } from '../../../errors.ts';

const today = '2026-01-15';
const valid = { nameAr: 'ليان', nameEn: 'Layan', sex: 'F', birthDate: '2026-01-10', notificationNumber: '1234567890' };

function fieldCodes(input: Record<string, unknown>): Record<string, string[]> {
  try {
    readNewbornForm(input, today);
  } catch (error) {
    assert.ok(error instanceof AppError && error.code === 'validation.failed');
    return Object.fromEntries(Object.entries(error.details.fields ?? {}).map(([field, errors]) => [field, errors.map((e) => e.code)]));
  }
  return {};
}

describe('family record rules', () => {
  it('when a citizen or a resident asks, then they head a family record; others do not', () => {
    assert.deepEqual(familyHeadProblems('citizen'), []);
    assert.deepEqual(familyHeadProblems('resident'), []);
    for (const category of ['visitor', 'gcc', 'dependent'] as const) assert.deepEqual(familyHeadProblems(category), [{ code: 'family.newborn.not_head' }]);
  });

  it('when the newborn form is complete, then it is read (Arabic digits accepted, spaces tidied)', () => {
    assert.deepEqual(readNewbornForm({ ...valid, nameAr: '  ليان  ', notificationNumber: '١٢٣٤٥٦٧٨٩٠' }, today), valid);
    assert.deepEqual(readNewbornForm({ ...valid, birthDate: today }, today).birthDate, today);
  });

  it('when every field is empty, then every field is reported at once', () => {
    assert.deepEqual(fieldCodes({}), {
      nameAr: ['family.newborn.name_ar_required'],
      nameEn: ['family.newborn.name_en_required'],
      sex: ['family.newborn.sex_required'],
      birthDate: ['family.newborn.birth_date_required'],
      notificationNumber: ['family.newborn.notification_required'],
    });
  });

  it('when names use the wrong letters, then each is refused', () => {
    assert.deepEqual(fieldCodes({ ...valid, nameAr: 'Layan', nameEn: 'ليان' }), { nameAr: ['family.newborn.name_ar_letters'], nameEn: ['family.newborn.name_en_letters'] });
  });

  it('when the birth date is malformed, in the future or more than 365 days ago, then it is refused', () => {
    assert.deepEqual(fieldCodes({ ...valid, birthDate: '2026-02-30' }), { birthDate: ['family.newborn.birth_date_format'] });
    assert.deepEqual(fieldCodes({ ...valid, birthDate: '2026-01-16' }), { birthDate: ['family.newborn.birth_date_future'] });
    assert.deepEqual(fieldCodes({ ...valid, birthDate: '2025-01-14' }), { birthDate: ['family.newborn.birth_date_too_old'] });
    assert.deepEqual(fieldCodes({ ...valid, birthDate: '2025-01-15' }), {});
  });

  it('when the notification number is not 10 digits, then it is refused', () => {
    assert.deepEqual(fieldCodes({ ...valid, notificationNumber: '12345' }), { notificationNumber: ['family.newborn.notification_format'] });
  });
});
