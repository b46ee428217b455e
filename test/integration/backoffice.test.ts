// The back office: the role × action table (each role can do exactly its actions, enforced in the
// core and over HTTP), an audit event with the officer's id for every action, officer sign-in
// with password + TOTP (wrong and replayed codes refused, lockout after 5 failures, idle expiry),
// and what the actions do to holders (suspended accounts cannot sign in and lose their sessions,
// unlock reopens a locked sign-in, a form reference is single use and expires).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { uniqueMobile } from '../helpers/registration.ts';
import { AppError } from '../../src/core/errors.ts';
import { actions, permissions, roles, type Action, type Role } from '../../src/core/backoffice/roles.ts';
import { officerSessionRules } from '../../src/core/backoffice/officer-auth.ts';
import { displayReference } from '../../src/core/activation-form/reference.ts';
import { csrfTokenIn, pageClient, postLogin, uniqueAddress } from './support.ts';
import { codeNow, newOfficer, officerBrowser, officerEvents, registeredAccount, type TestOfficer } from './backoffice-support.ts';

let platform: TestPlatform;
const officers = {} as Record<Role, TestOfficer>;

before(async () => {
  platform = await startTestPlatform();
  for (const role of roles) officers[role] = await newOfficer(platform, role);
});
after(() => platform.close());

const inPerson = { identity_document: 'yes', face_matches_photo: 'yes' };
const byForm = { identity_document: 'yes', form_matches_holder: 'yes' };

/** Does `action` as `officer` on a fresh holder; returns the audit event type it must leave. */
async function perform(officer: TestOfficer, action: Action): Promise<{ accountId: string | null; event: string }> {
  const service = platform.backoffice.service;
  const { account } = await registeredAccount(platform);
  const who = officer.principal;
  switch (action) {
    case 'search':
      assert.equal((await service.search(who, account.idNumber))?.id, account.id);
      return { accountId: account.id, event: 'backoffice.searched' };
    case 'view_account':
      assert.equal((await service.view(who, account.id)).account.id, account.id);
      return { accountId: account.id, event: 'backoffice.viewed' };
    case 'activate_in_person':
      assert.equal((await service.activateInPerson(who, account.id, inPerson)).outcome, 'activated');
      assert.equal((await platform.store.accounts.findById(account.id))?.status, 'active');
      return { accountId: account.id, event: 'backoffice.activated_in_person' };
    case 'activate_by_form': {
      const form = await platform.backoffice.activationForms.formFor(account.id);
      assert.equal((await service.activateByForm(who, displayReference(form.reference).toLowerCase(), byForm)).outcome, 'activated');
      assert.equal((await platform.store.accounts.findById(account.id))?.status, 'active');
      return { accountId: account.id, event: 'backoffice.activated_by_form' };
    }
    case 'unlock':
      await service.unlock(who, account.id);
      return { accountId: account.id, event: 'backoffice.unlocked' };
    case 'reset_mobile': {
      const mobile = uniqueMobile();
      await service.resetMobile(who, account.id, mobile, inPerson);
      assert.equal((await platform.store.accounts.findById(account.id))?.mobile, `+966${mobile.slice(1)}`);
      return { accountId: account.id, event: 'backoffice.mobile_reset' };
    }
    case 'suspend':
      await service.suspend(who, account.id, 'reported stolen ID');
      assert.equal((await platform.store.accounts.findById(account.id))?.status, 'suspended');
      return { accountId: account.id, event: 'backoffice.suspended' };
    case 'reinstate':
      await service.suspend(officers.supervisor.principal, account.id, 'holder asked for a pause');
      await service.reinstate(who, account.id, 'holder came back with ID');
      assert.equal((await platform.store.accounts.findById(account.id))?.status, 'registered');
      return { accountId: account.id, event: 'backoffice.reinstated' };
    case 'manage_officers': {
      const created = await service.createOfficer(who, { username: `made${Date.now() % 100000}x${Math.floor(Math.random() * 1000)}`, displayName: 'Made By Test', role: 'officer' });
      assert.match(created.totpUri, /^otpauth:\/\/totp\//);
      return { accountId: null, event: 'backoffice.officer_created' };
    }
  }
}

describe('the role × action table', () => {
  it('when the table is read, then auditors only look, officers serve, supervisors also suspend and reinstate, admins manage officers', () => {
    const table = Object.fromEntries(roles.map((role) => [role, actions.filter((action) => permissions[role].includes(action))]));
    assert.deepEqual(table, {
      officer: ['search', 'view_account', 'activate_in_person', 'activate_by_form', 'unlock', 'reset_mobile'],
      supervisor: ['search', 'view_account', 'activate_in_person', 'activate_by_form', 'unlock', 'reset_mobile', 'suspend', 'reinstate'],
      auditor: ['search', 'view_account'],
      admin: ['search', 'view_account', 'manage_officers'],
    });
  });

  for (const role of roles) {
    for (const action of actions) {
      const allowed = permissions[role].includes(action);
      it(`when a${role === 'officer' || role === 'auditor' || role === 'admin' ? 'n' : ''} ${role} tries ${action}, then it is ${allowed ? 'done and audited with their id' : 'refused and nothing changes'}`, async () => {
        const officer = officers[role];
        if (allowed) {
          const done = await perform(officer, action);
          if (done.accountId) {
            assert.ok((await officerEvents(platform, done.accountId, officer)).includes(done.event), `${done.event} recorded`);
          } else {
            const recent = await platform.store.audit.read(0, 100_000);
            assert.ok(recent.some((event) => event.type === done.event && event.actor === `officer:${officer.officer.id}`), `${done.event} recorded`);
          }
          return;
        }
        const { account } = await registeredAccount(platform);
        const before = await platform.store.accounts.findById(account.id);
        const form = action === 'activate_by_form' ? await platform.backoffice.activationForms.formFor(account.id) : null;
        const attempt = async () => {
          const service = platform.backoffice.service;
          const who = officer.principal;
          switch (action) {
            case 'search': return service.search(who, account.idNumber);
            case 'view_account': return service.view(who, account.id);
            case 'activate_in_person': return service.activateInPerson(who, account.id, inPerson);
            case 'activate_by_form': return service.activateByForm(who, form!.reference, byForm);
            case 'unlock': return service.unlock(who, account.id);
            case 'reset_mobile': return service.resetMobile(who, account.id, uniqueMobile(), inPerson);
            case 'suspend': return service.suspend(who, account.id, 'no reason');
            case 'reinstate': return service.reinstate(who, account.id, 'no reason');
            case 'manage_officers': return service.createOfficer(who, { username: 'refusedofficer', displayName: 'Refused', role: 'admin' });
          }
        };
        await assert.rejects(attempt(), (error: unknown) => error instanceof AppError && error.code === 'backoffice.forbidden' && error.status === 403);
        assert.deepEqual(await platform.store.accounts.findById(account.id), before, 'the account is unchanged');
        assert.deepEqual(await officerEvents(platform, account.id, officer), [], 'nothing is recorded as done');
      });
    }
  }
});

describe('officer sign-in', () => {
  const signIn = (officer: TestOfficer, overrides: Record<string, unknown> = {}, ip = '10.200.0.1') =>
    platform.backoffice.auth.signIn({ username: officer.officer.username, password: officer.password, code: codeNow(platform, officer), ...overrides }, { ip, userAgent: 'test' });

  it('when the password and the current code are right, then a session starts and resolves to the officer', async () => {
    const officer = await newOfficer(platform, 'officer');
    const signed = await signIn(officer, { username: officer.officer.username.toUpperCase() });
    const resolved = await platform.backoffice.auth.resolve(signed.token);
    assert.equal(resolved?.officer.id, officer.officer.id);
    assert.equal(resolved?.officer.role, 'officer');
  });

  it('when the code is wrong, or used a second time, then sign-in is refused with the same answer', async () => {
    const officer = await newOfficer(platform, 'officer');
    const code = codeNow(platform, officer);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await assert.rejects(signIn(officer, { code: wrong }), { code: 'backoffice.sign_in_invalid' });
    await signIn(officer, { code });
    await assert.rejects(signIn(officer, { code }), { code: 'backoffice.sign_in_invalid' }, 'a replayed code is refused');
    // The previous step's code is within the drift window but older than the one used: refused too.
    const previous = (await import('../../src/core/backoffice/totp.ts')).totpCode(officer.totpSecret, new Date(platform.clock.now().getTime() - 30_000));
    await assert.rejects(signIn(officer, { code: previous }), { code: 'backoffice.sign_in_invalid' });
    platform.clock.advanceSeconds(30);
    await signIn(officer);
    const reasons = (await platform.store.audit.read(0, 100_000))
      .filter((event) => event.actor === `officer:${officer.officer.id}` && event.type === 'backoffice.sign_in_failed')
      .map((event) => event.data.reason);
    assert.deepEqual(reasons, ['code', 'replayed', 'replayed']);
  });

  it('when one code is sent twice at the same moment, then exactly one sign-in succeeds', async () => {
    const officer = await newOfficer(platform, 'officer');
    const code = codeNow(platform, officer);
    const results = await Promise.allSettled([signIn(officer, { code }, '10.200.1.1'), signIn(officer, { code }, '10.200.1.2')]);
    assert.deepEqual(results.map((result) => result.status).sort(), ['fulfilled', 'rejected']);
  });

  it('when the password is wrong or the name unknown, then the answer is the same and no code is consumed', async () => {
    const officer = await newOfficer(platform, 'officer');
    await assert.rejects(signIn(officer, { password: 'not-the-password' }), { code: 'backoffice.sign_in_invalid' });
    await assert.rejects(signIn(officer, { username: 'nobody.here' }), { code: 'backoffice.sign_in_invalid' });
    await signIn(officer);
  });

  it('when fields are missing, then each is named (Arabic digits in the code are read)', async () => {
    await assert.rejects(platform.backoffice.auth.signIn({}, { ip: '10.200.0.2', userAgent: 't' }), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.deepEqual(Object.keys(error.details.fields ?? {}).sort(), ['code', 'password', 'username']);
      return true;
    });
    const officer = await newOfficer(platform, 'auditor');
    const arabic = codeNow(platform, officer).replace(/\d/g, (digit) => String.fromCharCode(0x0660 + Number(digit)));
    await signIn(officer, { code: arabic });
  });

  it('when an officer fails 5 times, then the name is locked, even for the right password and code, until the lock ends', async () => {
    const officer = await newOfficer(platform, 'supervisor');
    for (let attempt = 0; attempt < 4; attempt += 1) await assert.rejects(signIn(officer, { password: 'wrong-password' }), { code: 'backoffice.sign_in_invalid' });
    await assert.rejects(signIn(officer, { password: 'wrong-password' }), { code: 'login.locked' });
    await assert.rejects(signIn(officer), (error: unknown) => error instanceof AppError && error.code === 'login.locked' && (error.details.retryAfterSeconds ?? 0) > 14 * 60);
    platform.clock.advanceMinutes(16);
    await signIn(officer);
    const types = (await platform.store.audit.read(0, 100_000)).filter((event) => event.actor === `officer:${officer.officer.id}`).map((event) => event.type);
    assert.ok(types.includes('backoffice.sign_in_locked'));
  });

  it('when a session is idle 15 minutes, or its officer is disabled, then it ends', async () => {
    const officer = await newOfficer(platform, 'officer');
    const idle = await signIn(officer);
    platform.clock.advanceSeconds(officerSessionRules.idleSeconds);
    assert.equal(await platform.backoffice.auth.resolve(idle.token), null);
    platform.clock.advanceSeconds(30);
    const live = await signIn(officer);
    assert.ok(await platform.backoffice.auth.resolve(live.token));
    await platform.backoffice.service.disableOfficer(officers.admin.principal, officer.officer.id);
    assert.equal(await platform.backoffice.auth.resolve(live.token), null);
    platform.clock.advanceSeconds(30);
    await assert.rejects(signIn(officer), { code: 'backoffice.sign_in_invalid' }, 'a disabled officer cannot sign in');
  });
});

describe('what the actions do', () => {
  it('when a holder is suspended, then their sessions end and they cannot sign in; reinstated, they can again', async () => {
    const holder = await registeredAccount(platform);
    const session = await platform.store.transaction((tx) => platform.sessions.start(tx, holder.account.id, { ip: '10.0.0.1', userAgent: 't', channel: 'web' }));
    assert.ok(await platform.sessions.resolve(session.token));
    await platform.backoffice.service.suspend(officers.supervisor.principal, holder.account.id, 'reported lost ID');
    const ended = await platform.store.sessions.find(session.session.id);
    assert.equal(ended?.endReason, 'suspended_by_officer');
    assert.equal(await platform.sessions.resolve(session.token), null);
    const refused = await postLogin(platform, holder.username, holder.password, { ip: uniqueAddress() });
    assert.equal(refused.status, 403);
    assert.equal(refused.json.error.code, 'account.suspended');
    await platform.backoffice.service.reinstate(officers.supervisor.principal, holder.account.id, 'holder returned with ID');
    const accepted = await postLogin(platform, holder.username, holder.password, { ip: uniqueAddress() });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.json));
  });

  it('when an active holder is suspended and reinstated, then they are active again', async () => {
    const holder = await registeredAccount(platform);
    await platform.backoffice.service.activateInPerson(officers.officer.principal, holder.account.id, inPerson);
    await platform.backoffice.service.suspend(officers.supervisor.principal, holder.account.id, 'fraud check');
    await assert.rejects(platform.backoffice.service.activateInPerson(officers.officer.principal, holder.account.id, inPerson), { code: 'backoffice.activation_refused' });
    const back = await platform.backoffice.service.reinstate(officers.supervisor.principal, holder.account.id, 'fraud check done');
    assert.equal(back.status, 'active');
  });

  it('when a holder locked out by wrong passwords is unlocked, then they can sign in at once', async () => {
    const holder = await registeredAccount(platform);
    const ip = uniqueAddress();
    for (let attempt = 0; attempt < 5; attempt += 1) await postLogin(platform, holder.username, 'Wrong1pass', { ip: uniqueAddress(), captcha: true });
    const locked = await postLogin(platform, holder.username, holder.password, { ip, captcha: true });
    assert.equal(locked.status, 423);
    const result = await platform.backoffice.service.unlock(officers.officer.principal, holder.account.id);
    assert.equal(result.wasLocked, true);
    const open = await postLogin(platform, holder.username, holder.password, { ip, captcha: true });
    assert.equal(open.status, 200, JSON.stringify(open.json));
  });

  it('when checks are not ticked, then nothing is activated and each missing check is named', async () => {
    const holder = await registeredAccount(platform);
    await assert.rejects(platform.backoffice.service.activateInPerson(officers.officer.principal, holder.account.id, { identity_document: 'yes' }), (error: unknown) => {
      assert.ok(error instanceof AppError && error.code === 'validation.failed');
      assert.deepEqual(Object.keys(error.details.fields ?? {}), ['check_face_matches_photo']);
      return true;
    });
    assert.equal((await platform.store.accounts.findById(holder.account.id))?.status, 'registered');
  });

  it('when a form reference is used, then it cannot be used again; an expired one is refused; a new one is issued after', async () => {
    const service = platform.backoffice.service;
    const first = await registeredAccount(platform);
    const form = await platform.backoffice.activationForms.formFor(first.account.id);
    assert.equal((await platform.backoffice.activationForms.formFor(first.account.id)).reference, form.reference, 'asking again gives the same reference');
    await service.activateByForm(officers.officer.principal, form.reference, byForm);
    await assert.rejects(service.activateByForm(officers.officer.principal, form.reference, byForm), (error: unknown) => error instanceof AppError && error.details.fields?.reference?.[0]?.code === 'backoffice.form_used');

    const second = await registeredAccount(platform);
    const old = await platform.backoffice.activationForms.formFor(second.account.id);
    platform.clock.advanceMinutes(31 * 24 * 60);
    await assert.rejects(service.activateByForm(officers.officer.principal, old.reference, byForm), (error: unknown) => error instanceof AppError && error.details.fields?.reference?.[0]?.code === 'backoffice.form_expired');
    assert.equal((await platform.store.accounts.findById(second.account.id))?.status, 'registered');
    const renewed = await platform.backoffice.activationForms.formFor(second.account.id);
    assert.notEqual(renewed.reference, old.reference);
    await assert.rejects(service.activateByForm(officers.officer.principal, 'not-a-ref', byForm), (error: unknown) => error instanceof AppError && error.details.fields?.reference?.[0]?.code === 'backoffice.reference_format');
    await assert.rejects(service.activateByForm(officers.officer.principal, 'ABCDE-23456', byForm), (error: unknown) => error instanceof AppError && error.details.fields?.reference?.[0]?.code === 'backoffice.form_not_found');
  });

  it('when two officers use one form at once, then the account is activated once and one of them is told it was used', async () => {
    const holder = await registeredAccount(platform);
    const form = await platform.backoffice.activationForms.formFor(holder.account.id);
    const results = await Promise.allSettled([
      platform.backoffice.service.activateByForm(officers.officer.principal, form.reference, byForm),
      platform.backoffice.service.activateByForm(officers.supervisor.principal, form.reference, byForm),
    ]);
    assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1, JSON.stringify(results.map((r) => r.status)));
    const events = await platform.store.audit.listForAccount(holder.account.id, 100);
    assert.equal(events.filter((event) => event.type === 'activation.completed').length, 1);
    assert.equal(events.filter((event) => event.type === 'backoffice.activated_by_form').length, 1);
  });

  it('when the mobile is reset, then the holder sessions end and both numbers are told', async () => {
    const holder = await registeredAccount(platform);
    const session = await platform.store.transaction((tx) => platform.sessions.start(tx, holder.account.id, { ip: '10.0.0.1', userAgent: 't', channel: 'web' }));
    const mobile = uniqueMobile();
    const e164 = `+966${mobile.slice(1)}`;
    await platform.backoffice.service.resetMobile(officers.officer.principal, holder.account.id, mobile.replace(/\d/g, (digit) => String.fromCharCode(0x0660 + Number(digit))), inPerson);
    assert.equal(await platform.sessions.resolve(session.token), null);
    assert.ok((await platform.smsTo(holder.mobile)).some((message) => message.purpose === 'backoffice_mobile_reset'));
    assert.ok((await platform.smsTo(e164)).some((message) => message.purpose === 'backoffice_mobile_reset'));
    await assert.rejects(platform.backoffice.service.resetMobile(officers.officer.principal, holder.account.id, mobile, inPerson), (error: unknown) => error instanceof AppError && error.details.fields?.mobile?.[0]?.code === 'backoffice.mobile_same');
  });
});

describe('the admin command line', () => {
  it('when an administrator exists, then create-admin refuses unless told --another, and the new admin can sign in', async () => {
    const { createAdmin, parseArguments } = await import('../../src/cli/backoffice-admin.ts');
    assert.deepEqual(parseArguments(['create-admin', 'first.admin', 'Noura', 'Alqahtani']), { kind: 'create-admin', username: 'first.admin', displayName: 'Noura Alqahtani', another: false });
    assert.deepEqual(parseArguments(['code']), { kind: 'help' });
    await assert.rejects(createAdmin(platform.database, platform.config.secretKey, { username: 'second.admin', displayName: 'Second Admin', another: false }), /an administrator exists already/);
    const created = await createAdmin(platform.database, platform.config.secretKey, { username: 'second.admin', displayName: 'Second Admin', another: true });
    assert.equal(created.officer.role, 'admin');
    assert.match(created.totpUri, /^otpauth:\/\/totp\/Absher%20back%20office:second\.admin\?/);
    const signed = await platform.backoffice.auth.signIn(
      { username: 'second.admin', password: created.password, code: (await import('../../src/core/backoffice/totp.ts')).totpCode(created.totpSecret, platform.clock.now()) },
      { ip: '10.200.0.10', userAgent: 't' },
    );
    assert.equal(signed.officer.role, 'admin');
  });

  it('when an officer is stored, then the database holds the TOTP secret sealed, never as it is', async () => {
    const { createAdmin } = await import('../../src/cli/backoffice-admin.ts');
    const created = await createAdmin(platform.database, platform.config.secretKey, { username: 'sealed.admin', displayName: 'Sealed Admin', another: true });
    const { rows } = await sql<{ totp_secret: string }>`select totp_secret from backoffice_officers where username = 'sealed.admin'`.execute(platform.database.db);
    const stored = rows[0]!.totp_secret;
    assert.ok(!stored.includes(created.totpSecret), 'the secret is not in the row');
    assert.match(stored, /^v1\./);
    const signed = await platform.backoffice.auth.signIn(
      { username: 'sealed.admin', password: created.password, code: (await import('../../src/core/backoffice/totp.ts')).totpCode(created.totpSecret, platform.clock.now()) },
      { ip: '10.200.0.11', userAgent: 't' },
    );
    assert.equal(signed.officer.username, 'sealed.admin', 'the sealed secret still opens for the sign-in');
  });
});

describe('the back office over HTTP', () => {
  it('when nobody is signed in, then every page sends to the sign-in page', async () => {
    const anonymous = pageClient(platform);
    for (const path of ['/backoffice/search', '/backoffice/forms', '/backoffice/officers', '/backoffice/accounts/00000000-0000-4000-8000-000000000000']) {
      const response = await anonymous.get(path);
      assert.equal(response.statusCode, 303, path);
      assert.match(String(response.headers.location), /^\/backoffice\/login\?next=/);
    }
  });

  it('when the QR code of a printed form is opened before signing in, then the officer lands on that form after signing in', async () => {
    platform.clock.advanceSeconds(30);
    const holder = await registeredAccount(platform);
    const form = await platform.backoffice.activationForms.formFor(holder.account.id);
    const target = `/backoffice/forms?reference=${displayReference(form.reference)}`;
    const browser = pageClient(platform);
    const sent = await browser.get(target);
    assert.equal(sent.statusCode, 303);
    const login = await browser.get(String(sent.headers.location));
    const officer = officers.officer;
    const signed = await browser.post(String(sent.headers.location), {
      _csrf: csrfTokenIn(login.body),
      username: officer.officer.username,
      password: officer.password,
      code: codeNow(platform, officer),
    });
    assert.equal(signed.statusCode, 303);
    assert.equal(signed.headers.location, target);
    const page = await browser.get(target);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(holder.username), 'the form holder is shown for the checks');
  });

  it('when an officer signs in and searches with Arabic digits, then the account page shows the masked ID and the actions of the role', async () => {
    platform.clock.advanceSeconds(30);
    const holder = await registeredAccount(platform);
    const office = await officerBrowser(platform, officers.officer);
    const arabicId = holder.account.idNumber.replace(/\d/g, (digit) => String.fromCharCode(0x0660 + Number(digit)));
    const search = await office.get('/backoffice/search');
    const found = await office.post('/backoffice/search', { _csrf: csrfTokenIn(search.body), idNumber: arabicId });
    assert.equal(found.statusCode, 303);
    const page = await office.get(String(found.headers.location));
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(`${holder.account.idNumber.slice(0, 1)}••••••${holder.account.idNumber.slice(-3)}`));
    assert.ok(!page.body.includes(holder.account.idNumber), 'the full ID is never shown');
    assert.match(page.body, /\/activate"/);
    assert.doesNotMatch(page.body, /\/suspend"/, 'an officer is not offered suspension');
    assert.equal(page.headers['cache-control'], 'no-store');

    const activated = await office.post(`/backoffice/accounts/${holder.account.id}/activate`, { _csrf: csrfTokenIn(page.body), check_identity_document: 'yes', check_face_matches_photo: 'yes' });
    assert.equal(activated.statusCode, 303);
    assert.match(String(activated.headers.location), /\?done=activated$/);
    assert.equal((await platform.store.accounts.findById(holder.account.id))?.status, 'active');
  });

  it('when an auditor posts an action the role does not allow, then the answer is 403 and nothing changes', async () => {
    platform.clock.advanceSeconds(30);
    const holder = await registeredAccount(platform);
    const office = await officerBrowser(platform, officers.auditor);
    const page = await office.get(`/backoffice/accounts/${holder.account.id}`);
    assert.doesNotMatch(page.body, /<form method="post" action="\/backoffice\/accounts/, 'an auditor sees no action forms');
    const refused = await office.post(`/backoffice/accounts/${holder.account.id}/suspend`, { _csrf: csrfTokenIn(page.body), reason: 'just because' });
    assert.equal(refused.statusCode, 403);
    assert.equal((await platform.store.accounts.findById(holder.account.id))?.status, 'registered');
  });

  it('when a form is posted without its CSRF token, then it is refused', async () => {
    platform.clock.advanceSeconds(30);
    const holder = await registeredAccount(platform);
    const office = await officerBrowser(platform, officers.supervisor);
    const refused = await office.post(`/backoffice/accounts/${holder.account.id}/suspend`, { reason: 'no token' });
    assert.equal(refused.statusCode, 403);
    assert.equal((await platform.store.accounts.findById(holder.account.id))?.status, 'registered');
  });

  it('when an admin adds an officer, then the enrolment page shows the password, the TOTP secret and a QR code once, and the new officer can sign in', async () => {
    platform.clock.advanceSeconds(30);
    const office = await officerBrowser(platform, officers.admin);
    const list = await office.get('/backoffice/officers?lang=en');
    assert.equal(list.statusCode, 200);
    const username = `enrolled${process.pid % 1000}`;
    const created = await office.post('/backoffice/officers', { _csrf: csrfTokenIn(list.body), username, displayName: 'Enrolled Officer', role: 'officer' });
    assert.equal(created.statusCode, 201, created.body.slice(0, 400));
    const password = /data-secret="password">([^<]+)</.exec(created.body)?.[1];
    const secret = /data-secret="totp">([^<]+)</.exec(created.body)?.[1];
    assert.ok(password && secret);
    assert.match(created.body, /src="data:image\/png;base64,/);
    assert.match(created.body, /otpauth:\/\/totp\//);
    const officer = await platform.backoffice.auth.signIn(
      { username, password, code: (await import('../../src/core/backoffice/totp.ts')).totpCode(secret, platform.clock.now()) },
      { ip: '10.200.0.9', userAgent: 't' },
    );
    assert.equal(officer.officer.role, 'officer');
  });

  it('when the sign-in page is asked in English, then it is English left-to-right; by default Arabic right-to-left', async () => {
    const anonymous = pageClient(platform);
    const arabic = await anonymous.get('/backoffice/login');
    assert.match(arabic.body, /<html lang="ar" dir="rtl"/);
    const english = await anonymous.get('/backoffice/login?lang=en');
    assert.match(english.body, /<html lang="en" dir="ltr"/);
    assert.match(english.body, /Officer sign-in/);
  });
});
