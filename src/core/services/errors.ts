// How the e-services meet the sector systems' failures: an outage becomes the coded "try later" error
// of that system, a refusal becomes its coded "refused" error with the reason (so a specific
// message can be shown). Guarantees: any other error passes through unchanged.
import { AppError } from '../errors.ts';
import { sectorCall } from './sectors/sector-errors.ts';
import { TrafficRefusal, TrafficUnavailableError } from './sectors/traffic.ts';
import { PaymentsRefusal, PaymentsUnavailableError } from './sectors/payments.ts';
import { PostRefusal, PostUnavailableError } from './sectors/post.ts';

export function mapSectorError(error: unknown): unknown {
  if (error instanceof TrafficUnavailableError) return new AppError('traffic.unavailable');
  if (error instanceof PaymentsUnavailableError) return new AppError('payments.unavailable');
  if (error instanceof PostUnavailableError) return new AppError('eservices.post_unavailable');
  if (error instanceof TrafficRefusal) return new AppError('traffic.refused', { params: { reason: error.reason } });
  if (error instanceof PaymentsRefusal) {
    if (error.reason === 'already_paid') return new AppError('payments.already_paid');
    if (error.reason === 'expired') return new AppError('payments.bill_expired');
    return new AppError('payments.refused', { params: { reason: error.reason } });
  }
  if (error instanceof PostRefusal) return new AppError('eservices.post_refused', { params: { reason: error.reason } });
  return error;
}

/** Runs a call to an outside system, turning its outages and refusals into coded errors. */
export async function systemCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await sectorCall(call);
  } catch (error) {
    throw mapSectorError(error);
  }
}

/** True for the coded errors that mean "an outside system is down: try later". */
export function isUnavailable(error: unknown): boolean {
  return error instanceof AppError && error.status === 503;
}
