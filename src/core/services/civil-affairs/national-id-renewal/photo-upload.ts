// Photo intake for the national ID renewal: an active holder hands in a photo, it is checked
// (photo.ts: real JPEG/PNG, ≤ 2 MB, ≥ 200×250, portrait) and kept by civil affairs for the next card.
// Guarantees: only an `active` account may upload; nothing is stored unless every check passes;
// an upload with the same idempotency key stores one photo (civil affairs is idempotent on it).
import { AppError } from '../../../errors.ts';
import type { AccountRepository } from '../../../store.ts';
import type { CivilAffairsSystem } from '../../sectors/civil-affairs.ts';
import { sectorCall } from '../../sectors/sector-errors.ts';
import { checkPhoto } from './photo.ts';

export class IdPhotoUploads {
  readonly #accounts: AccountRepository;
  readonly #civil: CivilAffairsSystem;

  constructor(options: { accounts: AccountRepository; civilAffairs: CivilAffairsSystem }) {
    this.#accounts = options.accounts;
    this.#civil = options.civilAffairs;
  }

  async upload(accountId: string, bytes: Uint8Array | null, idempotencyKey?: string): Promise<{ photoId: string; contentType: string; width: number; height: number }> {
    const account = await this.#accounts.findById(accountId);
    if (!account) throw new AppError('auth.required');
    if (account.status !== 'active') throw new AppError('eservices.account_not_active', { params: { status: account.status } });
    const checked = checkPhoto(bytes);
    if (!checked.ok) throw new AppError('validation.failed', { fields: { photo: checked.errors } });
    const key = idempotencyKey && /^[A-Za-z0-9_-]{8,100}$/.test(idempotencyKey) ? idempotencyKey : crypto.randomUUID();
    const photoId = await sectorCall(() =>
      this.#civil.storePhoto({ ownerId: account.idNumber, contentType: checked.photo.contentType, bytes: checked.photo.bytes, reference: `${account.id}:${key}` }),
    );
    return { photoId, contentType: checked.photo.contentType, width: checked.photo.width, height: checked.photo.height };
  }
}
