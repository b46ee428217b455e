// Human descriptions of where a session is: the browser and system from the User-Agent, and the
// place from the address (this deployment has no address-to-city database, so it says whether the
// address is local and shows the address itself).
import type { Translator } from '../../i18n/i18n.ts';

const browsers: Array<[RegExp, string]> = [
  [/Edg\//, 'Edge'],
  [/OPR\//, 'Opera'],
  [/Chrome\//, 'Chrome'],
  [/Firefox\//, 'Firefox'],
  [/Safari\//, 'Safari'],
];
const systems: Array<[RegExp, string]> = [
  [/Android/, 'Android'],
  [/iPhone|iPad|iOS/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
];

export function describeDevice(userAgent: string, t: Translator): string {
  const browser = browsers.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = systems.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (!browser && !system) return t('sessions.unknown_device');
  return [browser, system].filter(Boolean).join(' · ');
}

export function describePlace(ip: string, t: Translator): string {
  const local = /^(127\.|::1$|::ffff:127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(ip);
  return local ? `${t('sessions.local_network')} (${ip})` : ip;
}
