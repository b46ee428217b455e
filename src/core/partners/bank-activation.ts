// Activation by a bank (DESIGN §2 "Account life", API.md "Partner activation"). The bank has checked
// its own customer; the platform checks that the ID has an account, that the person may still hold
// one (registry: alive, document not cancelled; account not suspended or disabled) and that the
// mobile the bank knows is the account's, then activates through the activation service with the
// channel `bank`, the bank's code as partner, its reference and the sub-channel. Guarantees: field
// problems are all reported at once; refusals are coded (`account.not_found`, `id.not_eligible`,
// `mobile.mismatch`) and audited with the bank's client id; the activation itself is the activation
// service's (one per account under any concurrency, one SMS in the holder's language).
import { AppError, FieldErrorCollector } from '../errors.ts';
import { RegistryUnavailableError, type CivilRegistry, type Clock } from '../ports.ts';
import type { Store } from '../store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ActivationService } from '../activation/activation-service.ts';
import { parseIdentifier, maskIdNumber } from '../identity/national-id.ts';
import { parseMobile, maskMobile } from '../identity/mobile.ts';
import { checkEligibility } from '../identity/eligibility.ts';
import { normaliseInput } from '../identity/digits.ts';

/** The bank channels of API.md and the sub-channel each is recorded under (INTERFACES §1). */
export const bankChannels = {
  internet_banking: 'internet',
  atm: 'atm',
  mobile_app: 'mobile_app',
  phone_banking: 'phone',
} as const;

export type BankChannel = keyof typeof bankChannels;

export type BankActivationInput = { idNumber?: unknown; mobile?: unknown; channel?: unknown; reference?: unknown };
export type BankActivationRequest = { idNumber: string; mobile: string; channel: BankChannel; reference: string };

/** The bank behind a client-credentials token. */
export type BankPartner = { clientId: string; bank: string };

export type BankActivationResult = { result: 'activated' | 'already_active' };

export function isBankChannel(value: unknown): value is BankChannel {
  return typeof value === 'string' && Object.hasOwn(bankChannels, value);
}

export function checkBankActivationForm(input: BankActivationInput): BankActivationRequest {
  const errors = new FieldErrorCollector();
  const id = parseIdentifier(input.idNumber);
  if (!id.ok) errors.add('idNumber', id.error.code, id.error.params);
  const mobile = parseMobile(input.mobile);
  if (!mobile.ok) errors.add('mobile', mobile.error.code, mobile.error.params);
  if (!isBankChannel(input.channel)) errors.add('channel', 'partner.channel_invalid');
  const reference = typeof input.reference === 'string' ? normaliseInput(input.reference) : '';
  if (!/^[\w\-./:]{1,64}$/.test(reference)) errors.add('reference', 'partner.reference_invalid');
  errors.throwIfAny();
  return { idNumber: id.ok ? id.value.idNumber : '', mobile: mobile.ok ? mobile.value : '', channel: input.channel as BankChannel, reference };
}

export type BankActivationDependencies = {
  store: Store;
  registry: CivilRegistry;
  activation: ActivationService;
  audit: AuditLog;
  clock: Clock;
  minimumAge: number;
};

export class BankActivationService {
  readonly #deps: BankActivationDependencies;

  constructor(dependencies: BankActivationDependencies) {
    this.#deps = dependencies;
  }

  async activate(partner: BankPartner, input: BankActivationInput): Promise<BankActivationResult> {
    const request = checkBankActivationForm(input);
    const { store } = this.#deps;
    const account = await store.accounts.findByIdNumber(request.idNumber);
    if (!account) return this.#refuse(partner, request, null, 'account.not_found');
    if (account.status === 'suspended' || account.status === 'disabled') return this.#refuse(partner, request, account.id, 'id.not_eligible', `account_${account.status}`);
    const reason = await this.#ineligibility(request.idNumber);
    if (reason) return this.#refuse(partner, request, account.id, 'id.not_eligible', reason);
    if (account.mobile !== request.mobile) return this.#refuse(partner, request, account.id, 'mobile.mismatch');

    const outcome = await this.#deps.activation.activate({
      accountId: account.id,
      channel: 'bank',
      partner: partner.bank,
      reference: request.reference,
      sub_channel: bankChannels[request.channel],
      actor: { kind: 'partner', id: partner.clientId },
    });
    if (outcome.kind === 'refused') {
      return outcome.reason === 'not_found'
        ? this.#refuse(partner, request, null, 'account.not_found')
        : this.#refuse(partner, request, account.id, 'id.not_eligible', `account_${outcome.reason}`);
    }
    return { result: outcome.kind };
  }

  /** Why the registry says the person may no longer hold an account (null when they may). */
  async #ineligibility(idNumber: string): Promise<string | null> {
    let person;
    try {
      person = await this.#deps.registry.findPerson(idNumber);
    } catch (error) {
      if (error instanceof RegistryUnavailableError) throw new AppError('service.unavailable', { retryAfterSeconds: 30 });
      throw error;
    }
    if (!person) return 'not_in_registry';
    const eligibility = checkEligibility(person, { today: this.#deps.clock.now(), minimumAge: this.#deps.minimumAge });
    return eligibility.eligible ? null : eligibility.reason;
  }

  async #refuse(
    partner: BankPartner,
    request: BankActivationRequest,
    accountId: string | null,
    code: 'account.not_found' | 'id.not_eligible' | 'mobile.mismatch',
    reason?: string,
  ): Promise<never> {
    await this.#deps.audit.append(this.#deps.store.audit, {
      type: 'partner.activation_refused',
      accountId,
      actor: `partner:${partner.clientId}`,
      subject: maskIdNumber(request.idNumber),
      data: {
        channel: 'bank',
        partner: partner.bank,
        subChannel: bankChannels[request.channel],
        reference: request.reference,
        code,
        ...(reason ? { reason } : {}),
        ...(code === 'mobile.mismatch' ? { mobile: maskMobile(request.mobile) } : {}),
      },
    });
    throw new AppError(code, reason ? { extra: { reason } } : {});
  }
}
