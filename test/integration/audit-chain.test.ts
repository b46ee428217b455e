// The audit log (DESIGN §2 "Audit"): every security event appended as a record chained to the one
// before it by a keyed hash, and `verifyAuditChain` (npm run audit:verify) walking it. After real
// registrations and sign-ins the chain holds; a record changed behind the database's back, or
// removed, is named by the report; records cut from the end are seen against a head anchored
// outside the table; the database itself refuses UPDATE, DELETE and TRUNCATE; and no record holds a
// full ID number, a 6-digit code or a password.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { freshPerson } from '../helpers/registration.ts';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeReport, verifyAuditChain, verifyWithAnchor } from '../../src/cli/audit-verify.ts';
import { loginCodesTo, postLogin, postLoginCode, apiAs, registerOk, signInOk, startSignInOk, latestLoginCode, uniqueAddress, wrongCode } from './support.ts';

type Row = {
  seq: number;
  id: string;
  occurred_at: Date;
  type: string;
  account_id: string | null;
  actor: string;
  subject: string | null;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
};

describe('audit chain', () => {
  let platform: TestPlatform;
  const idNumbers: string[] = [];
  const passwords: string[] = [];
  const mobiles: string[] = [];
  const typedCodes: string[] = [];

  before(async () => {
    platform = await startTestPlatform();
    // Some history: registrations (one with a wrong code), sign-ins, failures of every kind, a sign-out.
    for (let index = 0; index < 3; index += 1) {
      const registered = await registerOk(platform, index === 2 ? { password: 'Hq4vLm8zRt', passwordConfirmation: 'Hq4vLm8zRt' } : {});
      idNumbers.push(String(registered.body.idNumber));
      passwords.push(String(registered.body.password));
      mobiles.push(registered.mobile);
      typedCodes.push(registered.code);
    }
    const [first, second] = [0, 1].map((index) => ({ login: idNumbers[index]!, password: passwords[index]!, mobile: mobiles[index]! }));
    const session = await signInOk(platform, first!);
    await apiAs(platform, 'POST', '/api/v1/logout', { bearer: session.token });
    await postLogin(platform, second!.login, 'Wrong7pass', { ip: uniqueAddress() });
    const unregistered = await freshPerson(platform);
    idNumbers.push(unregistered.idNumber);
    await postLogin(platform, unregistered.idNumber, 'Wrong7pass', { ip: uniqueAddress() });
    await postLogin(platform, 'someone-unknown', 'Secret9word', { ip: uniqueAddress() });
    passwords.push('Wrong7pass', 'Secret9word');
    const loginId = await startSignInOk(platform, second!.login, second!.password, { ip: uniqueAddress() });
    const code = await latestLoginCode(platform, second!.mobile);
    typedCodes.push(wrongCode(code), code);
    await postLoginCode(platform, loginId, wrongCode(code));
    await postLoginCode(platform, loginId, code);
  });
  after(() => platform.close());

  const db = () => platform.database.db;
  const verify = () => verifyAuditChain(platform.database, platform.config.secretKey);

  async function rows(): Promise<Row[]> {
    return (await db().selectFrom('audit_events').selectAll().orderBy('seq').execute()).map((row) => ({ ...row, seq: Number(row.seq) }) as unknown as Row);
  }

  /** Runs `work` with the append-only trigger switched off, as only a database owner could. */
  async function withTriggerOff(work: () => Promise<unknown>): Promise<void> {
    await sql`alter table audit_events disable trigger audit_events_no_change`.execute(db());
    try {
      await work();
    } finally {
      await sql`alter table audit_events enable trigger audit_events_no_change`.execute(db());
    }
  }

  async function reinsert(row: Row): Promise<void> {
    await db()
      .insertInto('audit_events')
      .values({ ...row, data: JSON.stringify(row.data) })
      .execute();
  }

  it('when registrations and sign-ins have happened, then the chain verifies every record, and only with the right key', async () => {
    const all = await rows();
    const types = new Set(all.map((row) => row.type));
    for (const type of ['registration.started', 'registration.completed', 'login.password_accepted', 'login.succeeded', 'login.failed', 'otp.failed', 'logout']) {
      assert.ok(types.has(type), `a ${type} record`);
    }
    const report = await verify();
    const last = all[all.length - 1]!;
    assert.deepEqual(report, { ok: true, count: all.length, head: { count: all.length, seq: last.seq, hash: last.hash } });
    assert.match(describeReport(report), new RegExp(`intact: ${all.length} records verified; head #${last.seq} hash ${last.hash}`));

    const wrongKey = await verifyAuditChain(platform.database, `${platform.config.secretKey}-not-it`);
    assert.equal(wrongKey.ok, false, 'the chain is keyed: another key does not verify it');
    assert.equal(!wrongKey.ok && wrongKey.brokenSeq, all[0]!.seq);
  });

  it('when one record in the middle has its data changed (trigger off), then the report names exactly that record', async () => {
    const all = await rows();
    const target = all[Math.floor(all.length / 2)]!;
    await withTriggerOff(() =>
      db()
        .updateTable('audit_events')
        .set({ data: JSON.stringify({ ...target.data, address: '203.0.113.66' }) })
        .where('seq', '=', target.seq)
        .execute(),
    );
    const report = await verify();
    assert.equal(report.ok, false);
    assert.ok(!report.ok);
    assert.equal(report.brokenSeq, target.seq);
    assert.equal(report.brokenId, target.id);
    assert.equal(report.type, target.type);
    assert.match(describeReport(report), new RegExp(`BROKEN at record #${target.seq}\\b`));

    await withTriggerOff(() => db().updateTable('audit_events').set({ data: JSON.stringify(target.data) }).where('seq', '=', target.seq).execute());
    assert.equal((await verify()).ok, true, 'restored, the chain holds again');
  });

  it('when another field of a record (its type) is changed, then that record is named too', async () => {
    const all = await rows();
    const target = all[1]!;
    await withTriggerOff(() => db().updateTable('audit_events').set({ type: 'login.succeeded' }).where('seq', '=', target.seq).execute());
    const report = await verify();
    assert.ok(!report.ok);
    assert.equal(report.brokenSeq, target.seq);
    await withTriggerOff(() => db().updateTable('audit_events').set({ type: target.type }).where('seq', '=', target.seq).execute());
    assert.equal((await verify()).ok, true);
  });

  it('when a record in the middle is deleted (trigger off), then the break is reported at the next record', async () => {
    const all = await rows();
    const index = Math.floor(all.length / 3);
    const removed = all[index]!;
    const next = all[index + 1]!;
    await withTriggerOff(() => db().deleteFrom('audit_events').where('seq', '=', removed.seq).execute());
    const report = await verify();
    assert.ok(!report.ok);
    assert.equal(report.brokenSeq, next.seq);
    assert.equal(report.count, index + 1, 'the records before the gap verified');

    await reinsert(removed);
    assert.equal((await verify()).ok, true, 'put back, the chain holds again');
  });

  it('when two records swap places, then the first one out of place is named', async () => {
    const all = await rows();
    const [a, b] = [all[2]!, all[3]!];
    await withTriggerOff(async () => {
      await db().deleteFrom('audit_events').where('seq', 'in', [a.seq, b.seq]).execute();
      await reinsert({ ...b, seq: a.seq });
      await reinsert({ ...a, seq: b.seq });
    });
    const report = await verify();
    assert.ok(!report.ok);
    assert.equal(report.brokenSeq, a.seq);
    await withTriggerOff(async () => {
      await db().deleteFrom('audit_events').where('seq', 'in', [a.seq, b.seq]).execute();
      await reinsert(a);
      await reinsert(b);
    });
    assert.equal((await verify()).ok, true);
  });

  it('when an UPDATE or a DELETE is tried with the trigger on, then the database refuses it', async () => {
    const [first] = await rows();
    await assert.rejects(db().updateTable('audit_events').set({ type: 'nothing' }).where('seq', '=', first!.seq).execute(), /append-only/);
    await assert.rejects(sql`update audit_events set data = '{}'::jsonb`.execute(db()), /append-only/);
    await assert.rejects(db().deleteFrom('audit_events').where('seq', '=', first!.seq).execute(), /append-only/);
    const after = await rows();
    assert.equal(after[0]!.type, first!.type);
    assert.equal((await verify()).ok, true);
  });

  it('when every record is read, then none holds a full ID number, a 6-digit code, a mobile number or a password', async () => {
    const all = await rows();
    const delivered = (await Promise.all(mobiles.map(async (mobile) => [...(await loginCodesTo(platform, mobile)), ...(await registrationCodes(mobile))]))).flat();
    assert.ok(delivered.length >= 5, 'codes were delivered');
    const secrets = [...idNumbers, ...passwords, ...delivered, ...typedCodes, ...mobiles, ...mobiles.map((mobile) => `0${mobile.slice(4)}`)];
    for (const row of all) {
      const text = JSON.stringify({ ...row, hash: undefined, prev_hash: undefined, id: undefined, account_id: undefined });
      for (const secret of secrets) assert.ok(!text.includes(secret), `record #${row.seq} (${row.type}) holds ${secret}`);
      assert.doesNotMatch(text, /(?<![\w-])\d{10}(?![\w-])/, `record #${row.seq} holds a 10-digit number: ${text}`);
      assert.doesNotMatch(text, /(?<![\w-])\d{6}(?![\w-])/, `record #${row.seq} holds a 6-digit number: ${text}`);
    }
  });

  it('when the newest records are deleted (trigger off) after a head was anchored, then the chain reports them missing, naming the first', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'audit-anchor-'));
    const anchor = join(directory, 'audit-head.jsonl');
    try {
      const first = await verifyWithAnchor(platform.database, platform.config.secretKey, anchor, platform.clock.now());
      assert.equal(first.ok, true, 'no anchor yet: the chain verifies and its head is recorded');
      const all = await rows();
      const cut = all.slice(-2);
      await withTriggerOff(() => db().deleteFrom('audit_events').where('seq', 'in', cut.map((row) => row.seq)).execute());
      try {
        const plain = await verify();
        assert.equal(plain.ok, true, 'without the anchor, a shorter chain still verifies: that is why the head is anchored');
        const report = await verifyWithAnchor(platform.database, platform.config.secretKey, anchor, platform.clock.now());
        assert.ok(!report.ok, 'a cut tail is noticed against the anchored head');
        assert.equal(report.reason, 'head_missing');
        assert.equal(report.count, all.length - 2);
        assert.equal(report.brokenSeq, all[all.length - 3]!.seq + 1);
        assert.match(describeReport(report), /CUT: .* the newest 2 are missing/);
        const byFlags = await verifyAuditChain(platform.database, platform.config.secretKey, { count: all.length, seq: 0, hash: cut[1]!.hash });
        assert.equal(byFlags.ok, false, '--expect-count/--expect-hash see it too');
        assert.equal((await readFile(anchor, 'utf8')).trim().split('\n').length, 1, 'a failed verification records no new head');
      } finally {
        for (const row of cut) await reinsert(row);
      }
      const restored = await verifyWithAnchor(platform.database, platform.config.secretKey, anchor, platform.clock.now());
      assert.equal(restored.ok, true, 'put back, the chain reaches the anchored head again');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('when the record at the anchored head is replaced by another valid record, then the chain reports the head rewritten', async () => {
    const before = await verify();
    assert.ok(before.ok && before.head);
    const forged = { ...before.head, hash: 'f'.repeat(64) };
    const report = await verifyAuditChain(platform.database, platform.config.secretKey, forged);
    assert.ok(!report.ok);
    assert.equal(report.reason, 'head_mismatch');
    assert.equal(report.brokenSeq, before.head.seq);
  });

  it('when the audit table is truncated, then the database refuses it and every record stays', async () => {
    const all = await rows();
    await assert.rejects(sql`truncate audit_events`.execute(db()), /append-only/);
    await assert.rejects(sql`truncate table audit_events restart identity cascade`.execute(db()), /append-only/);
    assert.equal((await rows()).length, all.length);
    assert.equal((await verify()).ok, true);
  });

  async function registrationCodes(mobile: string): Promise<string[]> {
    return (await platform.smsTo(mobile)).flatMap((message) => /\b\d{6}\b/.exec(message.text)?.[0] ?? []);
  }
});
