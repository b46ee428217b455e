// The forgot-password flow as an explicit state machine, created once an ID number and its account's
// mobile matched: `question` (registry data) → `otp_sent` → `new_password` → `completed`; 3 wrong
// answers end it in `failed`. Guarantees: no step can be skipped; a flow lives 15 minutes.
import type { StateMachine } from '../state-machine.ts';
import type { Language } from '../../store.ts';

export type PasswordResetState = 'question' | 'otp_sent' | 'new_password' | 'completed' | 'failed';
export type PasswordResetEvent = 'answer_question' | 'verify_code' | 'resend_code' | 'set_password';

export const passwordResetMachine: StateMachine<PasswordResetState, PasswordResetEvent> = {
  kind: 'password_reset',
  lifetimeSeconds: 15 * 60,
  initial: 'question',
  transitions: {
    question: { answer_question: ['otp_sent', 'question', 'failed'] },
    otp_sent: { verify_code: ['new_password', 'otp_sent'], resend_code: ['otp_sent'] },
    new_password: { set_password: ['completed'] },
    completed: {},
    failed: {},
  },
  final: ['completed', 'failed'],
};

export const passwordResetOtpPurpose = 'password_reset';

export const questionRules = {
  /** Wrong answers after which the flow fails. */
  maxWrongAnswers: 3,
} as const;

/** What the person is asked, from the registry: residents and dependents their Iqama's expiry, citizens their ID card's, visitors and GCC citizens their passport number. */
export type QuestionKind = 'iqama_expiry' | 'id_card_expiry' | 'passport_number';

export type PasswordResetData = {
  accountId: string;
  idNumber: string;
  mobile: string;
  language: Language;
  question: QuestionKind;
  wrongAnswers: number;
  ip: string;
};

export type PasswordResetView = {
  resetId: string;
  state: PasswordResetState;
  channel: 'web' | 'api';
  mobileMasked: string;
  question: { kind: QuestionKind } | null;
  /** Answers left before the flow fails (while the question is open). */
  attemptsLeft: number;
  expiresAt: Date;
  otpExpiresAt: Date | null;
  resendAvailableAt: Date | null;
  sendsLeft: number;
};
