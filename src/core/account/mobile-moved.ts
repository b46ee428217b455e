// A mobile number is verified by a new holder (registration, a mobile change, a kiosk) and leaves the
// account that had it. Guarantees: the previous holder is told (a notice on their dashboard and an
// e-mail when they have an address) and the move is audited on their account, in the caller's
// transaction, so the telling commits with the move or not at all.
import type { AuditLog } from '../audit/audit-log.ts';
import type { Notifier } from '../notices/notifier.ts';
import type { Account, Repositories } from '../store.ts';
import { maskIdNumber } from '../identity/national-id.ts';
import { maskMobile } from '../identity/mobile.ts';

export async function tellPreviousHolder(
  tx: Repositories,
  deps: { notifier: Notifier; audit: AuditLog },
  move: { previousHolder: Account; toAccountId: string; mobile: string },
): Promise<void> {
  const { previousHolder: holder } = move;
  const params = { mobile: maskMobile(move.mobile) };
  await deps.notifier.notice(tx, holder.id, 'mobile.moved_away', params);
  await deps.notifier.email(tx, { to: holder.email, language: holder.preferredLanguage, purpose: 'mobile_moved_away', messageId: 'email.mobile_moved_away', params });
  await deps.audit.append(tx.audit, {
    type: 'mobile.moved',
    accountId: holder.id,
    actor: 'system',
    subject: maskIdNumber(holder.idNumber),
    data: { mobile: params.mobile, toAccount: move.toAccountId },
  });
}
