// The login hand-over rules (src/oidc/interaction.ts): when a live Absher session is enough, when a
// sign-in must happen first (prompt=login, max_age), and when the account level is not enough.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decideLogin, type AbsherAuth } from '../../src/oidc/interaction.ts';
import { acrSatisfies } from '../../src/oidc/claims.ts';

const now = new Date('2026-05-01T10:00:00Z');
const session = (overrides: Partial<AbsherAuth> = {}): AbsherAuth => ({
  accountId: '7d0c6f5e-7d4b-4a43-9a37-000000000001',
  status: 'active',
  sessionId: 'session-1',
  signedInAt: new Date(now.getTime() - 10 * 60_000),
  ...overrides,
});

describe('login hand-over', () => {
  test('when there is no Absher session, then the person signs in first', () => {
    assert.deepEqual(decideLogin({ auth: null, params: {}, marker: null, now }), { kind: 'sign_in', reauth: false });
  });

  test('when a live session exists and nothing more is asked, then it is used with its sign-in time and the acr of its level', () => {
    const decision = decideLogin({ auth: session(), params: {}, marker: null, now });
    assert.equal(decision.kind, 'finish');
    if (decision.kind !== 'finish') return;
    assert.equal(decision.login.ts, Math.floor((now.getTime() - 600_000) / 1000));
    assert.equal(decision.login.acr, 'urn:absher:acr:active');
    assert.deepEqual(decision.login.amr, ['pwd', 'sms', 'mfa']);
  });

  test('when prompt=login is asked, then a live session is not enough until a new sign-in completes after the request began', () => {
    assert.deepEqual(decideLogin({ auth: session(), params: { prompt: 'login' }, marker: null, now }), { kind: 'sign_in', reauth: true });
    const marker = { since: now.toISOString(), previousSessionId: 'session-1' };
    assert.deepEqual(decideLogin({ auth: session(), params: { prompt: 'login' }, marker, now }), { kind: 'sign_in', reauth: true }, 'the same session does not count');
    const fresh = session({ sessionId: 'session-2', signedInAt: new Date(now.getTime() + 30_000) });
    assert.equal(decideLogin({ auth: fresh, params: { prompt: 'login' }, marker, now: new Date(now.getTime() + 31_000) }).kind, 'finish');
  });

  test('when max_age is shorter than the session age, then the person signs in again; a session young enough is used', () => {
    assert.deepEqual(decideLogin({ auth: session(), params: { max_age: '300' }, marker: null, now }), { kind: 'sign_in', reauth: true });
    assert.equal(decideLogin({ auth: session(), params: { max_age: '900' }, marker: null, now }).kind, 'finish');
    const marker = { since: now.toISOString(), previousSessionId: 'session-1' };
    const fresh = session({ sessionId: 'session-2', signedInAt: now });
    assert.equal(decideLogin({ auth: fresh, params: { max_age: '0' }, marker, now: new Date(now.getTime() + 5_000) }).kind, 'finish', 'max_age=0 met by the sign-in just made');
  });

  test('when the portal asks for an activated account and the account is only registered, then the request is refused', () => {
    const decision = decideLogin({ auth: session({ status: 'registered' }), params: { acr_values: 'urn:absher:acr:active' }, marker: null, now });
    assert.deepEqual(decision, { kind: 'refuse', error: 'unmet_authentication_requirements', acr: 'urn:absher:acr:registered' });
    assert.equal(decideLogin({ auth: session({ status: 'registered' }), params: { acr_values: 'urn:absher:acr:registered urn:absher:acr:active' }, marker: null, now }).kind, 'finish');
  });

  test('when acr values are compared, then a higher level meets a lower one and unknown values are ignored', () => {
    assert.equal(acrSatisfies('urn:absher:acr:active', ['urn:absher:acr:registered']), true);
    assert.equal(acrSatisfies('urn:absher:acr:active', ['urn:absher:acr:nafath']), false);
    assert.equal(acrSatisfies('urn:absher:acr:registered', ['urn:other:loa:3']), true);
  });
});
