// What the sign-in and account-care pages say: an expired flow is named as a request (not as a
// registration) in both languages and for every flow; the password rules listed under every
// new-password field, and checked live by the page script, are those of the configured policy
// (absher or nist); the account pages' summary lists are styled; and the pages' enumeration
// behaviour matches the API's (an unknown name and a wrong password get the same page).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { translate } from '../../src/i18n/i18n.ts';
import { passwordPolicies } from '../../src/core/identity/password-policy.ts';
import { passwordRulesOf } from '../../src/http/shared/password-rules.tsx';
import {
  assertError,
  csrfTokenIn,
  pageClient,
  postLoginCode,
  registerOk,
  signInThroughPages,
  startSignInOk,
  latestLoginCode,
  uniqueAddress,
} from './support.ts';

/** The data-rule values of the live checklist and every listed rule's words, from a page. */
function listedRules(html: string): { policy: string | null; live: string[]; items: number } {
  const list = /<ul id="password-rules"[^>]*>([\s\S]*?)<\/ul>/.exec(html);
  assert.ok(list, 'the page lists the password rules');
  const policy = /data-policy="([^"]+)"/.exec(list[0])?.[1] ?? null;
  const live = [...list[1]!.matchAll(/data-rule="([^"]+)"/g)].map((match) => match[1]!);
  return { policy, live, items: (list[1]!.match(/<li/g) ?? []).length };
}

describe('sign-in and account-care pages', () => {
  describe('with the absher policy', () => {
    let platform: TestPlatform;
    before(async () => {
      platform = await startTestPlatform();
    });
    after(() => platform.close());

    it('when a sign-in code comes after the flow ran out (10 minutes), then 410 flow.expired whose words speak of a request, not a registration, in Arabic and English', async () => {
      const registered = await registerOk(platform);
      const loginId = await startSignInOk(platform, registered.body.username, registered.body.password, { ip: uniqueAddress() });
      const code = await latestLoginCode(platform, registered.mobile);
      platform.clock.advanceSeconds(10 * 60);
      for (const language of ['en', 'ar'] as const) {
        const expired = assertError(await postLoginCode(platform, loginId, code, { language }), 410, 'flow.expired');
        assert.equal(expired.message, translate(language, 'flow.expired'));
        assert.doesNotMatch(expired.message, /registration|التسجيل/);
      }
    });

    it('when the registration page is opened, then all 8 absher rules are listed and checked live, with the absher hint', async () => {
      const page = await platform.app.inject({ method: 'GET', url: '/register?lang=en' });
      const rules = listedRules(page.body);
      assert.equal(rules.policy, 'absher');
      assert.deepEqual(rules.live, passwordRulesOf(passwordPolicies.absher));
      assert.equal(rules.live.length, 8);
      assert.ok(page.body.includes(translate('en', 'field.password.hint')));
    });

    it('when a signed-in holder opens the password page, then the absher rules are listed, those checkable without the username live, plus "not one of the last 3"', async () => {
      const registered = await registerOk(platform);
      const { client } = await signInThroughPages(platform, { login: String(registered.body.username), password: String(registered.body.password), mobile: registered.mobile });
      const page = await client.get('/account/password?lang=en');
      assert.equal(page.statusCode, 200);
      const rules = listedRules(page.body);
      assert.equal(rules.policy, 'absher');
      assert.deepEqual(rules.live, ['length', 'characters', 'upper', 'lower', 'digit', 'no_repeat', 'no_sequence']);
      assert.equal(rules.items, 9, '8 policy rules and the history rule');
      assert.match(page.body, /data-live-rules/);
    });

    it('when a wrong password and an unknown name are posted to the sign-in page, then both pages are the same 401 with the same words', async () => {
      const registered = await registerOk(platform);
      const bodies: string[] = [];
      for (const login of [String(registered.body.username), `nobody${Date.now()}x1`]) {
        const client = pageClient(platform, undefined, uniqueAddress());
        const form = await client.get('/login?lang=en');
        const posted = await client.post('/login', { _csrf: csrfTokenIn(form.body), login, password: 'Wrong7pass' });
        assert.equal(posted.statusCode, 401);
        assert.ok(posted.body.includes(translate('en', 'login.invalid')));
        bodies.push(
          posted.body
            .replace(/name="_csrf" value="[^"]+"/g, '')
            .replace(/value="_csrf"[^>]*/g, '')
            .replace(new RegExp(login, 'g'), 'NAME'),
        );
      }
      assert.equal(bodies[0], bodies[1], 'the two pages differ only by the name typed and the CSRF token');
    });

    it('when the stylesheet is read, then the account pages\' summary lists, session cards and tags have rules', async () => {
      const css = await readFile(new URL('../../public/css/site.css', import.meta.url), 'utf8');
      for (const selector of ['.summary-list', '.summary-list dt', '.summary-list dd', '.session-list', '.card-title', '.tag', '.notices', '.account-links ul', '.account-links a']) {
        assert.ok(css.includes(`${selector} {`) || css.includes(`${selector},`) || css.includes(`${selector}\n`), `site.css styles ${selector}`);
      }
    });
  });

  describe('with the nist policy', () => {
    let platform: TestPlatform;
    before(async () => {
      platform = await startTestPlatform({ env: { PASSWORD_POLICY: 'nist' } });
    });
    after(() => platform.close());

    it('when the registration page is opened, then only the nist rules are listed (no composition rules) and the hint allows any characters', async () => {
      const page = await platform.app.inject({ method: 'GET', url: '/register?lang=en' });
      const rules = listedRules(page.body);
      assert.equal(rules.policy, 'nist');
      assert.deepEqual(rules.live, ['length', 'no_username']);
      for (const absherOnly of ['characters', 'upper', 'lower', 'digit', 'no_repeat', 'no_sequence']) {
        assert.ok(!page.body.includes(translate('en', `password.rule.${absherOnly}`)), `${absherOnly} is not listed`);
      }
      assert.ok(page.body.includes(translate('en', 'password.hint.any_characters')));
      assert.ok(!page.body.includes(translate('en', 'field.password.hint')));
    });

    it('when a signed-in holder opens the password page in Arabic, then the nist rules and the nist hint are shown', async () => {
      const registered = await registerOk(platform);
      const { client } = await signInThroughPages(platform, { login: String(registered.body.username), password: String(registered.body.password), mobile: registered.mobile });
      const page = await client.get('/account/password?lang=ar');
      const rules = listedRules(page.body);
      assert.equal(rules.policy, 'nist');
      assert.deepEqual(rules.live, ['length']);
      assert.equal(rules.items, 3, 'length, nothing from the username/ID/mobile, not one of the last 3');
      assert.ok(page.body.includes(translate('ar', 'password.hint.any_characters')));
    });
  });
});
