// The sign-in flow as an explicit state machine. It is created only once the password was right
// (wrong passwords are counted, not persisted as flows): `otp_sent` → `completed` on the right code,
// which starts a session. A flow lives 10 minutes.
import type { StateMachine } from '../state-machine.ts';
import type { AccountStatus, Language } from '../../store.ts';

export type LoginState = 'otp_sent' | 'completed';
export type LoginEvent = 'verify_code' | 'resend_code';

export const loginMachine: StateMachine<LoginState, LoginEvent> = {
  kind: 'login',
  lifetimeSeconds: 10 * 60,
  initial: 'otp_sent',
  transitions: {
    otp_sent: { verify_code: ['completed', 'otp_sent'], resend_code: ['otp_sent'] },
    completed: {},
  },
  final: ['completed'],
};

export const loginOtpPurpose = 'login';

export type LoginData = {
  accountId: string;
  idNumber: string;
  username: string;
  mobile: string;
  language: Language;
  ip: string;
  userAgent: string;
};

export type LoginView = {
  loginId: string;
  state: LoginState;
  channel: 'web' | 'api';
  mobileMasked: string;
  otpExpiresAt: Date | null;
  resendAvailableAt: Date | null;
};

export type LoginCompletion = {
  view: LoginView;
  account: { username: string; status: AccountStatus };
  /** The session token: for the cookie (pages) or the bearer header (API). */
  sessionToken: string;
  sessionExpiresAt: Date;
};
