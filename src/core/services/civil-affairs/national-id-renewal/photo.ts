// Checks an uploaded ID photo before anything is stored: the bytes must really be a JPEG or PNG
// (by their signature, whatever the upload claimed), at most 2 MB, at least 200×250 pixels and
// portrait. Guarantees: every problem is reported as a field error code; nothing is decoded beyond
// the header that holds the dimensions.
import type { FieldError } from '../../../errors.ts';

export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
export const PHOTO_MIN_WIDTH = 200;
export const PHOTO_MIN_HEIGHT = 250;

export type CheckedPhoto = { contentType: 'image/jpeg' | 'image/png'; width: number; height: number; bytes: Uint8Array };

export function checkPhoto(bytes: Uint8Array | null | undefined): { ok: true; photo: CheckedPhoto } | { ok: false; errors: FieldError[] } {
  if (!bytes || bytes.length === 0) return { ok: false, errors: [{ code: 'civil.photo.required' }] };
  if (bytes.length > PHOTO_MAX_BYTES) return { ok: false, errors: [{ code: 'civil.photo.too_large', params: { max: '2 MB' } }] };
  const header = pngSize(bytes) ?? jpegSize(bytes);
  if (!header) return { ok: false, errors: [{ code: 'civil.photo.type' }] };
  const errors: FieldError[] = [];
  if (header.width < PHOTO_MIN_WIDTH || header.height < PHOTO_MIN_HEIGHT) {
    errors.push({ code: 'civil.photo.too_small', params: { width: PHOTO_MIN_WIDTH, height: PHOTO_MIN_HEIGHT } });
  } else if (header.height < header.width) {
    errors.push({ code: 'civil.photo.not_portrait' });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, photo: { ...header, bytes } };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngSize(bytes: Uint8Array): { contentType: 'image/png'; width: number; height: number } | null {
  if (bytes.length < 24 || !PNG_SIGNATURE.every((value, index) => bytes[index] === value)) return null;
  // The first chunk must be IHDR: width and height are big-endian at offsets 16 and 20.
  if (String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!) !== 'IHDR') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { contentType: 'image/png', width: view.getUint32(16), height: view.getUint32(20) };
}

function jpegSize(bytes: Uint8Array): { contentType: 'image/jpeg'; width: number; height: number } | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    if (length < 2) return null;
    // Start-of-frame markers (baseline, progressive, …) carry the dimensions.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = (bytes[offset + 5]! << 8) | bytes[offset + 6]!;
      const width = (bytes[offset + 7]! << 8) | bytes[offset + 8]!;
      return width > 0 && height > 0 ? { contentType: 'image/jpeg', width, height } : null;
    }
    offset += 2 + length;
  }
  return null;
}
