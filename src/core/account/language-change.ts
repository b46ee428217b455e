// A signed-in holder chooses the language of their messages and pages. Guarantees: the change is
// immediate; only Arabic or English is accepted; the holder is told (a notice, and an SMS written in
// the newly chosen language) and the change is audited, all in one transaction; choosing the
// language already set changes and sends nothing.
import { AppError } from '../errors.ts';
import type { Clock } from '../ports.ts';
import type { Language, Store } from '../store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Notifier } from '../notices/notifier.ts';
import { normaliseInput } from '../identity/digits.ts';
import { maskIdNumber } from '../identity/national-id.ts';
import { usableAccount } from '../flows/holder-flow.ts';

export type LanguageChangeInput = { preferredLanguage?: unknown };

export type LanguageChangeDependencies = {
  store: Store;
  clock: Clock;
  audit: AuditLog;
  notifier: Notifier;
  wakeOutbox: () => void;
};

export class LanguageChangeService {
  readonly #deps: LanguageChangeDependencies;

  constructor(dependencies: LanguageChangeDependencies) {
    this.#deps = dependencies;
  }

  async change(accountId: string, input: LanguageChangeInput, context: { channel: 'web' | 'api' }): Promise<{ language: Language; changed: boolean }> {
    const { store, clock, audit, notifier } = this.#deps;
    const language = normaliseInput(input.preferredLanguage);
    if (language !== 'ar' && language !== 'en') {
      throw new AppError('validation.failed', { fields: { preferredLanguage: [{ code: 'language.invalid' }] } });
    }
    const account = usableAccount(await store.accounts.findById(accountId));
    if (account.preferredLanguage === language) return { language, changed: false };
    await store.transaction(async (tx) => {
      const now = clock.now();
      await tx.accounts.update(account.id, { preferredLanguage: language }, now);
      if (account.mobile) await notifier.sms(tx, { to: account.mobile, language, purpose: 'language_changed', messageId: 'sms.language_changed' });
      await notifier.notice(tx, account.id, 'language.changed', { language });
      await audit.append(tx.audit, {
        type: 'language.changed',
        accountId: account.id,
        subject: maskIdNumber(account.idNumber),
        data: { channel: context.channel, from: account.preferredLanguage, to: language },
      });
    });
    this.#deps.wakeOutbox();
    return { language, changed: true };
  }
}
