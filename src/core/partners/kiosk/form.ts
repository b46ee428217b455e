// What a kiosk sends to start an operation, read the same way whatever the device. Guarantees: the
// action is one of activate, update_mobile, suspend; the ID number is read by the registration
// rule (any digit script, check digit); the mobile is read as E.164 and is required to update it;
// the fingerprint reading is a bounded string; every problem is reported at once.
import { FieldErrorCollector } from '../../errors.ts';
import { parseIdentifier } from '../../identity/national-id.ts';
import { parseMobile } from '../../identity/mobile.ts';
import type { Language } from '../../store.ts';
import type { IdentifierKind } from '../../ports.ts';
import { kioskActions, type KioskAction } from './flow.ts';

export type KioskInput = { action?: unknown; idNumber?: unknown; fingerprint?: unknown; mobile?: unknown; language?: unknown };

export type KioskRequest = {
  action: KioskAction;
  idNumber: string;
  idKind: IdentifierKind;
  fingerprint: string;
  mobile: string | null;
  language: Language | null;
};

export function checkKioskForm(input: KioskInput): KioskRequest {
  const errors = new FieldErrorCollector();
  const action = kioskActions.find((candidate) => candidate === input.action);
  if (!action) errors.add('action', 'kiosk.action_invalid');
  const id = parseIdentifier(input.idNumber);
  if (!id.ok) errors.add('idNumber', id.error.code, id.error.params);
  const fingerprint = typeof input.fingerprint === 'string' ? input.fingerprint.trim() : '';
  if (fingerprint === '' || fingerprint.length > 4096) errors.add('fingerprint', 'kiosk.fingerprint_required');
  let mobile: string | null = null;
  const mobileGiven = input.mobile !== undefined && input.mobile !== null && input.mobile !== '';
  if (mobileGiven || action === 'update_mobile') {
    const parsed = parseMobile(input.mobile);
    if (parsed.ok) mobile = parsed.value;
    else errors.add('mobile', parsed.error.code, parsed.error.params);
  }
  const language = input.language === 'ar' || input.language === 'en' ? input.language : null;
  errors.throwIfAny();
  return { action: action!, idNumber: id.ok ? id.value.idNumber : '', idKind: id.ok ? id.value.kind : 'national_id', fingerprint, mobile, language };
}
