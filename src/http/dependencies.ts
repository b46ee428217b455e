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
import type { ActivationService } from '../core/activation/activation-service.ts';
import type { NafathActivationService } from '../core/flows/nafath-activation/service.ts';
import type { NafathApp } from './dev/nafath-simulator.tsx';
import type { DigitalIdService } from '../core/digital-id/digital-id-service.ts';
import type { RequestService } from '../core/services/request-service.ts';
import type { DashboardService } from '../core/services/dashboard.ts';
import type { IdPhotoUploads } from '../core/services/civil-affairs/national-id-renewal/photo-upload.ts';
import type { OfficerAuthService } from '../core/backoffice/officer-auth.ts';
import type { BackofficeService } from '../core/backoffice/service.ts';
import type { ActivationFormService } from '../core/activation-form/service.ts';
import type { CentreDirectory } from '../core/activation-form/centres.ts';
import type { PartnerHttp } from './partner/dependencies.ts';
import type { AttemptCounters, CivilRegistry, Clock } from '../core/ports.ts';
import type { Store } from '../core/store.ts';
import type { PasswordPolicy } from '../core/identity/password-policy.ts';
import type { Metrics } from './ops/metrics.ts';
import type { OidcHttp } from '../oidc/compose.ts';
import type { PartnerTokenVerifier } from '../oidc/partner-tokens.ts';

export type HttpDependencies = {
  registration: RegistrationService;
  login: LoginService;
  passwordReset: PasswordResetService;
  usernameReminder: UsernameReminderService;
  sessions: SessionService;
  account: AccountService;
  accountChanges: AccountChanges;
  /** Activation of `registered` accounts by the trusted channels (INTERFACES §1). */
  activation: ActivationService;
  /** Activation with the Nafath app (number matching), for the holder's pages and the JSON API. */
  nafathActivation: NafathActivationService;
  /** The holder's digital ID card, its signed QR token, verification and the public keys (issue 6). */
  digitalId: DigitalIdService;
  /** E-services: the catalogue, service pages and requests (issue 6). */
  services: RequestService;
  /** The active holder's dashboard: welcome, status, notices (issue 6). */
  dashboard: DashboardService;
  /** Photos handed in for the national ID renewal (checked, kept by civil affairs). */
  idPhotos: IdPhotoUploads;
  captcha: CaptchaService;
  counters: AttemptCounters;
  clock: Clock;
  metrics: Metrics;
  termsVersion: string;
  minimumAge: number;
  /** The password policy in force, for the rules the password pages list and check live. */
  passwordPolicy: PasswordPolicy;
  publicUrl: string;
  production: boolean;
  rateLimits: boolean;
  readiness: () => Promise<void>;
  /** Development only: the reference systems' inspection routes. Absent in production. */
  dev?: DevDependencies;
  /** The back office (/backoffice), the printed activation form and the centres directory (issue 5, office). */
  backoffice?: BackofficeHttp;
  /** Banks and kiosk devices: the partner API (src/http/partner) and, outside production, its simulators (issue 5). */
  partners?: PartnerHttp;
  /** The OpenID Provider mounted at /oidc and its client registry (issue 4, single sign-on). */
  oidc?: OidcHttp;
  /** Verifies partner (bank, kiosk) client-credentials access tokens (INTERFACES §2). */
  partnerTokens: PartnerTokenVerifier;
};

/** The signed-in holder's own changes: mobile, e-mail, password and preferred language. */
export type AccountChanges = {
  mobile: MobileChangeService;
  email: EmailChangeService;
  password: PasswordChangeService;
  language: LanguageChangeService;
};

export type BackofficeHttp = {
  auth: OfficerAuthService;
  service: BackofficeService;
  activationForms: ActivationFormService;
  centres: CentreDirectory;
};

export type DevDependencies = {
  store: Store;
  registry: CivilRegistry;
  smsInbox: (to: string) => Promise<Array<{ to: string; text: string; purpose: string; sentAt: string }>>;
  emailInbox: (to: string) => Promise<Array<{ to: string; subject: string; text: string; purpose: string; sentAt: string }>>;
  captchaAnswer: (id: string) => Promise<string | null>;
  /** The reference Nafath's app side, for the simulator at /dev/nafath. */
  nafathApp?: NafathApp;
};
