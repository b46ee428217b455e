// The national ID renewal through the request engine and the JSON API: the window (180 days), a
// cancelled card, a holder without a national ID, the photo rule (the holder's own uploaded photo),
// the late-renewal fine on an expired card (SADAD bill → paid), renewal → approved → posted, a
// retry with the same Idempotency-Key, and the page showing the form in Arabic and English.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { translate } from '../../src/i18n/i18n.ts';
import { addDays, addYears, today } from '../../src/core/services/sectors/calendar.ts';
import { apiCall, eligibilityCodes, fieldCodes, holderFor, personWhere, pngImage, submitRequest, type SectorHolder } from './services-passports-civil-support.ts';

let platform: TestPlatform;
let day: string;
const service = 'civil.national_id_renewal';

before(async () => {
  platform = await startTestPlatform();
  day = today(platform.clock.now());
});
after(() => platform.close());

async function citizen(expiresIn: number): Promise<SectorHolder> {
  const person = await personWhere(platform, (candidate) => candidate.category === 'citizen' && candidate.documentStatus !== 'cancelled' && candidate.mobile !== null);
  await platform.referenceCivilAffairs!.setIdCard(person.idNumber, { expiresOn: addDays(day, expiresIn), status: expiresIn < 0 ? 'expired' : 'valid' });
  return holderFor(platform, person);
}

async function uploadPhoto(holder: SectorHolder): Promise<string> {
  const answer = await apiCall(platform, holder, 'POST', '/api/v1/me/id-photos', { data: pngImage(240, 320).toString('base64') });
  assert.equal(answer.status, 201, answer.body);
  return answer.json.photoId as string;
}

describe('national ID renewal', () => {
  it('when the card expires in 60 days and a photo is on file, then it is renewed for free, 10 years on, and posted', async () => {
    const holder = await citizen(60);
    const photo = await uploadPhoto(holder);
    const page = await apiCall(platform, holder, 'GET', `/api/v1/services/${service}`);
    assert.equal(page.json.eligible, true, JSON.stringify(page.json.ineligible));
    assert.deepEqual(page.json.fields[0].options.map((option: { value: string }) => option.value), [photo]);
    const submitted = await submitRequest(platform, holder, service, { photo });
    assert.equal(submitted.status, 201, JSON.stringify(submitted.json));
    assert.equal(submitted.json.feeHalalas, 0);
    assert.equal(submitted.json.status, 'shipped');
    assert.equal(submitted.json.result.expiresOn, addYears(addDays(day, 60), 10));
    const card = await platform.civilAffairs.idCardOf(holder.person.idNumber);
    assert.deepEqual({ expiresOn: card?.expiresOn, photoId: card?.photoId, status: card?.status }, { expiresOn: addYears(addDays(day, 60), 10), photoId: photo, status: 'valid' });
    assert.deepEqual(submitted.json.history.map((change: { to: string }) => change.to), ['submitted', 'approved', 'shipped']);
    const replay = await submitRequest(platform, holder, service, { photo }, submitted.key);
    assert.equal(replay.status, 200);
    assert.equal(replay.json.id, submitted.json.id);
    assert.equal((await platform.civilAffairs.idCardOf(holder.person.idNumber))?.version, card?.version, 'renewed once');
    // The digital ID now shows the photo on the card.
    const digital = await apiCall(platform, holder, 'GET', '/api/v1/me/digital-id');
    assert.equal(digital.json.card.photoId, photo);
    const image = await holder.page.get('/digital-id/photo');
    assert.equal(image.headers['content-type'], 'image/png');
  });

  it('when the card has expired, then the 100 SAR late fine is billed and the card is renewed from today once paid', async () => {
    const holder = await citizen(-10);
    const submitted = await submitRequest(platform, holder, service, { photo: await uploadPhoto(holder) });
    assert.equal(submitted.json.status, 'awaiting_payment');
    assert.equal(submitted.json.feeHalalas, 10_000);
    const paid = await apiCall(platform, holder, 'POST', `/api/v1/service-requests/${submitted.json.id}/payment`);
    assert.equal(paid.json.status, 'shipped', JSON.stringify(paid.json));
    assert.equal((await platform.civilAffairs.idCardOf(holder.person.idNumber))?.expiresOn, addYears(day, 10));
  });

  it('when the card expires in exactly 180 days it may be renewed; in 181, it is too early', async () => {
    const ok = await citizen(180);
    assert.equal((await apiCall(platform, ok, 'GET', `/api/v1/services/${service}`)).json.eligible, true);
    const early = await citizen(181);
    const page = await apiCall(platform, early, 'GET', `/api/v1/services/${service}`, undefined, 'ar');
    assert.deepEqual(eligibilityCodes(page.json), [`${service}.too_early`]);
    assert.equal(page.json.ineligible[0].message, translate('ar', `${service}.too_early`, { window: 180, days: 1 }));
  });

  it('when the card is cancelled or the holder is a resident, then it is refused with the reason', async () => {
    const cancelled = await citizen(30);
    await platform.referenceCivilAffairs!.setIdCard(cancelled.person.idNumber, { status: 'cancelled' });
    assert.deepEqual(eligibilityCodes((await apiCall(platform, cancelled, 'GET', `/api/v1/services/${service}`)).json), [`${service}.card_cancelled`]);
    const resident = await holderFor(platform, await personWhere(platform, (person) => person.category === 'resident' && person.mobile !== null));
    assert.ok(eligibilityCodes((await apiCall(platform, resident, 'GET', `/api/v1/services/${service}`)).json).includes(`${service}.not_citizen`));
  });

  it('when no photo is chosen, or someone else’s, then it is refused', async () => {
    const holder = await citizen(20);
    assert.deepEqual(fieldCodes((await submitRequest(platform, holder, service, {})).json), { photo: [`${service}.photo_required`] });
    const other = await citizen(20);
    const theirs = await uploadPhoto(other);
    assert.deepEqual(eligibilityCodes((await submitRequest(platform, holder, service, { photo: theirs })).json), [`${service}.photo_missing`]);
  });

  it('when the service page is opened in Arabic and English, then the form lists the uploaded photo with its date in both calendars', async () => {
    const holder = await citizen(90);
    const photo = await uploadPhoto(holder);
    for (const language of ['ar', 'en'] as const) {
      const page = await holder.page.get(`/services/${service}?lang=${language}&photo=${photo}`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(translate(language, `${service}.title`)));
      assert.match(page.body, new RegExp(`value="${photo}"[^>]*checked|checked[^>]*value="${photo}"`));
    }
  });

  it('when a registered (not active) account asks, then it is refused', async () => {
    const person = await personWhere(platform, (candidate) => candidate.category === 'citizen' && candidate.mobile !== null);
    const registered = await holderFor(platform, person, { activate: false });
    const answer = await submitRequest(platform, registered, service, { photo: crypto.randomUUID() });
    assert.equal(answer.status, 403);
    assert.equal(answer.json.error.code, 'eservices.account_not_active');
  });
});
