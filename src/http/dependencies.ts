// What the HTTP layer is given by the composition root: the core services and a few facts of
// configuration. Guarantees: handlers reach the core only through these, never an adapter.
import type { RegistrationService } from '../core/flows/registration/service.ts';
import type { LoginService } from '../core/flows/login/service.ts';
import type { PasswordResetService } from '../core/flows/password-reset/service.ts';
import type { UsernameReminderService } from '../core/flows/username-reminder/service.ts';
import type { SessionService } from '../core/sessions/session-service.ts';
import type { AccountService } from '../core/account/account-service.ts';
import type { MobileChangeService } from '../core/flows/mobile-change/service.ts';
import type { EmailChangeService } from '../core/flows/email-change/service.ts';
import type { PasswordChangeService } from '../core/account/password-change.ts';
import type { LanguageChangeService } from '../core/account/language-change.ts';
import type { CaptchaService } from '../core/captcha/captcha-service.ts';
import type { AttemptCounters, CivilRegistry, Clock } from '../core/ports.ts';
import type { Store } from '../core/store.ts';
import type { Metrics } from './ops/metrics.ts';

export type HttpDependencies = {
  registration: RegistrationService;
  login: LoginService;
  passwordReset: PasswordResetService;
  usernameReminder: UsernameReminderService;
  sessions: SessionService;
  account: AccountService;
  accountChanges: AccountChanges;
  captcha: CaptchaService;
  counters: AttemptCounters;
  clock: Clock;
  metrics: Metrics;
  termsVersion: string;
  minimumAge: number;
  publicUrl: string;
  production: boolean;
  rateLimits: boolean;
  readiness: () => Promise<void>;
  /** Development only: the reference systems' inspection routes. Absent in production. */
  dev?: DevDependencies;
};

/** The signed-in holder's own changes: mobile, e-mail, password and preferred language. */
export type AccountChanges = {
  mobile: MobileChangeService;
  email: EmailChangeService;
  password: PasswordChangeService;
  language: LanguageChangeService;
};

export type DevDependencies = {
  store: Store;
  registry: CivilRegistry;
  smsInbox: (to: string) => Promise<Array<{ to: string; text: string; purpose: string; sentAt: string }>>;
  emailInbox: (to: string) => Promise<Array<{ to: string; subject: string; text: string; purpose: string; sentAt: string }>>;
  captchaAnswer: (id: string) => Promise<string | null>;
};
