// The e-mail change flow as an explicit state machine: `otp_sent` (a 6-digit code went by e-mail to
// the new address) → `completed` on the right code. Guarantees: the account's e-mail changes only
// once the new address has answered with its code; a flow belongs to one account and lives
// 30 minutes (mail can be slow).
import type { StateMachine } from '../state-machine.ts';
import type { Language } from '../../store.ts';

export type EmailChangeState = 'otp_sent' | 'completed';
export type EmailChangeEvent = 'verify_code' | 'resend_code';

export const emailChangeMachine: StateMachine<EmailChangeState, EmailChangeEvent> = {
  kind: 'email_change',
  lifetimeSeconds: 30 * 60,
  initial: 'otp_sent',
  transitions: {
    otp_sent: { verify_code: ['completed', 'otp_sent'], resend_code: ['otp_sent'] },
    completed: {},
  },
  final: ['completed'],
};

export const emailChangeOtpPurpose = 'email_change';

export type EmailChangeData = {
  accountId: string;
  idNumber: string;
  username: string;
  oldEmail: string;
  newEmail: string;
  language: Language;
};

/** What a page or the API may show about an e-mail change. */
export type EmailChangeView = {
  changeId: string;
  state: EmailChangeState;
  channel: 'web' | 'api';
  /** The new address, masked: where the code went. */
  emailMasked: string;
  expiresAt: Date;
  otpExpiresAt: Date | null;
  resendAvailableAt: Date | null;
  sendsLeft: number;
};
