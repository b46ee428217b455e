// A kiosk operation as an explicit state machine. A registered kiosk device identifies the person
// (ID + fingerprint matched against the registry) and asks for one action; a code goes to a mobile
// (`otp_sent`); the right code carries the action out. Activation goes through `verified` (the code
// was right and the account exists — created here for a person without one) to `completed` once
// the activation service has answered, so a crash in between is finished by submitting again.
// Guarantees: only the device that started an operation can move it; a flow lives 10 minutes.
import type { StateMachine } from '../../flows/state-machine.ts';
import type { Language } from '../../store.ts';

export type KioskAction = 'activate' | 'update_mobile' | 'suspend';
export const kioskActions: readonly KioskAction[] = ['activate', 'update_mobile', 'suspend'];

export type KioskState = 'otp_sent' | 'verified' | 'completed';
export type KioskEvent = 'verify_code' | 'resend_code';

export const kioskMachine: StateMachine<KioskState, KioskEvent> = {
  kind: 'kiosk',
  lifetimeSeconds: 10 * 60,
  initial: 'otp_sent',
  transitions: {
    otp_sent: { verify_code: ['completed', 'verified', 'otp_sent'], resend_code: ['otp_sent'] },
    // The code was accepted; submitting again finishes the activation (no second code is asked).
    verified: { verify_code: ['completed'] },
    completed: {},
  },
  final: ['completed'],
};

export const kioskOtpPurpose = 'kiosk';

export type KioskResult = 'activated' | 'already_active' | 'account_created' | 'mobile_updated' | 'suspended';

export type KioskData = {
  action: KioskAction;
  clientId: string;
  device: string;
  idNumber: string;
  /** The account acted on; for a person without one, set once it has been created. */
  accountId: string | null;
  /** Where the code goes: the account's mobile, or the new number (update, a new account). */
  mobile: string;
  language: Language;
  createsAccount: boolean;
  result: KioskResult | null;
};

/** What the kiosk may show about an operation. */
export type KioskView = {
  operationId: string;
  action: KioskAction;
  state: KioskState;
  mobileMasked: string;
  createsAccount: boolean;
  otpExpiresAt: Date | null;
  resendAvailableAt: Date | null;
  result: KioskResult | null;
  /** For a new account: its username (the ID number). */
  username: string | null;
};
