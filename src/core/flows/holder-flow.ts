// What the flows of a signed-in holder (changing the mobile or the e-mail) share. Guarantees: a
// holder reaches only their own flows — another account's flow id gets the very answer an unknown
// one gets (flow.not_found), before its state or expiry is looked at; only an account that may be
// used (not suspended or disabled) can start or finish a change; codes are read as typed.
import { AppError } from '../errors.ts';
import type { Account, FlowRecord, FlowRepository } from '../store.ts';
import { normaliseInput } from '../identity/digits.ts';
import { isUuid, loadForEvent, type StateMachine } from './state-machine.ts';

export type HolderFlowData = { accountId: string };

/** Loads the holder's live flow for an event, locked for the rest of the transaction. */
export async function loadHoldersFlowForEvent<State extends string, Event extends string, Data extends HolderFlowData>(
  flows: FlowRepository,
  machine: StateMachine<State, Event>,
  flowId: string,
  event: Event,
  now: Date,
  accountId: string,
): Promise<FlowRecord<Data> & { state: State }> {
  const flow = isUuid(flowId) ? await flows.findForUpdate<Data>(flowId, machine.kind) : null;
  if (!flow || flow.data.accountId !== accountId) throw new AppError('flow.not_found');
  return loadForEvent<State, Event, Data>(flows, machine, flowId, event, now);
}

/** Reads one of the holder's flows (any state); unknown, malformed and foreign ids are alike. */
export async function findHoldersFlow<Data extends HolderFlowData>(flows: FlowRepository, kind: string, flowId: string, accountId: string): Promise<FlowRecord<Data>> {
  const flow = isUuid(flowId) ? await flows.find<Data>(flowId, kind) : null;
  if (!flow || flow.data.accountId !== accountId) throw new AppError('flow.not_found');
  return flow;
}

/** The holder's account, refused when it no longer exists or may not be used. */
export function usableAccount(account: Account | null): Account {
  if (!account) throw new AppError('auth.required');
  if (account.status === 'suspended' || account.status === 'disabled') throw new AppError(`account.${account.status}`);
  return account;
}

/** A code as typed: Arabic or Persian digits, spaces between groups; anything else reads as empty. */
export function readCode(code: unknown): string {
  const text = typeof code === 'number' && Number.isInteger(code) ? String(code).padStart(6, '0') : code;
  return typeof text === 'string' ? normaliseInput(text).replace(/\s+/g, '') : '';
}
