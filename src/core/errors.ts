// The catalogue of coded errors: every error the platform answers with, and its HTTP status.
// Guarantees: codes are stable dotted ids (they are also message ids in locales/), an AppError can
// only carry a code from this catalogue, and field errors travel with their own codes and params.

export const errorCatalogue = {
  'request.malformed': 400,
  'validation.failed': 422,
  'csrf.invalid': 403,
  'auth.required': 401,
  'flow.not_found': 404,
  'flow.expired': 410,
  'flow.wrong_state': 409,
  'registration.conflict': 409,
  'otp.invalid': 422,
  'otp.expired': 410,
  'otp.locked': 429,
  'otp.resend_too_soon': 429,
  'otp.send_limit': 429,
  'login.invalid': 401,
  'login.locked': 423,
  'login.no_mobile': 409,
  'mobile_change.no_current_mobile': 409,
  'mobile_change.stale': 409,
  'mobile_change.conflict': 409,
  'password.current_wrong': 422,
  'account.suspended': 403,
  'account.disabled': 403,
  'recovery.details_mismatch': 422,
  'recovery.wrong_answer': 422,
  'recovery.failed': 410,
  'recovery.no_question': 409,
  'captcha.required': 428,
  'captcha.wrong': 422,
  'rate.limited': 429,
  'activation.already_active': 409,
  'nafath.request_open': 409,
  'nafath.not_enrolled': 422,
  'nafath.unavailable': 503,
  'nafath.too_many': 429,
  'nafath.callback_invalid': 401,
  'oidc.interaction_expired': 410,
  'service.unavailable': 503,
  'backoffice.sign_in_invalid': 401,
  'backoffice.forbidden': 403,
  'backoffice.not_found': 404,
  'backoffice.activation_refused': 409,
  'backoffice.wrong_status': 409,
  'backoffice.cannot_disable_self': 409,
  'activation_form.not_registered': 409,
  'passports.unavailable': 503,
  'passports.refused': 409,
  'civil.unavailable': 503,
  'civil.refused': 409,
  'family.not_a_member': 404,
  'digital_id.not_active': 403,
  'digital_id.no_record': 404,
  // Partner API (API.md "Partner activation"): these four codes are the contract's own.
  'account.not_found': 404,
  'mobile.mismatch': 409,
  'id.not_eligible': 403,
  'idempotency.mismatch': 422,
  'partner.token_invalid': 401,
  'partner.scope_missing': 403,
  'partner.idempotency_key_required': 400,
  'partner.idempotency_in_progress': 409,
  'kiosk.person_unknown': 404,
  'kiosk.fingerprint_mismatch': 422,
  'kiosk.fingerprint_not_enrolled': 403,
  'kiosk.fingerprint_locked': 429,
  'kiosk.no_mobile': 409,
  'kiosk.already_suspended': 409,
  'kiosk.stale': 409,
  'eservices.account_not_active': 403,
  'eservices.not_found': 404,
  'eservices.request_not_found': 404,
  'eservices.not_eligible': 422,
  'eservices.request_open': 409,
  'eservices.idempotency_key_invalid': 400,
  'eservices.idempotency_mismatch': 422,
  'eservices.wrong_status': 409,
  'eservices.no_record': 409,
  'eservices.post_unavailable': 503,
  'eservices.post_refused': 409,
  'traffic.unavailable': 503,
  'traffic.refused': 409,
  'payments.unavailable': 503,
  'payments.refused': 409,
  'payments.already_paid': 409,
  'payments.bill_expired': 409,
  'not_found': 404,
  'internal': 500,
} as const;

export type ErrorCode = keyof typeof errorCatalogue;
export type MessageParams = Record<string, string | number>;

/** One problem with one field: a stable code (also its message id) and the values its message needs. */
export type FieldError = { code: string; params?: MessageParams };
export type FieldErrors = Record<string, FieldError[]>;

export type AppErrorDetails = {
  fields?: FieldErrors;
  retryAfterSeconds?: number;
  params?: MessageParams;
  /** Extra members for the JSON answer, such as attemptsLeft. */
  extra?: Record<string, string | number | boolean>;
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: AppErrorDetails;

  constructor(code: ErrorCode, details: AppErrorDetails = {}) {
    super(code);
    this.name = 'AppError';
    this.code = code;
    this.status = errorCatalogue[code];
    this.details = details;
  }
}

/** Collects field errors so a form can report every problem at once. */
export class FieldErrorCollector {
  readonly errors: FieldErrors = {};

  add(field: string, code: string, params?: MessageParams): void {
    const list = (this.errors[field] ??= []);
    if (!list.some((existing) => existing.code === code)) list.push(params ? { code, params } : { code });
  }

  addAll(field: string, errors: readonly FieldError[]): void {
    for (const error of errors) this.add(field, error.code, error.params);
  }

  has(field?: string): boolean {
    return field === undefined ? Object.keys(this.errors).length > 0 : (this.errors[field]?.length ?? 0) > 0;
  }

  throwIfAny(): void {
    if (this.has()) throw new AppError('validation.failed', { fields: this.errors });
  }
}
