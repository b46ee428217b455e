// Activation with Nafath (DESIGN §2 "Account life"), over the JSON API and the pages, against the
// reference Nafath and its app simulator: the right number activates (once, with one SMS), a wrong
// number or a refusal rejects, 3 minutes expire (fake clock), a second request while one is open is
// refused, forged callbacks are refused, the page follows the status, and only the holder sees
// their request.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, generateKeyPair } from 'jose';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { activateForTest, answerInApp, nafathPerson, otherNumber, waitingInApp } from '../helpers/activation.ts';
import { apiAs, assertError, csrfTokenIn, registerOk, signInOk, signInThroughPages } from './support.ts';

type Holder = { login: string; password: string; mobile: string; accountId: string; idNumber: string; token: string };

describe('activation with Nafath', () => {
  let platform: TestPlatform;
  before(async () => {
    platform = await startTestPlatform();
  });
  after(() => platform.close());

  async function holder(): Promise<Holder> {
    const registered = await registerOk(platform, { idNumber: await nafathPerson(platform), preferredLanguage: 'en' });
    const credentials = { login: String(registered.body.username), password: String(registered.body.password), mobile: registered.mobile };
    const { token } = await signInOk(platform, credentials);
    return { ...credentials, accountId: registered.account.id, idNumber: registered.account.idNumber, token };
  }

  const start = (who: Holder) => apiAs(platform, 'POST', '/api/v1/me/activation/nafath', { bearer: who.token });
  const follow = (who: Holder, requestId: string) => apiAs(platform, 'GET', `/api/v1/me/activation/nafath/${requestId}`, { bearer: who.token });
  const statusOf = async (accountId: string) => (await platform.store.accounts.findById(accountId))?.status;
  const activationSms = async (mobile: string) => (await platform.smsTo(mobile)).filter((message) => message.purpose === 'activation_completed');

  it('when the holder types the right number in the app, then the account is active, recorded as nafath and told once by SMS', async () => {
    const who = await holder();
    const started = await start(who);
    assert.equal(started.status, 201, JSON.stringify(started.json));
    assert.equal(started.json.state, 'waiting');
    assert.match(started.json.random, /^[1-9]\d$/);
    assert.equal(started.json.secondsLeft, 180);
    const answered = await answerInApp(platform, who.idNumber, { number: started.json.random });
    assert.deepEqual(answered, { kind: 'decided', status: 'completed' });
    const followed = await follow(who, started.json.requestId);
    assert.equal(followed.status, 200);
    assert.equal(followed.json.state, 'completed');
    assert.equal(followed.json.random, undefined, 'the number is no longer shown');
    assert.equal(await statusOf(who.accountId), 'active');
    const record = await platform.activation.find(who.accountId);
    assert.equal(record?.channel, 'nafath');
    assert.equal(record?.actorKind, 'holder');
    const flow = await platform.store.flows.find<{ transactionId: string }>(started.json.requestId, 'nafath_activation');
    assert.equal(record?.reference, flow?.data.transactionId);
    assert.equal((await activationSms(who.mobile)).length, 1);
    const again = await start(who);
    assertError(again, 409, 'activation.already_active');
  });

  it('when Nafath pushes its signed callback, then the request completes without the site asking', async () => {
    const who = await holder();
    const started = await start(who);
    await answerInApp(platform, who.idNumber, { number: started.json.random });
    const flow = await platform.store.flows.find(started.json.requestId, 'nafath_activation');
    assert.equal(flow?.state, 'completed', 'the callback moved the flow');
    assert.equal(await statusOf(who.accountId), 'active');
  });

  it('when the callback is lost, then following the request still completes it (Nafath is asked)', async () => {
    const who = await holder();
    platform.referenceNafath.connect(async () => {
      throw new Error('network down');
    });
    try {
      const started = await start(who);
      await answerInApp(platform, who.idNumber, { number: started.json.random });
      assert.equal((await platform.store.flows.find(started.json.requestId, 'nafath_activation'))?.state, 'waiting');
      assert.equal((await follow(who, started.json.requestId)).json.state, 'completed');
      assert.equal(await statusOf(who.accountId), 'active');
    } finally {
      platform.referenceNafath.connect(async (token) => {
        const answer = await platform.app.inject({ method: 'POST', url: '/api/v1/nafath/callback', payload: { token } });
        if (answer.statusCode >= 300) throw new Error(`callback refused with ${answer.statusCode}`);
      });
    }
  });

  it('when a wrong number is typed, then the request is rejected, the account stays registered, and a new request can be made', async () => {
    const who = await holder();
    const started = await start(who);
    assert.deepEqual(await answerInApp(platform, who.idNumber, { number: otherNumber(started.json.random) }), { kind: 'decided', status: 'rejected' });
    assert.equal((await follow(who, started.json.requestId)).json.state, 'rejected');
    assert.equal(await statusOf(who.accountId), 'registered');
    assert.equal((await activationSms(who.mobile)).length, 0);
    const retried = await start(who);
    assert.equal(retried.status, 201);
    assert.notEqual(retried.json.requestId, started.json.requestId);
  });

  it('when the holder refuses in the app, then the request is rejected', async () => {
    const who = await holder();
    const started = await start(who);
    await answerInApp(platform, who.idNumber, { reject: true });
    assert.equal((await follow(who, started.json.requestId)).json.state, 'rejected');
    assert.equal(await statusOf(who.accountId), 'registered');
  });

  it('when 3 minutes pass unanswered, then the request has expired, the number no longer works, and a new one can be made', async () => {
    const who = await holder();
    const started = await start(who);
    platform.clock.advanceSeconds(179);
    const nearly = await follow(who, started.json.requestId);
    assert.equal(nearly.json.state, 'waiting');
    assert.equal(nearly.json.secondsLeft, 1);
    platform.clock.advanceSeconds(1);
    assert.equal((await follow(who, started.json.requestId)).json.state, 'expired');
    assert.equal(await waitingInApp(platform, who.idNumber), null, 'the app no longer lists it');
    assert.equal(await statusOf(who.accountId), 'registered');
    assert.equal((await start(who)).status, 201);
  });

  it('when a second request is made while one is open, then it is refused with the wait, and the first still works', async () => {
    const who = await holder();
    const first = await start(who);
    platform.clock.advanceSeconds(60);
    const second = await start(who);
    const error = assertError(second, 409, 'nafath.request_open');
    assert.equal(error.retryAfter, 120);
    assert.match(error.message, /120/);
    assert.equal(second.headers['retry-after'], '120');
    await answerInApp(platform, who.idNumber, { number: first.json.random });
    assert.equal((await follow(who, first.json.requestId)).json.state, 'completed');
  });

  it('when a callback is forged or is not about one of our requests, then it is refused and changes nothing', async () => {
    const who = await holder();
    const started = await start(who);
    const flow = await platform.store.flows.find<{ transactionId: string }>(started.json.requestId, 'nafath_activation');
    const claims = { transId: flow!.data.transactionId, nationalId: who.idNumber, status: 'COMPLETED' };
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'reference-nafath-1' }).setIssuer('https://nafath.reference.invalid').setAudience('absher').setIssuedAt().sign(privateKey);
    for (const token of [forged, 'not-a-jwt', '']) {
      const refused = await platform.app.inject({ method: 'POST', url: '/api/v1/nafath/callback', headers: { 'accept-language': 'en' }, payload: { token } });
      assert.equal(refused.statusCode, 401, refused.body);
      assert.equal(refused.json().error.code, 'nafath.callback_invalid');
    }
    const malformed = await platform.app.inject({ method: 'POST', url: '/api/v1/nafath/callback', payload: { nothing: true } });
    assert.equal(malformed.statusCode, 400);
    assert.equal((await follow(who, started.json.requestId)).json.state, 'waiting');
    assert.equal(await statusOf(who.accountId), 'registered');
  });

  it("when another holder follows someone's request id, then it is not found, and a malformed id is not found either", async () => {
    const owner = await holder();
    const stranger = await holder();
    const started = await start(owner);
    assertError(await follow(stranger, started.json.requestId), 404, 'flow.not_found');
    assertError(await follow(owner, 'not-an-id'), 404, 'flow.not_found');
    assertError(await apiAs(platform, 'GET', `/api/v1/me/activation/nafath/${started.json.requestId}`), 401, 'auth.required');
  });

  it('when Nafath is down, then starting answers 503 nafath.unavailable, and works once it is back', async () => {
    const who = await holder();
    platform.referenceNafath.setAvailable(false);
    try {
      assertError(await start(who), 503, 'nafath.unavailable');
    } finally {
      platform.referenceNafath.setAvailable(true);
    }
    assert.equal((await start(who)).status, 201);
  });

  it('when a visitor (border number) asks, then Nafath does not know them and the answer says to use another way', async () => {
    const visitor = await platform.registry.listPeople({ category: 'visitor' });
    const registered = await registerOk(platform, { idNumber: visitor.find((person) => person.idKind === 'border' && !person.deceased)?.idNumber });
    const { token } = await signInOk(platform, { login: String(registered.body.username), password: String(registered.body.password), mobile: registered.mobile });
    const answer = await apiAs(platform, 'POST', '/api/v1/me/activation/nafath', { bearer: token });
    assertError(answer, 422, 'nafath.not_enrolled');
  });

  it('when an account already active asks, then it is told so', async () => {
    const who = await holder();
    await activateForTest(platform, who.accountId);
    assertError(await start(who), 409, 'activation.already_active');
  });

  it('when the development routes are off, then the Nafath app simulator is not there', async () => {
    const closed = await startTestPlatform({ env: { DEV_ROUTES: 'false' } });
    try {
      for (const url of ['/dev/nafath', '/dev/nafath/requests?id=1012345672']) {
        assert.equal((await closed.app.inject({ method: 'GET', url })).statusCode, 404, url);
      }
    } finally {
      await closed.close();
    }
  });

  describe('pages', () => {
    async function signedInHolder() {
      const registered = await registerOk(platform, { idNumber: await nafathPerson(platform) });
      const credentials = { login: String(registered.body.username), password: String(registered.body.password), mobile: registered.mobile };
      const { client } = await signInThroughPages(platform, credentials);
      return { client, idNumber: registered.account.idNumber, accountId: registered.account.id };
    }

    it('when a registered holder opens the account page, then every way to activate is there, with the Nafath button and the form and centre links', async () => {
      const { client } = await signedInHolder();
      const page = await client.get('/account?lang=en');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<form method="post" action="\/account\/activate\/nafath"/);
      assert.match(page.body, /Activate with Nafath/);
      assert.match(page.body, /href="\/activation-form"/);
      assert.match(page.body, /href="\/centres"/);
      assert.match(page.body, /Through your bank/);
      assert.match(page.body, /self-service kiosk/);
      const arabic = await client.get('/account?lang=ar');
      assert.match(arabic.body, /تفعيل عبر نفاذ/);
    });

    it('when the holder activates through the pages with the right number, then the page follows the status and says the account is active', async () => {
      const { client, idNumber, accountId } = await signedInHolder();
      const account = await client.get('/account?lang=en');
      const posted = await client.post('/account/activate/nafath', { _csrf: csrfTokenIn(account.body) });
      assert.equal(posted.statusCode, 303);
      const requestUrl = String(posted.headers.location);
      assert.match(requestUrl, /^\/account\/activate\/nafath\/[0-9a-f-]{36}$/);
      const waiting = await client.get(requestUrl);
      assert.equal(waiting.statusCode, 200);
      const random = /class="nafath-number"[^>]*><bdi dir="ltr">(\d{2})<\/bdi>/.exec(waiting.body)?.[1];
      assert.ok(random, 'the page shows the number');
      assert.match(waiting.body, /<script type="module" src="\/static\/js\/nafath-activation.js">/);
      assert.match(waiting.body, new RegExp(`href="${requestUrl}" id="nafath-check"`), 'a refresh for browsers without JavaScript');
      assert.doesNotMatch(waiting.body, /<script>|<script type="module">[^<]/, 'no inline script');
      const polled = await client.get(`${requestUrl}/status`);
      assert.deepEqual(polled.json(), { state: 'waiting', secondsLeft: 180 });
      assert.equal(polled.headers['cache-control'], 'no-store');

      const app = await client.get(`/dev/nafath?id=${idNumber}&lang=en`);
      assert.equal(app.statusCode, 200);
      assert.doesNotMatch(app.body, new RegExp(`>${random}<`), 'the app does not show the number');
      const transactionId = /name="transactionId" value="([^"]+)"/.exec(app.body)?.[1];
      assert.ok(transactionId);
      const approved = await client.post('/dev/nafath/answer', { _csrf: csrfTokenIn(app.body), id: idNumber, transactionId, number: random, action: 'approve', lang: 'en' });
      assert.equal(approved.statusCode, 303);
      assert.match(String(approved.headers.location), /result=completed/);

      assert.equal((await client.get(`${requestUrl}/status`)).json().state, 'completed');
      const done = await client.get(requestUrl);
      assert.match(done.body, /Your account is active/);
      assert.equal(await statusOf(accountId), 'active');
      const accountPage = await client.get('/account');
      assert.doesNotMatch(accountPage.body, /action="\/account\/activate\/nafath"/, 'an active account is not offered activation');
    });

    it('when the wrong number is typed, then the page says rejected and offers to try again', async () => {
      const { client, idNumber } = await signedInHolder();
      const start = await client.get('/account/activate/nafath?lang=en');
      assert.equal(start.statusCode, 200);
      const posted = await client.post('/account/activate/nafath', { _csrf: csrfTokenIn(start.body) });
      const requestUrl = String(posted.headers.location);
      const waiting = await client.get(requestUrl);
      const random = /class="nafath-number"[^>]*><bdi dir="ltr">(\d{2})<\/bdi>/.exec(waiting.body)![1]!;
      await answerInApp(platform, idNumber, { number: otherNumber(random) });
      const rejected = await client.get(requestUrl);
      assert.match(rejected.body, /The Nafath request was rejected/);
      assert.match(rejected.body, /Try again/);
      const again = await client.post('/account/activate/nafath', { _csrf: csrfTokenIn(rejected.body) });
      assert.equal(again.statusCode, 303);
    });

    it('when a second request is made from the pages while one is open, then the start page says so with the wait', async () => {
      const { client } = await signedInHolder();
      const start = await client.get('/account/activate/nafath?lang=en');
      await client.post('/account/activate/nafath', { _csrf: csrfTokenIn(start.body) });
      const second = await client.post('/account/activate/nafath', { _csrf: csrfTokenIn(start.body) });
      assert.equal(second.statusCode, 409);
      assert.match(second.body, /You already have a Nafath request waiting/);
      assert.match(second.body, /180 seconds/);
    });

    it('when the start form is posted without its CSRF token, then nothing is requested', async () => {
      const { client, idNumber } = await signedInHolder();
      const posted = await client.post('/account/activate/nafath', {});
      assert.equal(posted.statusCode, 403);
      assert.equal(await waitingInApp(platform, idNumber), null);
    });

    it("when the page's status address of another holder's request is asked, then it is not found", async () => {
      const owner = await signedInHolder();
      const stranger = await signedInHolder();
      const start = await owner.client.get('/account/activate/nafath?lang=en');
      const posted = await owner.client.post('/account/activate/nafath', { _csrf: csrfTokenIn(start.body) });
      const requestUrl = String(posted.headers.location);
      const foreign = await stranger.client.get(`${requestUrl}/status`);
      assert.equal(foreign.statusCode, 404);
      assert.equal(foreign.json().error.code, 'flow.not_found');
      assert.equal((await stranger.client.get(requestUrl)).statusCode, 404);
    });

    it('when someone not signed in opens the Nafath page, then they are sent to sign in and back', async () => {
      const response = await platform.app.inject({ method: 'GET', url: '/account/activate/nafath' });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, `/login?next=${encodeURIComponent('/account/activate/nafath')}`);
    });
  });
});
