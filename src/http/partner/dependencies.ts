// What the partner API and its development simulators are given by the composition root (the
// token verifier comes as `partnerTokens` on the HTTP dependencies, INTERFACES §2).
// Guarantees: handlers reach the core only through these; `dev` is absent in production.
import type { BankActivationService } from '../../core/partners/bank-activation.ts';
import type { IdempotentRequests } from '../../core/partners/idempotency.ts';
import type { KioskService } from '../../core/partners/kiosk/service.ts';

export type PartnerHttp = {
  bankActivation: BankActivationService;
  kiosk: KioskService;
  idempotency: IdempotentRequests;
  /** Development only: what the bank and kiosk simulators need to act as real partners. */
  dev?: PartnerSimulatorSupport;
};

export type PartnerSimulatorSupport = {
  /** The development secret of a demo partner client (client_secret_basic at the token endpoint). */
  clientSecret(clientId: string): string;
  /** A reading of the person's enrolled finger or of another finger, as the kiosk scanner makes it. */
  presentFinger(idNumber: string, finger: 'matching' | 'wrong'): Promise<string>;
};
