// The digital ID card: the page and API for an active holder (masked number, names, Hijri and
// Gregorian expiry, a QR code), refusal for a registered (not active) account, and verification of
// the signed token on the public page, in the API and with the offline CLI: valid, tampered,
// expired, wrong key, wrong issuer; the published keys hold no private part; one key is made once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { openTestDatabase, startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { DigitalIdService } from '../../src/core/digital-id/digital-id-service.ts';
import { DbDigitalIdKeyStore } from '../../src/adapters/digital-id/db-key-store.ts';
import { Secrets } from '../../src/core/secrets.ts';
import { translate } from '../../src/i18n/i18n.ts';
import { run as runVerifier } from '../../src/cli/verify-id.ts';
import { formatDate } from '../../src/http/shared/dates.ts';
import { riyadhStartOf } from '../../src/core/services/sectors/calendar.ts';
import { maskIdNumber } from '../../src/core/identity/national-id.ts';
import { csrfTokenIn } from './support.ts';
import { apiCall, holderFor, personWhere, type SectorHolder } from './services-passports-civil-support.ts';

let platform: TestPlatform;
let citizen: SectorHolder;

before(async () => {
  platform = await startTestPlatform();
  citizen = await holderFor(platform, await personWhere(platform, (person) => person.category === 'citizen' && person.mobile !== null));
});
after(() => platform.close());

async function freshToken(holder: SectorHolder): Promise<string> {
  const answer = await apiCall(platform, holder, 'GET', '/api/v1/me/digital-id');
  assert.equal(answer.status, 200, answer.body);
  return answer.json.token as string;
}

async function verifyApi(token: string) {
  return apiCall(platform, null, 'POST', '/api/v1/digital-id/verifications', { token });
}

/** The token with one character of its payload changed (still well formed). */
function tampered(token: string): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  claims.name_en = 'Someone Else';
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

describe('digital ID card', () => {
  it('when an active citizen opens /digital-id, then the card shows names, the masked number, Hijri and Gregorian expiry and a QR code', async () => {
    for (const language of ['ar', 'en'] as const) {
      const response = await citizen.page.get(`/digital-id?lang=${language}`);
      assert.equal(response.statusCode, 200);
      const html = response.body;
      assert.ok(html.includes(citizen.person.nameAr) && html.includes(citizen.person.nameEn));
      assert.ok(html.includes(maskIdNumber(citizen.person.idNumber)));
      assert.ok(!html.includes(citizen.person.idNumber), 'the full ID number is never on the page');
      const card = await platform.civilAffairs.idCardOf(citizen.person.idNumber);
      const { hijri, gregorian } = formatDate(riyadhStartOf(card!.expiresOn), language);
      assert.ok(html.includes(hijri) && html.includes(gregorian), `${language}: both calendars`);
      assert.match(html, /<img class="qr" src="data:image\/svg\+xml;base64,/);
      assert.ok(html.includes(translate(language, 'digital_id.photo_placeholder')));
    }
  });

  it('when the API gives a card, then its token verifies on the API, the page and the offline CLI', async () => {
    const answer = await apiCall(platform, citizen, 'GET', '/api/v1/me/digital-id');
    assert.equal(answer.status, 200);
    assert.equal(answer.json.card.idMasked, maskIdNumber(citizen.person.idNumber));
    assert.ok(!JSON.stringify(answer.json).includes(citizen.person.idNumber), 'no full ID anywhere in the answer or token');
    assert.equal(Date.parse(answer.json.expiresAt) - Date.parse(answer.json.issuedAt), 300_000);
    const token = answer.json.token as string;

    const verdict = await verifyApi(token);
    assert.deepEqual({ valid: verdict.json.valid, name: verdict.json.claims?.name_en }, { valid: true, name: citizen.person.nameEn });

    const page = await citizen.page.get(`/verify-id?lang=en&token=${token}`);
    assert.ok(page.body.includes(translate('en', 'digital_id.verify.valid')));
    assert.ok(page.body.includes(citizen.person.nameEn));

    const keys = await platform.app.inject({ method: 'GET', url: '/.well-known/absher-id-keys.json' });
    const directory = mkdtempSync(join(tmpdir(), 'absher-keys-'));
    const keysFile = join(directory, 'keys.json');
    writeFileSync(keysFile, keys.body);
    let printed = '';
    const code = await runVerifier([answer.json.verifyUrl as string, '--keys', keysFile, '--at', platform.clock.now().toISOString()], (text) => (printed += text));
    assert.equal(code, 0, printed);
    assert.match(printed, /^VALID digital ID/);
    printed = '';
    assert.equal(await runVerifier([tampered(token), '--keys', keysFile, '--at', platform.clock.now().toISOString()], (text) => (printed += text)), 1);
    assert.match(printed, /NOT VALID: bad_signature/);
  });

  it('when a pasted code is verified through the page form, then the verdict is shown; an empty paste is a localised error', async () => {
    const token = await freshToken(citizen);
    const form = await citizen.page.get('/verify-id?lang=ar');
    const csrf = csrfTokenIn(form.body);
    const valid = await citizen.page.post('/verify-id', { _csrf: csrf, token: `  ${token}\n` });
    assert.equal(valid.statusCode, 200);
    assert.ok(valid.body.includes(translate('ar', 'digital_id.verify.valid')));
    const empty = await citizen.page.post('/verify-id', { _csrf: csrfTokenIn(valid.body), token: '' });
    assert.equal(empty.statusCode, 422);
    assert.ok(empty.body.includes(translate('ar', 'digital_id.verify.required')));
    const noCsrf = await citizen.page.post('/verify-id', { token });
    assert.equal(noCsrf.statusCode, 403);
  });

  it('when a token is tampered with, then it is not valid (bad signature)', async () => {
    const verdict = await verifyApi(tampered(await freshToken(citizen)));
    assert.deepEqual(verdict.json, { valid: false, reason: 'bad_signature' });
    const page = await citizen.page.get(`/verify-id?lang=en&token=${tampered(await freshToken(citizen))}`);
    assert.ok(page.body.includes(translate('en', 'digital_id.verify.reason.bad_signature')));
  });

  it('when a token is older than its 5 minutes (and the 30 s tolerance), then it has expired', async () => {
    const token = await freshToken(citizen);
    platform.clock.advanceSeconds(300);
    assert.equal((await verifyApi(token)).json.valid, true, 'still valid at its expiry, within the tolerance');
    platform.clock.advanceSeconds(31);
    assert.deepEqual((await verifyApi(token)).json, { valid: false, reason: 'expired' });
  });

  it('when a token is signed with another key, then it is refused: same key id → bad signature, other key id → unknown key', async () => {
    const genuine = await freshToken(citizen);
    const header = JSON.parse(Buffer.from(genuine.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string; typ: string };
    const claims = JSON.parse(Buffer.from(genuine.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const forge = (kid: string) => new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid, typ: header.typ }).sign(privateKey);
    assert.deepEqual((await verifyApi(await forge(header.kid))).json, { valid: false, reason: 'bad_signature' });
    assert.deepEqual((await verifyApi(await forge('someone-elses-key'))).json, { valid: false, reason: 'unknown_key' });
  });

  it('when text that is no token is verified, then it is malformed; a body without a token is a 400', async () => {
    assert.deepEqual((await verifyApi('hello')).json, { valid: false, reason: 'malformed' });
    assert.deepEqual((await verifyApi('https://example.sa/verify-id?token=abc')).json, { valid: false, reason: 'malformed' });
    assert.equal((await apiCall(platform, null, 'POST', '/api/v1/digital-id/verifications', { token: 5 })).status, 400);
    const page = await platform.app.inject({ method: 'GET', url: '/verify-id?token=not-a-token' });
    assert.equal(page.statusCode, 200);
  });

  it('when the public keys are published, then there is one Ed25519 key with no private part, the same on every call', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => platform.app.inject({ method: 'GET', url: '/.well-known/absher-id-keys.json' })));
    const documents = answers.map((answer) => answer.json() as { issuer: string; keys: Array<Record<string, string>> });
    for (const document of documents) assert.deepEqual(document, documents[0]);
    const document = documents[0]!;
    assert.equal(document.issuer, platform.config.publicUrl);
    assert.equal(document.keys.length, 1);
    assert.deepEqual({ kty: document.keys[0]!.kty, crv: document.keys[0]!.crv, alg: document.keys[0]!.alg }, { kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    assert.ok(!('d' in document.keys[0]!));
    assert.match(answers[0]!.headers['cache-control'] as string, /max-age=300/);
  });

  it('when a token names another issuer, then the offline verifier refuses it; a keys file with a private key is refused', async () => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'other', alg: 'EdDSA' };
    const directory = mkdtempSync(join(tmpdir(), 'absher-keys-'));
    const keysFile = join(directory, 'keys.json');
    writeFileSync(keysFile, JSON.stringify({ issuer: platform.config.publicUrl, keys: [jwk] }));
    const claims = { id_masked: '1••••••672', id_kind: 'national_id', name_ar: 'سالم', name_en: 'Salem', nationality: 'SAU', birth_date: '1990-01-01', document_expiry: '2030-01-01' };
    const token = await new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid: 'other', typ: 'absher-id+jwt' }).setIssuer('https://evil.example').setIssuedAt().setExpirationTime('5m').setJti('x').sign(privateKey);
    let printed = '';
    assert.equal(await runVerifier([token, '--keys', keysFile], (text) => (printed += text)), 1);
    assert.match(printed, /wrong_issuer/);
    writeFileSync(keysFile, JSON.stringify({ issuer: platform.config.publicUrl, keys: [await exportJWK(privateKey)] }));
    assert.equal(await runVerifier([token, '--keys', keysFile], () => undefined), 2);
  });

  it('when a registered (not active) account asks for its digital ID, then the page and the API refuse it', async () => {
    const registered = await holderFor(platform, await personWhere(platform, (person) => person.category === 'resident' && person.mobile !== null), { activate: false });
    const answer = await apiCall(platform, registered, 'GET', '/api/v1/me/digital-id');
    assert.equal(answer.status, 403);
    assert.equal(answer.json.error.code, 'digital_id.not_active');
    const page = await registered.page.get('/digital-id?lang=en');
    assert.equal(page.statusCode, 403);
    assert.ok(page.body.includes(translate('en', 'page_error.digital_id.not_active')));
    assert.equal((await apiCall(platform, null, 'GET', '/api/v1/me/digital-id')).status, 401);
    assert.equal((await platform.app.inject({ method: 'GET', url: '/digital-id' })).statusCode, 303);
  });

  it('when two processes start on a fresh database at once, then they make and share one signing key', async () => {
    const database = await openTestDatabase();
    try {
      const make = () =>
        new DigitalIdService({
          keys: new DbDigitalIdKeyStore(database.db),
          accounts: platform.store.accounts,
          registry: platform.registry,
          passports: platform.passports,
          civilAffairs: platform.civilAffairs,
          secrets: new Secrets('a-test-secret-that-is-long-enough-1234567890'),
          clock: platform.clock,
          issuer: 'http://issuer.test',
        });
      const documents = await Promise.all(Array.from({ length: 6 }, () => make().publicKeys()));
      for (const document of documents) assert.deepEqual(document, documents[0]);
      assert.equal(documents[0]!.keys.length, 1);
    } finally {
      await database.drop();
    }
  });

  it('when a resident opens the card, then the document is the Iqama from the passports system', async () => {
    const resident = await holderFor(platform, await personWhere(platform, (person) => person.category === 'resident' && person.mobile !== null));
    const answer = await apiCall(platform, resident, 'GET', '/api/v1/me/digital-id');
    assert.equal(answer.status, 200);
    const iqama = await platform.passports.iqamaOf(resident.person.idNumber);
    assert.equal(answer.json.card.idKind, 'iqama');
    assert.equal(answer.json.card.documentExpiry, iqama!.expiresOn);
  });
});
