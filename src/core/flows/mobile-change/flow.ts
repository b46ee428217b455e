// The mobile change flow as an explicit state machine: `old_code` (a code went to the current
// number) → `new_code` (the current number confirmed; a code went to the new one) → `completed`.
// Guarantees: the account's mobile changes only once both numbers have answered with their own
// code; each step has its own code (purpose), so a code of one number never opens the other step.
// A flow belongs to one account and lives 15 minutes.
import type { StateMachine } from '../state-machine.ts';
import type { Language } from '../../store.ts';

export type MobileChangeState = 'old_code' | 'new_code' | 'completed';
export type MobileChangeEvent = 'verify_code' | 'resend_code';

export const mobileChangeMachine: StateMachine<MobileChangeState, MobileChangeEvent> = {
  kind: 'mobile_change',
  lifetimeSeconds: 15 * 60,
  initial: 'old_code',
  transitions: {
    old_code: { verify_code: ['new_code', 'old_code'], resend_code: ['old_code'] },
    new_code: { verify_code: ['completed', 'new_code'], resend_code: ['new_code'] },
    completed: {},
  },
  final: ['completed'],
};

/** The code of each waiting state, kept apart (one challenge per purpose). */
export const mobileChangeOtpPurposes = { old_code: 'mobile_change_old', new_code: 'mobile_change_new' } as const;

export type MobileChangeData = {
  accountId: string;
  idNumber: string;
  username: string;
  oldMobile: string;
  newMobile: string;
  language: Language;
};

/** What a page or the API may show about a mobile change. */
export type MobileChangeView = {
  changeId: string;
  state: MobileChangeState;
  channel: 'web' | 'api';
  /** Where the code of the current step went (the new number once completed). */
  mobileMasked: string;
  oldMobileMasked: string;
  newMobileMasked: string;
  expiresAt: Date;
  otpExpiresAt: Date | null;
  resendAvailableAt: Date | null;
  sendsLeft: number;
};
