import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { registerOk } from './support.ts';

describe('sign-in smoke', () => {
  let platform: TestPlatform;
  before(async () => {
    platform = await startTestPlatform();
  });
  after(() => platform.close());

  it('when a registered person signs in with password and code, then /me answers with the session', async () => {
    const registered = await registerOk(platform);
    platform.clock.advanceSeconds(2);
    const start = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/login',
      payload: { login: String(registered.body.username).toUpperCase(), password: registered.body.password },
    });
    assert.equal(start.statusCode, 200, start.body);
    const { loginId } = start.json() as { loginId: string };
    const sms = await platform.smsTo(registered.mobile);
    const code = sms.find((message) => message.purpose === 'login')?.text.match(/\d{6}/)?.[0];
    assert.ok(code);
    const verified = await platform.app.inject({ method: 'POST', url: `/api/v1/login/${loginId}/otp`, payload: { code } });
    assert.equal(verified.statusCode, 200, verified.body);
    const { token, account } = verified.json() as { token: string; account: { status: string } };
    assert.equal(account.status, 'registered');
    const me = await platform.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.statusCode, 200, me.body);
    const page = await platform.app.inject({ method: 'GET', url: '/account', cookies: { '__Host-absher-session': token } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /activat|تفعيل/i);
  });
});
