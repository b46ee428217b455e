import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { idRenewalFeeHalalas, idRenewalProblems } from './rules.ts';
import { checkPhoto, PHOTO_MAX_BYTES } from './photo.ts';
import type { IdCardRecord } from '../../sectors/civil-affairs.ts';

const today = '2026-01-15';
const card = (expiresOn: string, status: IdCardRecord['status'] = 'valid'): IdCardRecord => ({ idNumber: '1000000008', version: 2, issuedOn: '2016-01-01', expiresOn, status, photoId: null });
const codes = (problems: Array<{ code: string }>) => problems.map((problem) => problem.code);

/** A PNG header of the given size (enough for the checks, which read only the header). */
function png(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return bytes;
}

/** A JPEG start with an APP0 segment and a baseline frame header of the given size. */
function jpeg(width: number, height: number): Uint8Array {
  return Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, height >> 8, height & 255, width >> 8, width & 255, 3, 0, 0, 0]);
}

describe('national ID renewal rules', () => {
  it('when the card expires in exactly 180 days, then it may be renewed, for free', () => {
    assert.deepEqual(idRenewalProblems(card('2026-07-14'), today), []);
    assert.equal(idRenewalFeeHalalas(card('2026-07-14'), today), 0);
  });

  it('when the card expires in 181 days, then it is too early, by one day', () => {
    assert.deepEqual(idRenewalProblems(card('2026-07-15'), today), [{ code: 'civil.national_id_renewal.too_early', params: { days: 1, window: 180 } }]);
  });

  it('when the card has expired, then it may be renewed with the 100 SAR late fine', () => {
    assert.deepEqual(idRenewalProblems(card('2025-12-01', 'expired'), today), []);
    assert.equal(idRenewalFeeHalalas(card('2025-12-01', 'expired'), today), 10_000);
    assert.equal(idRenewalFeeHalalas(card(today), today), 0, 'the last valid day is not late');
  });

  it('when the card is cancelled, then it cannot be renewed here', () => {
    assert.deepEqual(codes(idRenewalProblems(card('2026-02-01', 'cancelled'), today)), ['civil.national_id_renewal.card_cancelled']);
  });

  it('when the person holds no national ID card, then the service is not for them', () => {
    assert.deepEqual(codes(idRenewalProblems(null, today)), ['civil.national_id_renewal.not_citizen']);
  });
});

describe('ID photo checks', () => {
  it('when a portrait PNG or JPEG of at least 200×250 is sent, then it is accepted with its real type', () => {
    const fromPng = checkPhoto(png(300, 400));
    assert.ok(fromPng.ok && fromPng.photo.contentType === 'image/png' && fromPng.photo.width === 300);
    const fromJpeg = checkPhoto(jpeg(200, 250));
    assert.ok(fromJpeg.ok && fromJpeg.photo.contentType === 'image/jpeg' && fromJpeg.photo.height === 250);
  });

  it('when nothing is sent, then the photo is required', () => {
    assert.deepEqual(checkPhoto(new Uint8Array()), { ok: false, errors: [{ code: 'civil.photo.required' }] });
    assert.deepEqual(checkPhoto(null), { ok: false, errors: [{ code: 'civil.photo.required' }] });
  });

  it('when the bytes are not a JPEG or PNG (a GIF, a PDF, text named .jpg), then the type is refused', () => {
    for (const bytes of [Buffer.from('GIF89a\x01\x00\x01\x00'), Buffer.from('%PDF-1.7 hello'), Buffer.from('just text pretending to be a jpg')]) {
      assert.deepEqual(checkPhoto(bytes), { ok: false, errors: [{ code: 'civil.photo.type' }] });
    }
  });

  it('when the file is over 2 MB, then it is too large', () => {
    const big = new Uint8Array(PHOTO_MAX_BYTES + 1);
    big.set(png(300, 400));
    assert.equal(checkPhoto(big).ok, false);
    assert.deepEqual((checkPhoto(big) as { errors: unknown[] }).errors, [{ code: 'civil.photo.too_large', params: { max: '2 MB' } }]);
  });

  it('when the picture is too small or landscape, then it is refused with the reason', () => {
    assert.deepEqual(codes((checkPhoto(png(199, 400)) as { errors: Array<{ code: string }> }).errors), ['civil.photo.too_small']);
    assert.deepEqual(codes((checkPhoto(jpeg(400, 300)) as { errors: Array<{ code: string }> }).errors), ['civil.photo.not_portrait']);
  });
});
