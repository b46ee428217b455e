import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../errors.ts';
import { assertAccepts, assertTransition, isUuid } from './state-machine.ts';
import { registrationMachine } from './registration/flow.ts';

describe('flow state machines', () => {
  it('when a state accepts an event, then nothing is thrown', () => {
    assertAccepts(registrationMachine, 'otp_sent', 'verify_code');
    assertAccepts(registrationMachine, 'otp_sent', 'resend_code');
  });

  it('when a final state gets an event, then it is refused as flow.wrong_state', () => {
    assert.throws(
      () => assertAccepts(registrationMachine, 'completed', 'verify_code'),
      (error: unknown) => error instanceof AppError && error.code === 'flow.wrong_state' && error.status === 409,
    );
  });

  it('when code tries an undeclared transition, then it fails loudly', () => {
    assert.throws(() => assertTransition(registrationMachine, 'otp_sent', 'resend_code', 'completed'), /not a declared transition/);
    assertTransition(registrationMachine, 'otp_sent', 'verify_code', 'completed');
  });

  it('when every state is listed, then each final state accepts no event and every target is a state', () => {
    const states = Object.keys(registrationMachine.transitions);
    for (const final of registrationMachine.final) assert.deepEqual(registrationMachine.transitions[final], {});
    for (const events of Object.values(registrationMachine.transitions)) {
      for (const targets of Object.values(events) as string[][]) for (const target of targets) assert.ok(states.includes(target));
    }
  });

  it('when an id is checked, then only UUIDs pass', () => {
    assert.equal(isUuid('7be0b347-1a6f-4920-ab9c-79e897c573b4'), true);
    assert.equal(isUuid('../../etc/passwd'), false);
    assert.equal(isUuid(''), false);
  });
});
