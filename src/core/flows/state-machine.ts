// The shape every flow shares: a persisted object with an explicit state, the events each state
// accepts, and an expiry. Guarantees: a flow only moves along a declared transition; an event that
// its state does not accept, an unknown flow and an expired flow are refused with coded errors.
import { AppError } from '../errors.ts';
import type { FlowRecord, FlowRepository } from '../store.ts';

export type StateMachine<State extends string, Event extends string> = {
  kind: string;
  lifetimeSeconds: number;
  initial: State;
  /** For each state, the events it accepts and the states each event may lead to. */
  transitions: Record<State, Partial<Record<Event, readonly State[]>>>;
  /** States in which the flow is over (no event is accepted). */
  final: readonly State[];
};

export function assertAccepts<State extends string, Event extends string>(
  machine: StateMachine<State, Event>,
  state: State,
  event: Event,
): void {
  if (!machine.transitions[state]?.[event]) throw new AppError('flow.wrong_state', { params: { state, event } });
}

export function assertTransition<State extends string, Event extends string>(
  machine: StateMachine<State, Event>,
  from: State,
  event: Event,
  to: State,
): void {
  const allowed = machine.transitions[from]?.[event];
  if (!allowed?.includes(to)) throw new Error(`${machine.kind}: ${from} --${event}--> ${to} is not a declared transition`);
}

/** Loads a live flow for an event, locked for the rest of the transaction. */
export async function loadForEvent<State extends string, Event extends string, Data extends object>(
  flows: FlowRepository,
  machine: StateMachine<State, Event>,
  flowId: string,
  event: Event,
  now: Date,
): Promise<FlowRecord<Data> & { state: State }> {
  const flow = isUuid(flowId) ? await flows.findForUpdate<Data>(flowId, machine.kind) : null;
  if (!flow) throw new AppError('flow.not_found');
  const state = flow.state as State;
  if (machine.final.includes(state)) throw new AppError('flow.wrong_state', { params: { state, event } });
  if (now >= flow.expiresAt) throw new AppError('flow.expired');
  assertAccepts(machine, state, event);
  return { ...flow, state };
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
