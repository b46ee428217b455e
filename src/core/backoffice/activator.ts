// What the back office needs of the platform's activation service (INTERFACES §1, built in
// src/core/activation): the same shapes, narrowed to the office channels, so this module depends on
// the contract and not on the service's internals. Guarantees of the service: one activation per
// account (a second call answers `already_active`), audited, confirmed to the holder by SMS.
export type OfficeActivationRequest = {
  accountId: string;
  channel: 'office' | 'office_form';
  /** The officer's id. */
  partner: string;
  /** The visit's reference (in person) or the printed form's reference. */
  reference: string;
  checks?: Record<string, string | boolean>;
  actor: { kind: 'officer'; id: string };
};

export type OfficeActivationOutcome =
  | { kind: 'activated'; activationId: string; at: Date }
  | { kind: 'already_active'; activationId: string; at: Date }
  | { kind: 'refused'; reason: 'not_found' | 'suspended' | 'disabled' };

export interface AccountActivator {
  activate(request: OfficeActivationRequest): Promise<OfficeActivationOutcome>;
}
