// Test-only activation (INTERFACES §3): makes a `registered` account `active` through the real
// activation service, as an officer's in-person activation would, so tests of e-services start from
// an active holder. Guarantees: the account ends `active` (already-active accounts are left as they
// are); a suspended, disabled or unknown account fails the test loudly. Also the Nafath journeys:
// a registered citizen (someone Nafath knows), and the person's app answering through the
// development simulator's JSON routes.
import assert from 'node:assert/strict';
import type { Platform } from '../../src/main.ts';
import type { ActivationOutcome } from '../../src/core/activation/activation-service.ts';
import type { TestPlatform } from './platform.ts';
import { freshPerson } from './registration.ts';

export async function activateForTest(platform: Pick<Platform, 'activation'>, accountId: string): Promise<ActivationOutcome & { kind: 'activated' | 'already_active' }> {
  const outcome = await platform.activation.activate({
    accountId,
    channel: 'office',
    partner: 'test-officer',
    reference: `test-${crypto.randomUUID()}`,
    checks: { identity_document: true },
    actor: { kind: 'officer', id: 'test-officer' },
  });
  if (outcome.kind === 'refused') throw new Error(`activateForTest: activation refused (${outcome.reason})`);
  return outcome;
}

export async function nafathPerson(platform: TestPlatform): Promise<string> {
  return (await freshPerson(platform, 'citizen')).idNumber;
}

/** The person's waiting request as the Nafath app lists it. */
export async function waitingInApp(platform: TestPlatform, idNumber: string): Promise<{ transactionId: string; service: string; expiresAt: string } | null> {
  const response = await platform.app.inject({ method: 'GET', url: `/dev/nafath/requests?id=${idNumber}` });
  assert.equal(response.statusCode, 200);
  return (response.json() as { request: { transactionId: string; service: string; expiresAt: string } | null }).request;
}

/** Types a number in the app (or refuses); returns the app's outcome. */
export async function answerInApp(platform: TestPlatform, idNumber: string, answer: { number: string } | { reject: true }) {
  const request = await waitingInApp(platform, idNumber);
  assert.ok(request, 'a request waits in the app');
  const response = await platform.app.inject({
    method: 'POST',
    url: '/dev/nafath/answers',
    payload: { id: idNumber, transactionId: request.transactionId, ...('number' in answer ? { number: answer.number } : { action: 'reject' }) },
  });
  assert.equal(response.statusCode, 200, response.body);
  return response.json() as { kind: string; status?: string };
}

export function otherNumber(random: string): string {
  return random === '99' ? '98' : String(Number(random) + 1);
}
