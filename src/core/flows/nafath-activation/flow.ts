// Activation with Nafath as an explicit state machine: `waiting` (a request is open in the person's
// Nafath app and the site shows its 2-digit number) → `completed` (the right number was typed: the
// account is activated), `rejected` (a wrong number, or refused in the app), `expired` (3 minutes
// passed) or `refused` (the account may no longer be activated). Guarantees: one flow per Nafath
// request (its id is derived from the transaction id, so a callback finds it); only the status
// Nafath reports (by callback or when asked) moves it; the record outlives the request by 10
// minutes so the holder still sees how it ended.
import { createHash } from 'node:crypto';
import type { StateMachine } from '../state-machine.ts';
import { isUuid } from '../state-machine.ts';

export type NafathActivationState = 'waiting' | 'completed' | 'rejected' | 'expired' | 'refused';
export type NafathActivationEvent = 'status';

export const nafathActivationMachine: StateMachine<NafathActivationState, NafathActivationEvent> = {
  kind: 'nafath_activation',
  lifetimeSeconds: 180 + 600,
  initial: 'waiting',
  transitions: {
    waiting: { status: ['waiting', 'completed', 'rejected', 'expired', 'refused'] },
    completed: {},
    rejected: {},
    expired: {},
    refused: {},
  },
  final: ['completed', 'rejected', 'expired', 'refused'],
};

/** The service name Nafath shows in the person's app. */
export const nafathServiceName = 'Absher account activation';

export type NafathActivationData = {
  accountId: string;
  idNumber: string;
  transactionId: string;
  random: string;
  /** ISO instant the Nafath request expires. */
  requestExpiresAt: string;
  activationId?: string;
};

/** What a page or the API may show about an activation with Nafath. */
export type NafathActivationView = {
  requestId: string;
  state: NafathActivationState;
  /** The number to type in the Nafath app (shown while waiting). */
  random: string;
  expiresAt: Date;
  /** Whole seconds left to answer (0 once it is over). */
  secondsLeft: number;
};

/** The flow id of a Nafath transaction: the id itself when it is a UUID, otherwise a UUID derived from it. */
export function nafathFlowId(transactionId: string): string {
  if (isUuid(transactionId)) return transactionId.toLowerCase();
  const hex = createHash('sha256').update(`nafath:${transactionId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
