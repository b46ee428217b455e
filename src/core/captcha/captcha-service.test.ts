import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { openDatabase, type DatabaseHandle } from '../../adapters/db/database.ts';
import { createStore } from '../../adapters/db/store.ts';
import { FakeClock } from '../clock.ts';
import { Secrets } from '../secrets.ts';
import type { Store } from '../store.ts';
import { CaptchaService, type ProofOfWorkChallenge } from './captcha-service.ts';

type Solver = { solve(challenge: unknown): Promise<{ counter: number; derivedKey: string } | null> };

let handle: DatabaseHandle;
let store: Store;

before(async () => {
  handle = await openDatabase({ kind: 'pglite', dataDir: null });
  store = createStore(handle.db);
});

after(async () => {
  await handle.close();
});

/** Starts at the real time: altcha-lib also checks a challenge's expiry against Date.now(). */
function setUp() {
  const clock = new FakeClock(new Date());
  const service = new CaptchaService({ captchas: store.captchas, secrets: new Secrets('test-root-secret'), clock });
  return { clock, service };
}

async function newCaptcha(service: CaptchaService, clock: FakeClock) {
  const captcha = await service.create();
  const answer = service.revealAnswer(captcha.id);
  assert.ok(answer);
  return { ...captcha, answer };
}

function toArabicIndic(digits: string): string {
  return digits.replace(/[0-9]/g, (digit) => String.fromCharCode(0x0660 + Number(digit)));
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64');
}

async function solvedPayload(challenge: ProofOfWorkChallenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  assert.ok(solution);
  return encode({ challenge, solution: { counter: solution.counter, derivedKey: solution.derivedKey } });
}

describe('CaptchaService visual code', () => {
  test('when a code is created, then it is a readable SVG of 4 digits that expires in 5 minutes', async () => {
    const { clock, service } = setUp();
    const captcha = await newCaptcha(service, clock);
    assert.match(captcha.answer, /^[0-9]{4}$/);
    assert.equal(captcha.expiresAt.getTime() - clock.now().getTime(), 5 * 60_000);
    assert.match(captcha.image, /^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(captcha.image.split(',')[1] ?? '', 'base64').toString('utf8');
    assert.match(svg, /^<svg [^>]*><rect width="100%" height="100%" fill="#ffffff"\/>/);
    const textFills = [...svg.matchAll(/<path fill="#([0-9a-f]{3})"/g)].map((match) => match[1]);
    assert.equal(textFills.length, 4);
    for (const fill of textFills) assert.match(fill ?? '', /^[0-4]{3}$/, 'digits are drawn in #000–#444');
    assert.ok(!svg.includes(captcha.answer), 'the answer is not in the SVG as text');
  });

  test('when a code is shown, then nothing is stored, and when it is answered, then only its id is kept as spent', async () => {
    const { clock, service } = setUp();
    const before = await handle.db.selectFrom('spent_proofs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const captcha = await newCaptcha(service, clock);
    const shown = await handle.db.selectFrom('spent_proofs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(shown.n), Number(before.n));
    assert.equal(await service.verify(captcha.id, captcha.answer), true);
    const rows = await handle.db.selectFrom('spent_proofs').selectAll().where('signature', '=', `captcha:${captcha.id}`).execute();
    assert.equal(rows.length, 1);
    assert.ok(!rows[0]!.signature.includes(`:${captcha.answer}`));
  });

  test('when the same id is drawn under another server key, then its answer differs from ours for most ids', async () => {
    const { clock, service } = setUp();
    const other = new CaptchaService({ captchas: store.captchas, secrets: new Secrets('another-root-secret'), clock });
    let same = 0;
    for (let index = 0; index < 50; index += 1) {
      const captcha = await service.create();
      if (other.revealAnswer(captcha.id) === service.revealAnswer(captcha.id)) same += 1;
    }
    assert.ok(same <= 2, `answers are keyed: ${same} of 50 matched under another key`);
  });

  test('when an id carries a creation time in the future, then it is refused and its answer is not revealed', async () => {
    const { clock, service } = setUp();
    const captcha = await newCaptcha(service, clock);
    clock.advance(-1);
    assert.equal(service.revealAnswer(captcha.id), null);
    assert.equal(await service.verify(captcha.id, captcha.answer), false);
    clock.advance(1);
    assert.equal(await service.verify(captcha.id, captcha.answer), true);
  });

  test('when a random UUIDv4 is given as the id, then it is refused', async () => {
    const { service } = setUp();
    assert.equal(await service.verify(crypto.randomUUID(), '1234'), false);
  });

  test('when the right answer is given, then it is accepted once and refused the second time', async () => {
    const { clock, service } = setUp();
    const captcha = await newCaptcha(service, clock);
    assert.equal(await service.verify(captcha.id, captcha.answer), true);
    assert.equal(await service.verify(captcha.id, captcha.answer), false);
  });

  test('when a wrong answer is given, then the code is used up and the right one is refused after it', async () => {
    const { clock, service } = setUp();
    const captcha = await newCaptcha(service, clock);
    const wrong = String((Number(captcha.answer) + 1) % 10_000).padStart(4, '0');
    assert.equal(await service.verify(captcha.id, wrong), false);
    assert.equal(await service.verify(captcha.id, captcha.answer), false);
  });

  test('when the answer is not a string, then the code is still used up', async () => {
    const { clock, service } = setUp();
    const captcha = await newCaptcha(service, clock);
    assert.equal(await service.verify(captcha.id, Number(captcha.answer)), false);
    assert.equal(await service.verify(captcha.id, captcha.answer), false);
  });

  test('when the answer is in Arabic-Indic digits with spaces around it, then it is accepted', async () => {
    const { clock, service } = setUp();
    const captcha = await newCaptcha(service, clock);
    assert.equal(await service.verify(captcha.id, ` ${toArabicIndic(captcha.answer)} `), true);
  });

  test('when the answer is in Persian digits, then it is accepted', async () => {
    const { clock, service } = setUp();
    const captcha = await newCaptcha(service, clock);
    const persian = captcha.answer.replace(/[0-9]/g, (digit) => String.fromCharCode(0x06f0 + Number(digit)));
    assert.equal(await service.verify(captcha.id, persian), true);
  });

  test('when 5 minutes have passed, then the right answer is refused', async () => {
    const { clock, service } = setUp();
    const captcha = await newCaptcha(service, clock);
    clock.advanceMinutes(5);
    assert.equal(await service.verify(captcha.id, captcha.answer), false);
    assert.equal(service.revealAnswer(captcha.id), null);
  });

  test('when just under 5 minutes have passed, then the right answer is accepted', async () => {
    const { clock, service } = setUp();
    const captcha = await newCaptcha(service, clock);
    clock.advance(5 * 60_000 - 1);
    assert.equal(await service.verify(captcha.id, captcha.answer), true);
  });

  test('when the id is malformed or unknown, then it is refused without an error', async () => {
    const { service } = setUp();
    for (const id of [undefined, null, 42, '', 'not-a-uuid', "1' or '1'='1", ['x'], { id: 'x' }]) {
      assert.equal(await service.verify(id, '1234'), false);
    }
    assert.equal(await service.verify('00000000-0000-4000-8000-000000000000', '1234'), false);
  });

  test('when an answer is asked for a malformed id, then none is revealed', async () => {
    const { service } = setUp();
    assert.equal(service.revealAnswer('nope'), null);
  });
});

describe('CaptchaService proof of work', () => {
  test('when a challenge is created, then it is a signed SHA-256 challenge that expires in 5 minutes', async () => {
    const { clock, service } = setUp();
    const challenge = await service.createProofOfWork();
    assert.equal(challenge.parameters.algorithm, 'SHA-256');
    assert.equal(challenge.parameters.cost, 1);
    assert.equal(challenge.parameters.expiresAt, Math.floor((clock.now().getTime() + 5 * 60_000) / 1000));
    assert.match(challenge.signature ?? '', /^[0-9a-f]{64}$/);
  });

  test('when a solution from altcha-lib is sent, then it is accepted once and refused on replay', async () => {
    const { service } = setUp();
    const payload = await solvedPayload(await service.createProofOfWork());
    assert.equal(await service.verifyProofOfWork(payload), true);
    assert.equal(await service.verifyProofOfWork(payload), false);
  });

  test('when the browser solver solves a challenge, then the service accepts its payload', async () => {
    const { service } = setUp();
    const core = (await import(new URL('../../../public/js/proof-of-work-core.js', import.meta.url).href)) as Solver;
    const challenge = await service.createProofOfWork();
    const solution = await core.solve(challenge);
    assert.ok(solution);
    const expected = await solveChallenge({ challenge, deriveKey });
    assert.equal(solution.counter, expected?.counter);
    assert.equal(solution.derivedKey, expected?.derivedKey);
    // The browser encodes with btoa(JSON.stringify(…)); for this ASCII JSON that equals Buffer's base64.
    assert.equal(await service.verifyProofOfWork(btoa(JSON.stringify({ challenge, solution }))), true);
  });

  test('when the solution is wrong, then it is refused', async () => {
    const { service } = setUp();
    const challenge = await service.createProofOfWork();
    const solution = await solveChallenge({ challenge, deriveKey });
    assert.ok(solution);
    const wrongCounter = encode({ challenge, solution: { counter: solution.counter + 1, derivedKey: solution.derivedKey } });
    assert.equal(await service.verifyProofOfWork(wrongCounter), false);
  });

  test('when the challenge is tampered with, then the payload is refused', async () => {
    const { service } = setUp();
    const challenge = await service.createProofOfWork();
    const solution = await solveChallenge({ challenge, deriveKey });
    assert.ok(solution);
    const later = { ...challenge, parameters: { ...challenge.parameters, expiresAt: challenge.parameters.expiresAt! + 3600 } };
    assert.equal(await service.verifyProofOfWork(encode({ challenge: later, solution })), false);
    const easier = { ...challenge, parameters: { ...challenge.parameters, keyPrefix: '0' } };
    assert.equal(await service.verifyProofOfWork(encode({ challenge: easier, solution: { counter: 0, derivedKey: '00' } })), false);
  });

  test('when a challenge was signed with another key, then its solution is refused', async () => {
    const { clock } = setUp();
    const other = new CaptchaService({ captchas: store.captchas, secrets: new Secrets('another-root-secret'), clock });
    const payload = await solvedPayload(await other.createProofOfWork());
    assert.equal(await setUp().service.verifyProofOfWork(payload), false);
  });

  test('when the challenge has expired by the service clock, then a correct solution is refused', async () => {
    const { clock, service } = setUp();
    const payload = await solvedPayload(await service.createProofOfWork());
    clock.advanceMinutes(5);
    assert.equal(await service.verifyProofOfWork(payload), false);
  });

  test('when the payload is malformed, then it is refused without an error', async () => {
    const { service } = setUp();
    const inputs: unknown[] = [
      undefined,
      null,
      42,
      '',
      'not base64!',
      'A'.repeat(10_000),
      Buffer.from('not json').toString('base64'),
      encode(null),
      encode([]),
      encode({ challenge: {}, solution: {} }),
      encode({ challenge: { parameters: { algorithm: 'SHA-256', expiresAt: 1e12 }, signature: 'a'.repeat(64) }, solution: { counter: 1, derivedKey: 'zz' } }),
      { challenge: {}, solution: {} },
    ];
    for (const input of inputs) assert.equal(await service.verifyProofOfWork(input), false);
  });
});
