// The forgot-username flow as an explicit state machine, created once an ID number and its account's
// mobile matched (the code is then on its way): `otp_sent` → `completed` on the right code.
// Guarantees: the username is revealed only by a completed flow, and only until it expires (15 minutes).
import type { StateMachine } from '../state-machine.ts';
import type { Language } from '../../store.ts';

export type UsernameReminderState = 'otp_sent' | 'completed';
export type UsernameReminderEvent = 'verify_code' | 'resend_code';

export const usernameReminderMachine: StateMachine<UsernameReminderState, UsernameReminderEvent> = {
  kind: 'username_reminder',
  lifetimeSeconds: 15 * 60,
  initial: 'otp_sent',
  transitions: {
    otp_sent: { verify_code: ['completed', 'otp_sent'], resend_code: ['otp_sent'] },
    completed: {},
  },
  final: ['completed'],
};

export const usernameReminderOtpPurpose = 'username_reminder';

export type UsernameReminderData = {
  accountId: string;
  idNumber: string;
  mobile: string;
  language: Language;
  ip: string;
  /** Set when the flow completes. */
  username?: string;
};

export type UsernameReminderView = {
  reminderId: string;
  state: UsernameReminderState;
  channel: 'web' | 'api';
  mobileMasked: string;
  expiresAt: Date;
  otpExpiresAt: Date | null;
  resendAvailableAt: Date | null;
  sendsLeft: number;
  /** The username, once the code was right. */
  username: string | null;
};
