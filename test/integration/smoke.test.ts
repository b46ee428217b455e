import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { registerCompletely } from '../helpers/registration.ts';

describe('registration smoke', () => {
  let platform: TestPlatform;
  before(async () => {
    platform = await startTestPlatform();
  });
  after(() => platform.close());

  it('when a person completes the form and the code, then the account exists as registered', async () => {
    const { body } = await registerCompletely(platform);
    const account = await platform.store.accounts.findByIdNumber(String(body.idNumber));
    assert.equal(account?.status, 'registered');
    assert.equal(account?.username, body.username);
  });
});
