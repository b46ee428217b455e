// The traffic e-services end to end over the JSON API, on the real composition root: driving-licence
// renewal (fee, SADAD bill, paid notice, renewal, delivery by post), paying violations, disputing
// them; idempotent submission, paying twice, a paid notice arriving twice, a registered account
// refused, an outside system down, and the SMS sent on every status change.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { daysFromToday, holder, renewableLicence, type Holder } from '../helpers/services.ts';

const DAY = 86_400_000;

describe('traffic e-services', () => {
  let platform: TestPlatform;

  before(async () => {
    platform = await startTestPlatform();
  });
  after(async () => {
    await platform.close();
  });

  const submit = (who: Holder, service: string, body: unknown, key = crypto.randomUUID()) =>
    who.api('POST', `/api/v1/services/${service}/requests`, body, { 'idempotency-key': key });
  const eligibilityCodes = (json: any): string[] => (json.error?.fields?.eligibility ?? []).map((each: { code: string }) => each.code);
  const serviceSms = async (who: Holder) => (await platform.smsTo(who.mobile)).filter((message) => message.purpose === 'eservices.request');

  describe('driving-licence renewal', () => {
    it('when an eligible holder renews for 2 years and pays, then the licence is renewed and shipped, and each step is told by SMS', async () => {
      const who = await holder(platform);
      await renewableLicence(platform, who);
      const before = await platform.referenceTraffic!.licenceOf(who.person.idNumber);

      const submitted = await submit(who, 'traffic.licence_renewal', { years: '2', deliver: true });
      assert.equal(submitted.status, 201, JSON.stringify(submitted.json));
      assert.equal(submitted.json.status, 'awaiting_payment');
      assert.equal(submitted.json.feeHalalas, 8_000);
      assert.equal(submitted.json.bill.amountHalalas, 8_000);
      assert.equal(submitted.json.bill.status, 'unpaid');
      assert.match(submitted.json.bill.number, /^090\d{10}$/);

      const paid = await who.api('POST', `/api/v1/service-requests/${submitted.json.id}/payment`);
      assert.equal(paid.status, 200, JSON.stringify(paid.json));
      assert.equal(paid.json.status, 'shipped');
      assert.equal(paid.json.bill.status, 'paid');
      assert.match(paid.json.shipment.trackingNumber, /^RR\d{9}SA$/);
      assert.deepEqual(
        paid.json.history.map((change: { to: string }) => change.to),
        ['submitted', 'awaiting_payment', 'paid', 'approved', 'shipped'],
      );

      const after = await platform.referenceTraffic!.licenceOf(who.person.idNumber);
      assert.equal(after!.expiresOn, `${Number(before!.expiresOn.slice(0, 4)) + 2}${before!.expiresOn.slice(4)}`);
      assert.equal(after!.version, before!.version + 1);

      platform.clock.advance(3 * DAY + 1000);
      await who.signIn();
      const delivered = await who.api('GET', `/api/v1/service-requests/${submitted.json.id}`);
      assert.equal(delivered.json.status, 'delivered');
      assert.equal(delivered.json.shipment.status, 'delivered');
      assert.deepEqual(
        (await serviceSms(who)).map((message) => message.text.includes(submitted.json.reference)),
        [true, true, true, true, true, true],
      );
    });

    it('when the same idempotency key is sent again, then the same request answers (200), and with other details it is refused', async () => {
      const who = await holder(platform);
      await renewableLicence(platform, who);
      const key = crypto.randomUUID();
      const first = await submit(who, 'traffic.licence_renewal', { years: '1', deliver: true }, key);
      assert.equal(first.status, 201);
      const again = await submit(who, 'traffic.licence_renewal', { years: '1', deliver: true }, key);
      assert.equal(again.status, 200);
      assert.equal(again.json.id, first.json.id);
      assert.equal(again.json.bill.number, first.json.bill.number);
      const other = await submit(who, 'traffic.licence_renewal', { years: '5', deliver: true }, key);
      assert.equal(other.status, 422);
      assert.equal(other.json.error.code, 'eservices.idempotency_mismatch');
      const list = await who.api('GET', '/api/v1/service-requests');
      assert.equal(list.json.requests.length, 1);
    });

    it('when ten identical submissions race with one key, then exactly one request exists', async () => {
      const who = await holder(platform);
      await renewableLicence(platform, who);
      const key = crypto.randomUUID();
      const answers = await Promise.all(Array.from({ length: 10 }, () => submit(who, 'traffic.licence_renewal', { years: '1', deliver: 'on' }, key)));
      assert.deepEqual([...new Set(answers.map((answer) => answer.status))].sort(), [200, 201]);
      assert.equal(answers.filter((answer) => answer.status === 201).length, 1);
      assert.equal(new Set(answers.map((answer) => answer.json.id)).size, 1);
    });

    it('when renewals with different keys race, then exactly one is created and the others are refused as open', async () => {
      const who = await holder(platform);
      await renewableLicence(platform, who);
      const answers = await Promise.all(Array.from({ length: 6 }, () => submit(who, 'traffic.licence_renewal', { years: '1', deliver: true })));
      assert.equal(answers.filter((answer) => answer.status === 201).length, 1);
      assert.deepEqual([...new Set(answers.filter((answer) => answer.status !== 201).map((answer) => answer.json.error.code))], ['eservices.request_open']);
      assert.equal((await who.api('GET', '/api/v1/service-requests')).json.requests.length, 1);
    });

    it('when a second renewal is asked for while one is open, then it is refused with the open request', async () => {
      const who = await holder(platform);
      await renewableLicence(platform, who);
      const first = await submit(who, 'traffic.licence_renewal', { years: '1', deliver: true });
      const second = await submit(who, 'traffic.licence_renewal', { years: '2', deliver: true });
      assert.equal(second.status, 409);
      assert.equal(second.json.error.code, 'eservices.request_open');
      assert.match(second.json.error.message, new RegExp(first.json.reference));
    });

    it('when the bill is paid twice, then the second payment is refused and the holder charged once', async () => {
      const who = await holder(platform);
      await renewableLicence(platform, who);
      const submitted = await submit(who, 'traffic.licence_renewal', { years: '1', deliver: true });
      const [one, two] = await Promise.all([
        who.api('POST', `/api/v1/service-requests/${submitted.json.id}/payment`),
        who.api('POST', `/api/v1/service-requests/${submitted.json.id}/payment`),
      ]);
      assert.deepEqual([one.status, two.status].sort(), [200, 409]);
      const refused = one.status === 409 ? one : two;
      assert.equal(refused.json.error.code, 'payments.already_paid');
      const again = await who.api('POST', `/api/v1/service-requests/${submitted.json.id}/payment`);
      assert.equal(again.status, 409);
      assert.match(again.json.error.message, /already been paid/);
      const details = await who.api('GET', `/api/v1/service-requests/${submitted.json.id}`);
      assert.equal(details.json.history.filter((change: { to: string }) => change.to === 'paid').length, 1);
    });

    it('when the paid notice arrives twice, then the request moves once and one SMS is sent for it', async () => {
      const who = await holder(platform);
      await renewableLicence(platform, who);
      const submitted = await submit(who, 'traffic.licence_renewal', { years: '1', deliver: true });
      platform.referencePayments!.setDuplicateNotices(true);
      try {
        await who.api('POST', `/api/v1/service-requests/${submitted.json.id}/payment`);
      } finally {
        platform.referencePayments!.setDuplicateNotices(false);
      }
      assert.equal(await platform.referencePayments!.redeliver(submitted.json.bill.number), true);
      assert.equal(await platform.referencePayments!.deliveries(submitted.json.bill.number), 3);
      const details = await who.api('GET', `/api/v1/service-requests/${submitted.json.id}`);
      assert.deepEqual(
        details.json.history.map((change: { to: string }) => change.to),
        ['submitted', 'awaiting_payment', 'paid', 'approved', 'shipped'],
      );
      const paidSms = (await serviceSms(who)).filter((message) => /payment for request/.test(message.text) || /استُلم سداد/.test(message.text));
      assert.equal(paidSms.length, 1);
    });

    it('when the bill is not paid in time, then the request is cancelled and a new one may be made', async () => {
      const who = await holder(platform);
      await renewableLicence(platform, who);
      const submitted = await submit(who, 'traffic.licence_renewal', { years: '1', deliver: true });
      platform.clock.advance(8 * DAY);
      await who.signIn();
      const expired = await who.api('GET', `/api/v1/service-requests/${submitted.json.id}`);
      assert.equal(expired.json.status, 'cancelled');
      assert.equal(expired.json.bill.status, 'expired');
      const late = await who.api('POST', `/api/v1/service-requests/${submitted.json.id}/payment`);
      assert.equal(late.status, 409);
      await renewableLicence(platform, who);
      const again = await submit(who, 'traffic.licence_renewal', { years: '1', deliver: true });
      assert.equal(again.status, 201);
    });

    it('when payments are down at submission, then the request waits as submitted and gets its bill once they are back', async () => {
      const who = await holder(platform);
      await renewableLicence(platform, who);
      platform.referencePayments!.setAvailable(false);
      let submitted;
      try {
        submitted = await submit(who, 'traffic.licence_renewal', { years: '1', deliver: true });
      } finally {
        platform.referencePayments!.setAvailable(true);
      }
      assert.equal(submitted.status, 201);
      assert.equal(submitted.json.status, 'submitted');
      assert.equal(submitted.json.bill, null);
      const later = await who.api('GET', `/api/v1/service-requests/${submitted.json.id}`);
      assert.equal(later.json.status, 'awaiting_payment');
      assert.ok(later.json.bill.number);
    });

    it('when the national address is gone by the time the licence is issued, then it waits approved and ships once an address is registered', async () => {
      const who = await holder(platform);
      await renewableLicence(platform, who);
      const submitted = await submit(who, 'traffic.licence_renewal', { years: '1', deliver: true });
      await platform.referencePost!.setAddress(who.person.idNumber, null);
      const paid = await who.api('POST', `/api/v1/service-requests/${submitted.json.id}/payment`);
      assert.equal(paid.status, 200);
      assert.equal(paid.json.status, 'approved');
      assert.equal(paid.json.shipment, null);
      await renewableLicence(platform, who);
      const shipped = await who.api('GET', `/api/v1/service-requests/${submitted.json.id}`);
      assert.equal(shipped.json.status, 'shipped');
    });

    it('when each renewal rule fails, then every failing rule is reported at once and nothing is written', async () => {
      const who = await holder(platform);
      await platform.referenceTraffic!.arrange(who.person.idNumber, {
        licence: { expiresOn: daysFromToday(platform, 200) },
        checks: [{ checkedOn: daysFromToday(platform, -120) }],
        violations: [{ occurredOn: daysFromToday(platform, -5), amountHalalas: 30_000 }],
      });
      await platform.referencePost!.setAddress(who.person.idNumber, null);
      const refused = await submit(who, 'traffic.licence_renewal', { years: '1', deliver: true });
      assert.equal(refused.status, 422);
      assert.equal(refused.json.error.code, 'eservices.not_eligible');
      assert.deepEqual(eligibilityCodes(refused.json).sort(), [
        'eservices.rule.no_national_address',
        'traffic.licence_renewal.rule.no_medical_check',
        'traffic.licence_renewal.rule.too_early',
        'traffic.licence_renewal.rule.unpaid_fines',
      ]);
      assert.equal((await who.api('GET', '/api/v1/service-requests')).json.requests.length, 0);
      const page = await who.api('GET', '/api/v1/services/traffic.licence_renewal');
      assert.equal(page.json.eligible, false);
      assert.equal(page.json.ineligible.length, 4);
    });

    it('when the licence is suspended or missing, then renewal is refused', async () => {
      const who = await holder(platform);
      await renewableLicence(platform, who);
      await platform.referenceTraffic!.arrange(who.person.idNumber, { licence: { expiresOn: daysFromToday(platform, 30), status: 'suspended' } });
      assert.deepEqual(eligibilityCodes((await submit(who, 'traffic.licence_renewal', { years: '1', deliver: true })).json), ['traffic.licence_renewal.rule.suspended']);
      await platform.referenceTraffic!.arrange(who.person.idNumber, { licence: null });
      assert.deepEqual(eligibilityCodes((await submit(who, 'traffic.licence_renewal', { years: '1', deliver: true })).json), ['traffic.licence_renewal.rule.no_licence']);
    });

    it('when the form is wrong, then each field says why in the asked language', async () => {
      const who = await holder(platform);
      await renewableLicence(platform, who);
      const refused = await who.api('POST', '/api/v1/services/traffic.licence_renewal/requests', { years: '3' }, { 'idempotency-key': crypto.randomUUID(), 'accept-language': 'ar' });
      assert.equal(refused.status, 422);
      assert.equal(refused.json.error.code, 'validation.failed');
      assert.deepEqual(refused.json.error.fields.years.map((each: { code: string }) => each.code), ['traffic.licence_renewal.years.invalid']);
      assert.deepEqual(refused.json.error.fields.deliver.map((each: { code: string }) => each.code), ['traffic.licence_renewal.deliver.required']);
      assert.match(refused.json.error.fields.years[0].message, /اختر مدة/);
      const noKey = await who.api('POST', '/api/v1/services/traffic.licence_renewal/requests', { years: '1', deliver: true });
      assert.equal(noKey.status, 400);
      assert.equal(noKey.json.error.code, 'eservices.idempotency_key_invalid');
    });
  });

  describe('the mobile app API', () => {
    it('when an active holder reads the dashboard and the catalogue, then they are welcomed by name and the search works in both languages', async () => {
      const who = await holder(platform);
      const dashboard = await who.api('GET', '/api/v1/dashboard', undefined, { 'accept-language': 'ar' });
      assert.equal(dashboard.status, 200);
      assert.equal(dashboard.json.welcome, `مرحباً، ${who.person.nameAr}`);
      assert.equal(dashboard.json.status, 'active');
      assert.ok(dashboard.json.notices.some((notice: { kind: string }) => notice.kind === 'activation'));
      const all = await who.api('GET', '/api/v1/services');
      assert.deepEqual(all.json.sectors.map((sector: { sector: string }) => sector.sector), ['civil_affairs', 'passports', 'traffic', 'public_security']);
      const traffic = await who.api('GET', `/api/v1/services?sector=traffic&q=${encodeURIComponent('رخصه القياده')}`, undefined, { 'accept-language': 'ar' });
      assert.deepEqual(traffic.json.sectors.flatMap((sector: { services: Array<{ id: string }> }) => sector.services.map((service) => service.id)), ['traffic.licence_renewal']);
      const unknown = await who.api('GET', '/api/v1/services/traffic.nothing');
      assert.equal(unknown.status, 404);
      assert.equal(unknown.json.error.code, 'eservices.not_found');
      const stranger = await who.api('GET', `/api/v1/service-requests/${crypto.randomUUID()}`);
      assert.equal(stranger.status, 404);
      assert.equal(stranger.json.error.code, 'eservices.request_not_found');
    });

    it('when the traffic system is down, then the service answers 503 traffic.unavailable and nothing is written', async () => {
      const who = await holder(platform);
      await renewableLicence(platform, who);
      platform.referenceTraffic!.setAvailable(false);
      try {
        const page = await who.api('GET', '/api/v1/services/traffic.licence_renewal');
        assert.equal(page.status, 503);
        assert.equal(page.json.error.code, 'traffic.unavailable');
        const refused = await submit(who, 'traffic.licence_renewal', { years: '1', deliver: true });
        assert.equal(refused.status, 503);
      } finally {
        platform.referenceTraffic!.setAvailable(true);
      }
      assert.equal((await who.api('GET', '/api/v1/service-requests')).json.requests.length, 0);
    });

    it('when another holder asks for my request, then it is not found for them', async () => {
      const me = await holder(platform);
      const other = await holder(platform);
      await renewableLicence(platform, me);
      const mine = await submit(me, 'traffic.licence_renewal', { years: '1', deliver: true });
      assert.equal((await other.api('GET', `/api/v1/service-requests/${mine.json.id}`)).status, 404);
      assert.equal((await other.api('POST', `/api/v1/service-requests/${mine.json.id}/payment`)).status, 404);
    });
  });

  describe('reporting a stolen vehicle (Public Security)', () => {
    it('when the owner reports their vehicle stolen within 30 days, then a report number is registered at once, and a second report is refused', async () => {
      const who = await holder(platform);
      const [serial] = await platform.referenceTraffic!.arrange(who.person.idNumber, { vehicles: [{ registrationExpiresOn: daysFromToday(platform, 100) }] });
      const catalogue = await who.api('GET', '/api/v1/services?sector=public_security');
      assert.deepEqual(catalogue.json.sectors[0].services.map((service: { id: string }) => service.id), ['traffic.stolen_vehicle']);
      const body = { vehicle: serial, stolenOn: daysFromToday(platform, -1), city: 'jeddah', confirm: true };
      const late = await submit(who, 'traffic.stolen_vehicle', { ...body, stolenOn: daysFromToday(platform, -31) });
      assert.deepEqual(eligibilityCodes(late.json), ['traffic.stolen_vehicle.rule.too_old']);
      const future = await submit(who, 'traffic.stolen_vehicle', { ...body, stolenOn: daysFromToday(platform, 1) });
      assert.deepEqual(eligibilityCodes(future.json), ['traffic.stolen_vehicle.rule.future']);
      const stranger = await submit(who, 'traffic.stolen_vehicle', { ...body, vehicle: '999999999' });
      assert.deepEqual(eligibilityCodes(stranger.json), ['traffic.stolen_vehicle.rule.not_owner']);
      const malformed = await submit(who, 'traffic.stolen_vehicle', { vehicle: serial, stolenOn: '20/11/2026', city: 'paris' });
      assert.deepEqual(Object.keys(malformed.json.error.fields).sort(), ['city', 'confirm', 'stolenOn']);
      const reported = await submit(who, 'traffic.stolen_vehicle', { ...body, stolenOn: daysFromToday(platform, -1).replace(/\d/g, (d) => '٠١٢٣٤٥٦٧٨٩'[Number(d)]!) });
      assert.equal(reported.status, 201, JSON.stringify(reported.json));
      assert.equal(reported.json.status, 'completed');
      assert.match(String(reported.json.result.report), /^TR\d{16}$/);
      const again = await submit(who, 'traffic.stolen_vehicle', body);
      assert.deepEqual(eligibilityCodes(again.json), ['traffic.stolen_vehicle.rule.already_reported']);
    });
  });

  describe('accounts that are not active', () => {
    it('when a registered account asks for a service, then it is refused (403) and nothing is written', async () => {
      const who = await holder(platform, { active: false });
      await renewableLicence(platform, who);
      const refused = await submit(who, 'traffic.licence_renewal', { years: '1', deliver: true });
      assert.equal(refused.status, 403);
      assert.equal(refused.json.error.code, 'eservices.account_not_active');
      assert.equal((await who.api('GET', '/api/v1/services/traffic.violations')).status, 403);
      assert.equal((await who.api('GET', '/api/v1/dashboard')).status, 403);
      assert.equal((await who.api('GET', '/api/v1/service-requests')).json.requests.length, 0);
    });
  });

  describe('traffic violations', () => {
    it('when the holder pays two violations, then one bill carries their total and both are paid', async () => {
      const who = await holder(platform);
      const numbers = await platform.referenceTraffic!.arrange(who.person.idNumber, {
        violations: [
          { kind: 'speeding', occurredOn: daysFromToday(platform, -3), amountHalalas: 30_000 },
          { kind: 'red_light', occurredOn: daysFromToday(platform, -40), amountHalalas: 300_000 },
          { kind: 'parking', occurredOn: daysFromToday(platform, -50), amountHalalas: 10_000, status: 'paid' },
        ],
      });
      const inquiry = await who.api('GET', '/api/v1/services/traffic.violations');
      assert.equal(inquiry.status, 200);
      const table = inquiry.json.overview.find((block: { kind: string }) => block.kind === 'table');
      assert.equal(table.rows.length, 3);
      assert.equal(table.rows[0].cells[2].kind, 'date');
      assert.match(table.rows[0].cells[2].hijri, /AH/);
      const submitted = await submit(who, 'traffic.violation_payment', { violations: [numbers[0], numbers[1]] });
      assert.equal(submitted.status, 201, JSON.stringify(submitted.json));
      assert.equal(submitted.json.feeHalalas, 330_000);
      const paid = await who.api('POST', `/api/v1/service-requests/${submitted.json.id}/payment`);
      assert.equal(paid.json.status, 'completed');
      const violations = await platform.referenceTraffic!.violationsOf(who.person.idNumber);
      assert.deepEqual(violations.map((violation) => violation.status), ['paid', 'paid', 'paid']);
      const again = await submit(who, 'traffic.violation_payment', { violations: [numbers[0]] });
      assert.equal(again.status, 422);
      assert.deepEqual(eligibilityCodes(again.json), ['traffic.violation_payment.rule.already_paid']);
      const stranger = await submit(who, 'traffic.violation_payment', { violations: ['123456789012'] });
      assert.deepEqual(eligibilityCodes(stranger.json), ['traffic.violation_payment.rule.not_found']);
    });

    it('when a violation is disputed within 30 days and accepted, then the violation is cancelled and the request completed', async () => {
      const who = await holder(platform);
      const [recent, old] = await platform.referenceTraffic!.arrange(who.person.idNumber, {
        violations: [{ occurredOn: daysFromToday(platform, -30) }, { occurredOn: daysFromToday(platform, -31) }],
      });
      const late = await submit(who, 'traffic.violation_dispute', { violation: old, reason: 'I was not driving that day.' });
      assert.deepEqual(eligibilityCodes(late.json), ['traffic.violation_dispute.rule.too_late']);
      const short = await submit(who, 'traffic.violation_dispute', { violation: recent, reason: 'no' });
      assert.equal(short.json.error.fields.reason[0].code, 'traffic.violation_dispute.reason.too_short');
      const filed = await submit(who, 'traffic.violation_dispute', { violation: recent, reason: 'The car had been sold a month before.' });
      assert.equal(filed.status, 201, JSON.stringify(filed.json));
      assert.equal(filed.json.status, 'under_review');
      assert.equal(filed.json.feeHalalas, 0);
      const underDispute = await submit(who, 'traffic.violation_payment', { violations: [recent] });
      assert.deepEqual(eligibilityCodes(underDispute.json), ['traffic.violation_payment.rule.under_dispute']);
      const twice = await submit(who, 'traffic.violation_dispute', { violation: recent, reason: 'Once more, the car had been sold.' });
      assert.equal(twice.status, 422);
      assert.deepEqual(eligibilityCodes(twice.json), ['traffic.violation_dispute.rule.already_disputed']);
      assert.equal(await platform.referenceTraffic!.decideDispute(recent!, 'accepted'), true);
      const decided = await who.api('GET', `/api/v1/service-requests/${filed.json.id}`);
      assert.equal(decided.json.status, 'completed');
      const violation = (await platform.referenceTraffic!.violationsOf(who.person.idNumber)).find((each) => each.number === recent);
      assert.equal(violation!.status, 'cancelled');
    });

    it('when 5 disputes were rejected this Hijri year, then a sixth is refused; rejections of last Hijri year do not count', async () => {
      const who = await holder(platform);
      const numbers = await platform.referenceTraffic!.arrange(who.person.idNumber, {
        violations: Array.from({ length: 7 }, (_, index) => ({ occurredOn: daysFromToday(platform, -index - 1) })),
      });
      for (const number of numbers.slice(0, 5)) {
        const filed = await submit(who, 'traffic.violation_dispute', { violation: number, reason: 'The plate was misread by the camera.' });
        assert.equal(filed.status, 201, JSON.stringify(filed.json));
        await platform.referenceTraffic!.decideDispute(number, 'rejected');
        const decided = await who.api('GET', `/api/v1/service-requests/${filed.json.id}`);
        assert.equal(decided.json.status, 'rejected');
      }
      const sixth = await submit(who, 'traffic.violation_dispute', { violation: numbers[5], reason: 'The plate was misread by the camera.' });
      assert.equal(sixth.status, 422);
      assert.deepEqual(eligibilityCodes(sixth.json), ['traffic.violation_dispute.rule.too_many_rejected']);
      // A year later (a Hijri year is 354 or 355 days) the count starts again.
      platform.clock.advance(356 * DAY);
      await who.signIn();
      await platform.referenceTraffic!.arrange(who.person.idNumber, { violations: [{ occurredOn: daysFromToday(platform, -1) }] }).then(async ([fresh]) => {
        const allowed = await submit(who, 'traffic.violation_dispute', { violation: fresh, reason: 'The plate was misread by the camera.' });
        assert.equal(allowed.status, 201, JSON.stringify(allowed.json));
      });
    });
  });
});
