// The national ID renewal's photo intake: the upload page (multipart, CSRF) and the JSON API check
// the photo (type by its bytes, size, dimensions, portrait) and keep only a good one; a registered
// (not active) account is refused. (The renewal request itself: services-civil-requests.test.ts.)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { translate } from '../../src/i18n/i18n.ts';
import { csrfTokenIn } from './support.ts';
import { apiCall, holderFor, multipartBody, personWhere, pngImage, type SectorHolder } from './services-passports-civil-support.ts';

let platform: TestPlatform;
let citizen: SectorHolder;
const photoPath = '/services/civil.national_id_renewal/photo';

before(async () => {
  platform = await startTestPlatform();
  citizen = await holderFor(platform, await personWhere(platform, (person) => person.category === 'citizen' && person.mobile !== null));
});
after(() => platform.close());

async function uploadPage(holder: SectorHolder, file: { filename: string; type: string; bytes: Buffer }, withCsrf = true) {
  const form = await holder.page.get(`${photoPath}?lang=en`);
  assert.equal(form.statusCode, 200);
  const { payload, contentType } = multipartBody(withCsrf ? { _csrf: csrfTokenIn(form.body) } : {}, { name: 'photo', ...file });
  return platform.app.inject({ method: 'POST', url: photoPath, payload, headers: { ...holder.page.jar.header(), 'content-type': contentType } });
}

describe('national ID renewal photo', () => {
  it('when a good PNG is uploaded on the page, then it is kept and the renewal form opens with it chosen', async () => {
    const response = await uploadPage(citizen, { filename: 'me.png', type: 'image/png', bytes: pngImage(240, 320) });
    assert.equal(response.statusCode, 303, response.body);
    const photoId = /photo=([0-9a-f-]{36})/.exec(response.headers.location as string)?.[1];
    assert.ok(photoId);
    const stored = await platform.civilAffairs.photo(photoId);
    assert.equal(stored?.ownerId, citizen.person.idNumber);
    assert.equal(stored?.contentType, 'image/png');
    assert.deepEqual((await platform.civilAffairs.photosOf(citizen.person.idNumber, 5)).map((photo) => photo.id), [photoId]);
  });

  it('when a text file named .jpg, a small picture or a landscape one is uploaded, then the page says why and nothing is kept', async () => {
    const before = (await platform.civilAffairs.photosOf(citizen.person.idNumber, 50)).length;
    const cases = [
      { bytes: Buffer.from('not a picture at all'), type: 'image/jpeg', expected: 'civil.photo.type' },
      { bytes: pngImage(100, 120), type: 'image/png', expected: 'civil.photo.too_small' },
      { bytes: pngImage(400, 300), type: 'image/png', expected: 'civil.photo.not_portrait' },
    ];
    for (const each of cases) {
      const response = await uploadPage(citizen, { filename: 'me.jpg', type: each.type, bytes: each.bytes });
      assert.equal(response.statusCode, 422);
      assert.ok(response.body.includes(translate('en', each.expected, { width: 200, height: 250 })), each.expected);
      assert.match(response.body, /aria-invalid="true"/);
    }
    assert.equal((await platform.civilAffairs.photosOf(citizen.person.idNumber, 50)).length, before);
  });

  it('when a file over 2 MB is uploaded, then it is refused as too large', async () => {
    const big = Buffer.concat([pngImage(240, 320), Buffer.alloc(2 * 1024 * 1024)]);
    const response = await uploadPage(citizen, { filename: 'big.png', type: 'image/png', bytes: big });
    assert.equal(response.statusCode, 422);
    assert.ok(response.body.includes(translate('en', 'civil.photo.too_large', { max: '2 MB' })));
  });

  it('when the form comes without its CSRF token, then it is refused', async () => {
    const response = await uploadPage(citizen, { filename: 'me.png', type: 'image/png', bytes: pngImage(240, 320) }, false);
    assert.equal(response.statusCode, 403);
  });

  it('when the app sends the photo as base64 twice with one idempotency key, then one photo is kept', async () => {
    const data = pngImage(300, 400).toString('base64');
    const send = () =>
      platform.app.inject({
        method: 'POST',
        url: '/api/v1/me/id-photos',
        headers: { authorization: `Bearer ${citizen.token}`, 'idempotency-key': 'photo-key-0001' },
        payload: { data },
      });
    const first = await send();
    const second = await send();
    assert.equal(first.statusCode, 201, first.body);
    assert.deepEqual(second.json(), first.json());
    assert.deepEqual({ ...(first.json() as Record<string, unknown>), photoId: undefined }, { photoId: undefined, contentType: 'image/png', width: 300, height: 400 });
    const bad = await apiCall(platform, citizen, 'POST', '/api/v1/me/id-photos', { data: '###' });
    assert.deepEqual(bad.json.error.fields.photo.map((field: { code: string }) => field.code), ['civil.photo.type']);
  });

  it('when a registered (not active) account uploads, then it is refused', async () => {
    const registered = await holderFor(platform, await personWhere(platform, (person) => person.category === 'citizen' && person.mobile !== null), { activate: false });
    const answer = await apiCall(platform, registered, 'POST', '/api/v1/me/id-photos', { data: pngImage(300, 400).toString('base64') });
    assert.equal(answer.status, 403);
    assert.equal(answer.json.error.code, 'eservices.account_not_active');
  });
});
