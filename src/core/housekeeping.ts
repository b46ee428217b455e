// Removes what has expired: unfinished flows (so an abandoned registration leaves nothing), their
// reservations, used or stale visual codes and spent proofs. Guarantees: only records past their
// expiry are touched; it is safe to run from several processes at once.
import type { Clock } from './ports.ts';
import type { Store } from './store.ts';

export async function sweepExpired(store: Store, clock: Clock): Promise<{ flows: number; reservations: number; captchas: number }> {
  const now = clock.now();
  let flows = 0;
  for (;;) {
    const removed = await store.flows.deleteExpired(now, 500);
    flows += removed;
    if (removed < 500) break;
  }
  const reservations = await store.reservations.deleteExpired(now);
  const captchas = await store.captchas.deleteExpired(now);
  // The longest look-back of the code rules is two hours (an hour's window, then an hour's lock).
  await store.otp.deleteHistoryBefore(new Date(now.getTime() - 3 * 3600 * 1000));
  return { flows, reservations, captchas };
}
