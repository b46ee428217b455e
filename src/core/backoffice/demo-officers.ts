// Development data: one demo officer per role, so `npm start` can be tried at the counter at once.
// Guarantees: only called outside production (main.ts checks); credentials are derived from the
// development root secret, so a restart on the same data directory prints the same ones; an officer
// that already exists is left as it is.
import { createHmac } from 'node:crypto';
import { Secret } from 'otpauth';
import { AppError } from '../errors.ts';
import { createOfficerRecord, type BackofficeDependencies } from './service.ts';
import { roles, type Role } from './roles.ts';
import { totpUri } from './totp.ts';

export type DemoOfficer = { username: string; role: Role; password: string; totpSecret: string; totpUri: string };

const names: Record<Role, string> = { officer: 'Demo Officer', supervisor: 'Demo Supervisor', auditor: 'Demo Auditor', admin: 'Demo Admin' };

function derive(rootSecret: string, purpose: string, username: string): Buffer {
  return createHmac('sha256', rootSecret).update(`absher:demo-officer:${purpose}:${username}`).digest();
}

export function demoOfficerCredentials(rootSecret: string): DemoOfficer[] {
  return roles.map((role) => {
    const username = `demo.${role}`;
    // Letters and digits with at least one of each case and a digit, 18 characters.
    const password = `Dm${derive(rootSecret, 'password', username).toString('base64url').replace(/[-_]/g, 'x').slice(0, 14)}7q`;
    const totpSecret = new Secret({ buffer: new Uint8Array(derive(rootSecret, 'totp', username)).slice(0, 20).buffer }).base32;
    return { username, role, password, totpSecret, totpUri: totpUri(totpSecret, username) };
  });
}

export async function ensureDemoOfficers(
  deps: Pick<BackofficeDependencies, 'store' | 'clock' | 'audit' | 'hasher'>,
  rootSecret: string,
): Promise<DemoOfficer[]> {
  const officers = demoOfficerCredentials(rootSecret);
  for (const officer of officers) {
    if (await deps.store.officers.findByUsername(officer.username)) continue;
    try {
      await createOfficerRecord(deps, { username: officer.username, displayName: names[officer.role], role: officer.role, password: officer.password, totpSecret: officer.totpSecret }, 'system:demo-data');
    } catch (error) {
      // Another app process created it a moment ago.
      if (!(error instanceof AppError && error.code === 'validation.failed')) throw error;
    }
  }
  return officers;
}
