// The shared contract of the NafathGateway port: every adapter (the reference one, or a sandbox of
// the real service) must pass it. Guarantees checked: a request has a transaction id and a random
// 2-digit number and waits 3 minutes; one waiting request per person (a second is refused, even
// when many are made at once, until the first ends); the right number completes it, a wrong one or
// a refusal rejects it, once; the clock expires it; a status is only told to the person's own
// query; every change is pushed as a signed callback that verifies, and anything forged does not;
// people Nafath does not know are refused; an outage is reported as unavailable.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, generateKeyPair, decodeJwt, base64url } from 'jose';
import {
  NafathNotEnrolledError,
  NafathRequestOpenError,
  NafathUnavailableError,
  type NafathGateway,
} from '../../src/core/ports.ts';
import type { FakeClock } from '../../src/core/clock.ts';

export interface NafathGatewayUnderTest {
  gateway: NafathGateway;
  clock: FakeClock;
  /** A person enrolled in Nafath with no request yet in this run. */
  enrolledPerson(): Promise<string>;
  /** IDs Nafath refuses as not enrolled. */
  notEnrolled(): Promise<string[]>;
  /** The person's app: types a number, or refuses. */
  answer(nationalId: string, transactionId: string, answer: { kind: 'number'; number: string } | { kind: 'reject' }): Promise<void>;
  /** The callbacks pushed to the platform so far (raw tokens), oldest first. */
  callbacks(): string[];
  /** Switch the service off and on; when absent the outage check is skipped. */
  setAvailable?: (available: boolean) => void;
}

export function describeNafathGatewayContract(name: string, make: () => Promise<NafathGatewayUnderTest>): void {
  const service = 'Absher: account activation';

  describe(`NafathGateway contract: ${name}`, () => {
    it('when a request is made, then it has a transaction id, a 2-digit number, a 3-minute expiry and waits', async () => {
      const subject = await make();
      const person = await subject.enrolledPerson();
      const before = subject.clock.now();
      const request = await subject.gateway.createRequest(person, service);
      assert.match(request.transactionId, /^[0-9a-f-]{36}$/);
      assert.match(request.random, /^[1-9]\d$/);
      assert.equal(request.expiresAt.getTime() - before.getTime(), 180_000);
      assert.equal(await subject.gateway.status({ nationalId: person, ...request }), 'waiting');
    });

    it('when the right number is typed in the app, then the request completes and a signed callback says so', async () => {
      const subject = await make();
      const person = await subject.enrolledPerson();
      const request = await subject.gateway.createRequest(person, service);
      await subject.answer(person, request.transactionId, { kind: 'number', number: request.random });
      assert.equal(await subject.gateway.status({ nationalId: person, ...request }), 'completed');
      const verified = await Promise.all(subject.callbacks().map((token) => subject.gateway.verifyCallback(token)));
      assert.deepEqual(verified.filter((callback) => callback?.transactionId === request.transactionId), [
        { transactionId: request.transactionId, nationalId: person, status: 'completed' },
      ]);
    });

    it('when a wrong number is typed, then the request is rejected, and a later right number does not change it', async () => {
      const subject = await make();
      const person = await subject.enrolledPerson();
      const request = await subject.gateway.createRequest(person, service);
      const wrong = request.random === '99' ? '98' : String(Number(request.random) + 1);
      await subject.answer(person, request.transactionId, { kind: 'number', number: wrong });
      assert.equal(await subject.gateway.status({ nationalId: person, ...request }), 'rejected');
      await subject.answer(person, request.transactionId, { kind: 'number', number: request.random });
      assert.equal(await subject.gateway.status({ nationalId: person, ...request }), 'rejected');
      const verified = await Promise.all(subject.callbacks().map((token) => subject.gateway.verifyCallback(token)));
      assert.deepEqual(
        verified.filter((callback) => callback?.transactionId === request.transactionId).map((callback) => callback?.status),
        ['rejected'],
      );
    });

    it('when the person refuses in the app, then the request is rejected', async () => {
      const subject = await make();
      const person = await subject.enrolledPerson();
      const request = await subject.gateway.createRequest(person, service);
      await subject.answer(person, request.transactionId, { kind: 'reject' });
      assert.equal(await subject.gateway.status({ nationalId: person, ...request }), 'rejected');
    });

    it('when 3 minutes pass, then the request has expired, the number no longer completes it and a callback says expired', async () => {
      const subject = await make();
      const person = await subject.enrolledPerson();
      const request = await subject.gateway.createRequest(person, service);
      subject.clock.advanceSeconds(179);
      assert.equal(await subject.gateway.status({ nationalId: person, ...request }), 'waiting');
      subject.clock.advanceSeconds(1);
      assert.equal(await subject.gateway.status({ nationalId: person, ...request }), 'expired');
      await subject.answer(person, request.transactionId, { kind: 'number', number: request.random });
      assert.equal(await subject.gateway.status({ nationalId: person, ...request }), 'expired');
      const verified = await Promise.all(subject.callbacks().map((token) => subject.gateway.verifyCallback(token)));
      assert.deepEqual(
        verified.filter((callback) => callback?.transactionId === request.transactionId).map((callback) => callback?.status),
        ['expired'],
      );
    });

    it('when a second request is made while one waits, then it is refused until the first ends', async () => {
      const subject = await make();
      const person = await subject.enrolledPerson();
      const first = await subject.gateway.createRequest(person, service);
      await assert.rejects(subject.gateway.createRequest(person, service), (error: unknown) => {
        assert.ok(error instanceof NafathRequestOpenError);
        assert.equal(error.expiresAt.getTime(), first.expiresAt.getTime());
        return true;
      });
      await subject.answer(person, first.transactionId, { kind: 'reject' });
      const second = await subject.gateway.createRequest(person, service);
      assert.notEqual(second.transactionId, first.transactionId);
      subject.clock.advanceSeconds(180);
      const third = await subject.gateway.createRequest(person, service);
      assert.equal(await subject.gateway.status({ nationalId: person, ...second }), 'expired');
      assert.equal(await subject.gateway.status({ nationalId: person, ...third }), 'waiting');
    });

    it('when ten requests for one person are made at once, then exactly one is opened', async () => {
      const subject = await make();
      const person = await subject.enrolledPerson();
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => subject.gateway.createRequest(person, service)));
      assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1);
      for (const result of results) if (result.status === 'rejected') assert.ok(result.reason instanceof NafathRequestOpenError);
    });

    it("when the status is asked with another person's ID, a wrong number or an unknown id, then there is no answer", async () => {
      const subject = await make();
      const person = await subject.enrolledPerson();
      const other = await subject.enrolledPerson();
      const request = await subject.gateway.createRequest(person, service);
      assert.equal(await subject.gateway.status({ nationalId: other, ...request }), null);
      assert.equal(await subject.gateway.status({ nationalId: person, ...request, random: request.random === '10' ? '11' : '10' }), null);
      assert.equal(await subject.gateway.status({ nationalId: person, transactionId: crypto.randomUUID(), random: request.random }), null);
      assert.equal(await subject.gateway.status({ nationalId: person, transactionId: 'not-an-id', random: request.random }), null);
      await subject.answer(other, request.transactionId, { kind: 'number', number: request.random });
      assert.equal(await subject.gateway.status({ nationalId: person, ...request }), 'waiting', "another person's app cannot answer it");
    });

    it('when a callback is forged (edited, signed with another key, unsigned or garbage), then it does not verify', async () => {
      const subject = await make();
      const person = await subject.enrolledPerson();
      const request = await subject.gateway.createRequest(person, service);
      await subject.answer(person, request.transactionId, { kind: 'reject' });
      const genuine = subject.callbacks().at(-1)!;
      assert.ok(await subject.gateway.verifyCallback(genuine));
      const [header, , signature] = genuine.split('.');
      const claims = decodeJwt(genuine);
      const edited = `${header}.${base64url.encode(JSON.stringify({ ...claims, status: 'COMPLETED' }))}.${signature}`;
      const { privateKey } = await generateKeyPair('ES256');
      const otherKey = await new SignJWT({ ...claims, status: 'COMPLETED' }).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
      const unsigned = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url.encode(JSON.stringify({ ...claims, status: 'COMPLETED' }))}.`;
      for (const forged of [edited, otherKey, unsigned, 'garbage', '', 'a.b.c']) {
        assert.equal(await subject.gateway.verifyCallback(forged), null, `forged: ${forged.slice(0, 30)}`);
      }
    });

    it('when the person is not enrolled in Nafath, then the request is refused', async () => {
      const subject = await make();
      for (const id of await subject.notEnrolled()) {
        await assert.rejects(subject.gateway.createRequest(id, service), NafathNotEnrolledError, id);
      }
    });

    it('when the service is down, then requests fail as unavailable, and work once it is back', async (context) => {
      const subject = await make();
      if (!subject.setAvailable) return context.skip('no outage switch');
      const person = await subject.enrolledPerson();
      subject.setAvailable(false);
      await assert.rejects(subject.gateway.createRequest(person, service), NafathUnavailableError);
      subject.setAvailable(true);
      const request = await subject.gateway.createRequest(person, service);
      assert.equal(await subject.gateway.status({ nationalId: person, ...request }), 'waiting');
    });
  });
}
