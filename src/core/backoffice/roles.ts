// Who in the back office may do what (DESIGN §2 "Back office"). Guarantees: this table is the only
// source of permissions; every back-office action asks `assertAllowed` in the core before it reads
// or changes anything, so a view that shows a button by mistake still cannot act.
import { AppError } from '../errors.ts';

export const roles = ['officer', 'supervisor', 'auditor', 'admin'] as const;
export type Role = (typeof roles)[number];

export const actions = [
  'search',
  'view_account',
  'activate_in_person',
  'activate_by_form',
  'unlock',
  'reset_mobile',
  'suspend',
  'reinstate',
  'manage_officers',
] as const;
export type Action = (typeof actions)[number];

const viewing: readonly Action[] = ['search', 'view_account'];
const officerActions: readonly Action[] = [...viewing, 'activate_in_person', 'activate_by_form', 'unlock', 'reset_mobile'];

/**
 * The role × action table. Auditors only look; officers serve people at the counter; supervisors
 * also pause and restore accounts; admins manage the officers (and may look, to support them), but
 * do not act on people's accounts.
 */
export const permissions: Readonly<Record<Role, readonly Action[]>> = {
  auditor: viewing,
  officer: officerActions,
  supervisor: [...officerActions, 'suspend', 'reinstate'],
  admin: [...viewing, 'manage_officers'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

export function can(role: Role, action: Action): boolean {
  return permissions[role].includes(action);
}

export function assertAllowed(role: Role, action: Action): void {
  if (!can(role, action)) throw new AppError('backoffice.forbidden', { params: { action } });
}
