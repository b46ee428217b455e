// The e-services' pages without JavaScript, over HTTP: sign-in lands an active holder on the
// dashboard (welcome with their name, status, notices, the catalogue by sector and a search that is
// a plain GET) and a registered one on their account page; a service page, its form (CSRF, every
// error at once, a double submit being one request), the request page with its bill and the pay
// button, in Arabic and English.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { daysFromToday, holder, renewableLicence } from '../helpers/services.ts';
import { csrfTokenIn, registerOk, signInThroughPages } from './support.ts';

describe('e-services pages', () => {
  let platform: TestPlatform;

  before(async () => {
    platform = await startTestPlatform();
  });
  after(async () => {
    await platform.close();
  });

  it('when an active holder signs in, then they land on the dashboard that welcomes them by name, with the catalogue by sector', async () => {
    const who = await holder(platform);
    const { client, location } = await signInThroughPages(platform, { login: who.account.username, password: who.password, mobile: who.mobile });
    assert.equal(location, '/dashboard');
    const page = await client.get('/dashboard?lang=ar');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`مرحباً، ${who.person.nameAr}`));
    assert.match(page.body, /الأحوال المدنية/);
    assert.match(page.body, /الجوازات/);
    assert.match(page.body, /المرور/);
    assert.match(page.body, /الأمن العام/);
    assert.match(page.body, /href="\/services\/traffic.licence_renewal"/);
    assert.match(page.body, /dir="rtl"/);
    const english = await client.get('/dashboard?lang=en');
    assert.match(english.body, new RegExp(`Welcome, ${who.person.nameEn}`));
    assert.match(english.body, /Your account was activated through an activation office/);
  });

  it('when the holder’s mobile is taken by a new registration, then the dashboard tells them', async () => {
    const who = await holder(platform);
    const { client } = await signInThroughPages(platform, { login: who.account.username, password: who.password, mobile: who.mobile });
    await registerOk(platform, { mobile: `0${who.mobile.slice(4)}` });
    const page = await client.get('/dashboard?lang=en');
    assert.match(page.body, /was registered to another account and removed from yours/);
  });

  it('when the holder searches the catalogue (Arabic spelling variants included), then only matching services are listed', async () => {
    const who = await holder(platform);
    const { client } = await signInThroughPages(platform, { login: who.account.username, password: who.password, mobile: who.mobile });
    const found = await client.get(`/dashboard?lang=ar&q=${encodeURIComponent('رخصه القياده')}`);
    assert.match(found.body, /href="\/services\/traffic.licence_renewal"/);
    assert.doesNotMatch(found.body, /href="\/services\/traffic.violations"/);
    const english = await client.get('/dashboard?lang=en&q=violation');
    assert.match(english.body, /href="\/services\/traffic.violations"/);
    assert.doesNotMatch(english.body, /href="\/services\/traffic.licence_renewal"/);
    const none = await client.get('/dashboard?lang=en&q=zzzz');
    assert.match(none.body, /0 services match/);
  });

  it('when a registered holder signs in, then they keep their status page and services are refused with how to activate', async () => {
    const who = await holder(platform, { active: false });
    const { client, location } = await signInThroughPages(platform, { login: who.account.username, password: who.password, mobile: who.mobile });
    assert.equal(location, '/account');
    const dashboard = await client.get('/dashboard');
    assert.equal(dashboard.statusCode, 303);
    assert.equal(dashboard.headers.location, '/account');
    const service = await client.get('/services/traffic.licence_renewal?lang=en');
    assert.equal(service.statusCode, 403);
    assert.match(service.body, /Activate your account first/);
    assert.match(service.body, /href="\/account"/);
  });

  it('when a holder renews a licence through the pages, then the form, the request, the bill and the payment work without JavaScript', async () => {
    const who = await holder(platform);
    await renewableLicence(platform, who);
    const { client } = await signInThroughPages(platform, { login: who.account.username, password: who.password, mobile: who.mobile });
    const form = await client.get('/services/traffic.licence_renewal?lang=en');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<time class="dual-date"/);
    assert.match(form.body, /AH/);
    const token = /name="token" value="([^"]+)"/.exec(form.body)![1]!;

    const noCsrf = await client.post('/services/traffic.licence_renewal', { token, years: '1', deliver: 'on' });
    assert.equal(noCsrf.statusCode, 403);

    const wrong = await client.post('/services/traffic.licence_renewal', { _csrf: csrfTokenIn(form.body), token, years: '7' });
    assert.equal(wrong.statusCode, 422, wrong.body.slice(-1500));
    assert.match(wrong.body, /error-summary/);
    assert.match(wrong.body, /Choose one of the renewal periods offered/);
    assert.match(wrong.body, /Agree to have the licence delivered/);

    const posted = await client.post('/services/traffic.licence_renewal', { _csrf: csrfTokenIn(wrong.body), token, years: '1', deliver: 'on' });
    assert.equal(posted.statusCode, 303);
    const requestUrl = String(posted.headers.location);
    assert.match(requestUrl, /^\/services\/requests\/[0-9a-f-]{36}\?done=submitted$/);
    const again = await client.post('/services/traffic.licence_renewal', { _csrf: csrfTokenIn(wrong.body), token, years: '1', deliver: 'on' });
    assert.equal(again.headers.location, requestUrl, 'a double submit is the same request');

    const requestPage = await client.get(requestUrl);
    assert.match(requestPage.body, /Awaiting payment/);
    assert.match(requestPage.body, /SADAD bill/);
    assert.match(requestPage.body, /Pay SAR 40.00 now/);
    const paid = await client.post(`${requestUrl.split('?')[0]}/pay`, { _csrf: csrfTokenIn(requestPage.body) });
    assert.equal(paid.statusCode, 303);
    const shipped = await client.get(String(paid.headers.location));
    assert.match(shipped.body, /Sent by post/);
    assert.match(shipped.body, /RR\d{9}SA/);
    assert.doesNotMatch(shipped.body, /Pay SAR/);

    const payAgain = await client.post(`${requestUrl.split("?")[0]}/pay`, { _csrf: csrfTokenIn(requestPage.body) });
    assert.equal(payAgain.statusCode, 409);
    assert.match(payAgain.body, /already been paid/);

    const dashboard = await client.get('/dashboard?lang=en');
    assert.match(dashboard.body, /Renew a driving licence — request \d{12}: Sent by post/);
  });

  it('when a holder opens their vehicles, then each vehicle shows its plate and its registration expiry in both calendars', async () => {
    const who = await holder(platform);
    const vehicles = await platform.referenceTraffic!.vehiclesOf(who.person.idNumber);
    const { client } = await signInThroughPages(platform, { login: who.account.username, password: who.password, mobile: who.mobile });
    const page = await client.get('/services/traffic.vehicles?lang=en');
    assert.equal(page.statusCode, 200);
    if (vehicles.length === 0) assert.match(page.body, /No vehicles are registered in your name/);
    for (const vehicle of vehicles) {
      assert.ok(page.body.includes(vehicle.plateEn), 'the plate is shown');
      assert.match(page.body, new RegExp(`dateTime="${vehicle.registrationExpiresOn}"`, 'i'));
    }
  });

  it('when a holder opens the violations page, then each violation shows its dates in both calendars and links to pay or dispute', async () => {
    const who = await holder(platform);
    const [number] = await platform.referenceTraffic!.arrange(who.person.idNumber, { violations: [{ kind: 'red_light', occurredOn: daysFromToday(platform, -2) }] });
    const { client } = await signInThroughPages(platform, { login: who.account.username, password: who.password, mobile: who.mobile });
    const page = await client.get('/services/traffic.violations?lang=ar');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /قطع الإشارة الحمراء/);
    assert.match(page.body, /هـ/);
    assert.match(page.body, new RegExp(`href="/services/traffic.violation_payment\\?violations=${number}"`));
    assert.match(page.body, new RegExp(`href="/services/traffic.violation_dispute\\?violation=${number}"`));
    const pay = await client.get(`/services/traffic.violation_payment?violations=${number}&lang=ar`);
    assert.match(pay.body, new RegExp(`value="${number}" checked`));
  });
});
