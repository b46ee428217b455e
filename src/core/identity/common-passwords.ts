// The common-password blocklist: zxcvbn-ts's common-passwords list plus local favourites.
// Guarantees: built once, on first use; every entry is lower-case, so callers compare lower-cased passwords.

import { dictionary } from '@zxcvbn-ts/language-common';

/** Choices common here that a global list may miss. Lower-cased when the set is built. */
const LOCAL_COMMON_PASSWORDS = [
  'absher123', 'absher1234', 'absher12345', 'Absher@123',
  'password1', 'Password123', 'qwerty123', 'Aa123456', 'Aa112233', 'Aa123123',
  'saudi1234', 'saudi12345', 'ksa12345', 'ksa2030', 'vision2030', 'saudi2030',
  'riyadh123', 'riyadh1234', 'jeddah123', 'makkah123', 'madinah123',
  'mohammed123', 'abdullah123', 'allah123', 'bismillah',
];

let blocklist: ReadonlySet<string> | undefined;

export function commonPasswords(): ReadonlySet<string> {
  blocklist ??= new Set(
    [...dictionary['passwords-common'], ...LOCAL_COMMON_PASSWORDS].map((password) => password.toLowerCase()),
  );
  return blocklist;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}
