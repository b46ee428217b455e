// The partner context's own limits and its absence from production-like configurations: a kiosk
// device is limited per client (120 requests a minute), bad tokens per address (30 a minute), and
// without development routes the bank and kiosk simulators do not exist.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { partnerLimits } from '../../src/http/partner/context.ts';
import { partnerToken } from './partner-support.ts';

let platform: TestPlatform;
let production: TestPlatform;

before(async () => {
  platform = await startTestPlatform({ env: { RATE_LIMITS: 'true' } });
  production = await startTestPlatform({ env: { DEV_ROUTES: 'false' } });
});
after(async () => {
  await platform.close();
  await production.close();
});

describe('partner limits', () => {
  it('when a kiosk device goes over its requests a minute, then 429 rate.limited with Retry-After', async () => {
    const token = await partnerToken(platform, 'kiosk-riyadh-01', 'kiosk');
    const statuses: number[] = [];
    for (let request = 0; request <= partnerLimits.kioskRequestsPerDevicePerMinute; request += 1) {
      const response = await platform.app.inject({ method: 'GET', url: `/api/v1/kiosk/operations/${crypto.randomUUID()}`, headers: { authorization: `Bearer ${token}` } });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) {
        assert.equal(response.json().error.code, 'rate.limited');
        assert.ok(Number(response.headers['retry-after']) > 0);
      }
    }
    assert.equal(statuses.filter((status) => status === 404).length, partnerLimits.kioskRequestsPerDevicePerMinute);
    assert.equal(statuses.at(-1), 429);
  });

  it('when an address sends too many bad tokens, then the address is refused with 429', async () => {
    const statuses: number[] = [];
    for (let request = 0; request <= partnerLimits.badTokensPerAddressPerMinute; request += 1) {
      const response = await platform.app.inject({
        method: 'POST',
        url: '/api/v1/partner/activations',
        headers: { authorization: 'Bearer forged.token.value', 'idempotency-key': crypto.randomUUID() },
        payload: {},
      });
      statuses.push(response.statusCode);
    }
    assert.equal(statuses.filter((status) => status === 401).length, partnerLimits.badTokensPerAddressPerMinute);
    assert.equal(statuses.at(-1), 429);
  });
});

describe('simulators outside development', () => {
  it('when development routes are off, then /dev/bank and /dev/kiosk do not exist but the partner API does', async () => {
    assert.equal((await production.app.inject({ method: 'GET', url: '/dev/bank' })).statusCode, 404);
    assert.equal((await production.app.inject({ method: 'GET', url: '/dev/kiosk' })).statusCode, 404);
    assert.equal((await production.app.inject({ method: 'POST', url: '/api/v1/partner/activations', payload: {} })).statusCode, 401);
    assert.equal((await platform.app.inject({ method: 'GET', url: '/dev/bank' })).statusCode, 200);
  });
});
