// The registration flow as an explicit state machine. A flow is created when a complete, valid form
// has been accepted (the code is then on its way): `otp_sent` → `completed` on the right code.
// Guarantees: the account exists only once the flow completes; an unfinished flow expires after 30
// minutes and leaves nothing behind but its own record, which housekeeping removes.
import type { StateMachine } from '../state-machine.ts';
import type { IdentifierKind } from '../../ports.ts';
import type { Language } from '../../store.ts';

export type RegistrationState = 'otp_sent' | 'completed';
export type RegistrationEvent = 'verify_code' | 'resend_code';

export const registrationMachine: StateMachine<RegistrationState, RegistrationEvent> = {
  kind: 'registration',
  lifetimeSeconds: 30 * 60,
  initial: 'otp_sent',
  transitions: {
    otp_sent: { verify_code: ['completed', 'otp_sent'], resend_code: ['otp_sent'] },
    completed: {},
  },
  final: ['completed'],
};

export const registrationOtpPurpose = 'registration';

export type RegistrationData = {
  idNumber: string;
  idKind: IdentifierKind;
  mobile: string;
  email: string;
  username: string;
  passwordHash: string;
  preferredLanguage: Language;
  termsVersion: string;
  accountId?: string;
};

/** What a page or the API may show about a registration flow. */
export type RegistrationView = {
  registrationId: string;
  state: RegistrationState;
  channel: 'web' | 'api';
  mobileMasked: string;
  preferredLanguage: Language;
  expiresAt: Date;
  otpExpiresAt: Date | null;
  resendAvailableAt: Date | null;
  sendsLeft: number;
  account: { username: string; status: string } | null;
};
