// What the holder submits to activate with Nafath: nothing but the choice to start, and (for the
// API and pages alike) a request id to follow. Guarantees: ids are read as typed (surrounding
// spaces ignored, any case) and anything that is not an id reads as unknown (flow.not_found), never
// as a server error.
import { AppError } from '../../errors.ts';
import { isUuid } from '../state-machine.ts';

/** The request id as a canonical lower-case UUID, or flow.not_found. */
export function readRequestId(raw: unknown): string {
  const value = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (!isUuid(value)) throw new AppError('flow.not_found');
  return value;
}
