// The sign-in flow as an explicit state machine. It is created only once the password was right
// (wrong passwords are counted, not persisted as flows): `otp_sent` → `completed` on the right code,
// which starts a session; an account whose password was issued by a kiosk goes from the code to
// `new_password` and only its own new password completes the sign-in. A flow lives 10 minutes.
import type { StateMachine } from '../state-machine.ts';
import type { AccountStatus, Language } from '../../store.ts';

export type LoginState = 'otp_sent' | 'new_password' | 'completed';
export type LoginEvent = 'verify_code' | 'resend_code' | 'set_password';

export const loginMachine: StateMachine<LoginState, LoginEvent> = {
  kind: 'login',
  lifetimeSeconds: 10 * 60,
  initial: 'otp_sent',
  transitions: {
    otp_sent: { verify_code: ['completed', 'otp_sent', 'new_password'], resend_code: ['otp_sent'] },
    new_password: { set_password: ['completed', 'new_password'] },
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
  /** The account had been locked before: the completed sign-in clears its lockout level. */
  resetLockout?: boolean;
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
