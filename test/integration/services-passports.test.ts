// Passports e-services through the request engine and the JSON API: the exit/re-entry visa for a
// dependent (every rule passing and failing, the fee by type and length, SADAD bill → paid → visa
// issued, paying twice, a paid notice twice, idempotent retries, one open request per dependent) and
// the Iqama renewal (window, dependent, cancelled, the fee or fees already paid, renewal → post), and
// a registered (not active) account refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import type { RegistryPerson } from '../../src/core/ports.ts';
import { addDays, addYears, daysBetween, today } from '../../src/core/services/sectors/calendar.ts';
import { apiCall, eligibilityCodes, fieldCodes, holderFor, personWhere, submitRequest, type SectorHolder } from './services-passports-civil-support.ts';

let platform: TestPlatform;
let day: string;
const visa = 'passports.exit_reentry_visa';
const iqamaService = 'passports.iqama_renewal';

before(async () => {
  platform = await startTestPlatform();
  day = today(platform.clock.now());
});
after(() => platform.close());

/** A resident sponsor (valid Iqama) with at least `count` living dependents whose Iqama is valid, signed in and active. */
async function sponsorWithDependents(count = 1): Promise<{ sponsor: SectorHolder; dependents: RegistryPerson[] }> {
  const people = await platform.registry.listPeople({});
  const bySponsor = new Map<string, RegistryPerson[]>();
  for (const person of people) {
    if (person.category === 'dependent' && person.sponsorId && !person.deceased && person.documentStatus === 'valid') bySponsor.set(person.sponsorId, [...(bySponsor.get(person.sponsorId) ?? []), person]);
  }
  const person = await personWhere(platform, (candidate) => candidate.category === 'resident' && candidate.documentStatus === 'valid' && candidate.mobile !== null && (bySponsor.get(candidate.idNumber)?.length ?? 0) >= count);
  const dependents = bySponsor.get(person.idNumber)!;
  // Known documents: every dependent's passport runs a year.
  for (const dependent of dependents) await platform.referencePassports!.setPassportExpiry(dependent.idNumber, addDays(day, 365));
  return { sponsor: await holderFor(platform, person), dependents };
}

async function pay(holder: SectorHolder, requestId: string) {
  return apiCall(platform, holder, 'POST', `/api/v1/service-requests/${requestId}/payment`);
}

describe('exit/re-entry visa for a dependent', () => {
  it('when the sponsor asks for a single 3-month visa and pays the bill, then the visa is issued and the history shows each step', async () => {
    const { sponsor, dependents } = await sponsorWithDependents();
    const dependent = dependents[0]!;
    const page = await apiCall(platform, sponsor, 'GET', `/api/v1/services/${visa}`);
    assert.equal(page.status, 200);
    assert.equal(page.json.eligible, true, JSON.stringify(page.json.ineligible));
    assert.ok(page.json.fields[0].options.some((option: { value: string }) => option.value === dependent.idNumber));

    const submitted = await submitRequest(platform, sponsor, visa, { dependent: dependent.idNumber, kind: 'single', months: '3' });
    assert.equal(submitted.status, 201, JSON.stringify(submitted.json));
    assert.equal(submitted.json.status, 'awaiting_payment');
    assert.equal(submitted.json.feeHalalas, 30_000, 'single: 200 SAR for 2 months + 100 SAR');
    assert.ok(submitted.json.billNumber);

    const paid = await pay(sponsor, submitted.json.id);
    assert.equal(paid.status, 200, JSON.stringify(paid.json));
    assert.equal(paid.json.status, 'completed');
    assert.match(String(paid.json.result.visaNumber), /^\d{10}$/);
    assert.deepEqual(paid.json.history.map((change: { to: string }) => change.to), ['submitted', 'awaiting_payment', 'paid', 'completed']);
    const visas = await platform.passports.visasOf(dependent.idNumber);
    assert.deepEqual(visas.map((each) => [each.number, each.kind, each.durationDays, each.status]), [[paid.json.result.visaNumber, 'exit_reentry_single', 90, 'issued']]);

    const again = await pay(sponsor, submitted.json.id);
    assert.equal(again.status, 409);
    assert.equal(again.json.error.code, 'payments.already_paid');
    const sms = await platform.smsTo(sponsor.mobile);
    assert.ok(sms.length >= 4, 'an SMS for each status change');
  });

  it('when a multiple visa is asked for 6 months, then the fee is 500 SAR + 3 × 200 SAR; a paid notice arriving twice moves it once', async () => {
    const { sponsor, dependents } = await sponsorWithDependents();
    const submitted = await submitRequest(platform, sponsor, visa, { dependent: dependents[0]!.idNumber, kind: 'multiple', months: '6' });
    assert.equal(submitted.json.feeHalalas, 110_000);
    const payments = platform.services.onPaidNotice.bind(platform.services);
    const bill = await platform.app.inject({ method: 'GET', url: `/api/v1/service-requests/${submitted.json.id}`, headers: { authorization: `Bearer ${sponsor.token}` } });
    const billNumber = bill.json().billNumber as string;
    const notice = { noticeId: crypto.randomUUID(), billNumber, reference: submitted.json.id, amountHalalas: 110_000, paymentId: 'PAY-1', paidAt: platform.clock.now() };
    assert.equal(await payments(notice), 'applied');
    assert.equal(await payments(notice), 'duplicate');
    const details = await apiCall(platform, sponsor, 'GET', `/api/v1/service-requests/${submitted.json.id}`);
    assert.equal(details.json.status, 'completed');
    assert.equal(details.json.history.filter((change: { to: string }) => change.to === 'paid').length, 1);
    assert.equal((await platform.passports.visasOf(dependents[0]!.idNumber)).length, 1);
  });

  it('when the same submission is retried with its Idempotency-Key, then it is the same request; another key for the same dependent is refused while it is open', async () => {
    const { sponsor, dependents } = await sponsorWithDependents();
    const body = { dependent: dependents[0]!.idNumber, kind: 'single', months: '2' };
    const first = await submitRequest(platform, sponsor, visa, body);
    const replay = await submitRequest(platform, sponsor, visa, body, first.key);
    assert.equal(replay.status, 200);
    assert.equal(replay.json.id, first.json.id);
    const changed = await submitRequest(platform, sponsor, visa, { ...body, months: '4' }, first.key);
    assert.equal(changed.json.error?.code, 'eservices.idempotency_mismatch');
    const other = await submitRequest(platform, sponsor, visa, body);
    assert.equal(other.json.error?.code, 'eservices.request_open');
  });

  it('when the dependent’s passport has 89 days left, then the visa is refused; with exactly 90, it is allowed', async () => {
    const { sponsor, dependents } = await sponsorWithDependents();
    const dependent = dependents[0]!.idNumber;
    await platform.referencePassports!.setPassportExpiry(dependent, addDays(day, 89));
    const refused = await submitRequest(platform, sponsor, visa, { dependent, kind: 'single', months: '2' });
    assert.equal(refused.status, 422);
    assert.deepEqual(eligibilityCodes(refused.json), [`${visa}.passport_short`]);
    assert.match(refused.json.error.fields.eligibility[0].message, /90/);
    await platform.referencePassports!.setPassportExpiry(dependent, addDays(day, 90));
    const allowed = await submitRequest(platform, sponsor, visa, { dependent, kind: 'single', months: '2' });
    assert.equal(allowed.status, 201, JSON.stringify(allowed.json));
  });

  it('when the dependent’s Iqama has expired, the dependent has a live visa, or is not on the record, then each is refused with its reason', async () => {
    const { sponsor, dependents } = await sponsorWithDependents();
    const dependent = dependents[0]!.idNumber;
    await platform.referencePassports!.setIqama(dependent, { expiresOn: addDays(day, -1) });
    assert.deepEqual(eligibilityCodes((await submitRequest(platform, sponsor, visa, { dependent, kind: 'single', months: '2' })).json), [`${visa}.iqama_invalid`]);
    await platform.referencePassports!.setIqama(dependent, { expiresOn: addDays(day, 200) });
    await platform.passports.issueExitReentry({ holderId: dependent, requestedBy: sponsor.person.idNumber, kind: 'single', durationDays: 60, reference: crypto.randomUUID() });
    assert.deepEqual(eligibilityCodes((await submitRequest(platform, sponsor, visa, { dependent, kind: 'single', months: '2' })).json), [`${visa}.exists`]);
    const stranger = (await platform.registry.listPeople({ category: 'dependent' })).find((person) => person.sponsorId !== sponsor.person.idNumber)!;
    assert.deepEqual(eligibilityCodes((await submitRequest(platform, sponsor, visa, { dependent: stranger.idNumber, kind: 'single', months: '2' })).json), [`${visa}.not_a_member`]);
  });

  it('when the sponsor’s own Iqama is not valid, then the service says so before the form is filled', async () => {
    const { sponsor } = await sponsorWithDependents();
    await platform.referencePassports!.setIqama(sponsor.person.idNumber, { status: 'cancelled' });
    const page = await apiCall(platform, sponsor, 'GET', `/api/v1/services/${visa}`);
    assert.equal(page.json.eligible, false);
    assert.deepEqual(eligibilityCodes(page.json), [`${visa}.sponsor_iqama_invalid`]);
  });

  it('when a citizen without dependents opens the service, then they are told they have none', async () => {
    const citizen = await holderFor(platform, await personWhere(platform, (person) => person.category === 'citizen' && person.mobile !== null));
    const page = await apiCall(platform, citizen, 'GET', `/api/v1/services/${visa}`);
    assert.deepEqual(eligibilityCodes(page.json).sort(), [`${visa}.no_dependents`, `${visa}.sponsor_iqama_invalid`]);
  });

  it('when the type or length is wrong, then the fields say so (in Arabic too)', async () => {
    const { sponsor, dependents } = await sponsorWithDependents();
    const answer = await submitRequest(platform, sponsor, visa, { dependent: dependents[0]!.idNumber, kind: 'multiple', months: '2' }, undefined, 'ar');
    assert.equal(answer.status, 422);
    assert.deepEqual(fieldCodes(answer.json), { months: [`${visa}.months_range`] });
    assert.match(answer.json.error.fields.months[0].message, /المتعددة/);
  });

  it('when a registered (not active) account asks, then it is refused and nothing is written', async () => {
    const person = await personWhere(platform, (candidate) => candidate.category === 'resident' && candidate.documentStatus === 'valid' && candidate.mobile !== null);
    const registered = await holderFor(platform, person, { activate: false });
    const answer = await submitRequest(platform, registered, visa, { dependent: '2000000000', kind: 'single', months: '2' });
    assert.equal(answer.status, 403);
    assert.equal(answer.json.error.code, 'eservices.account_not_active');
    assert.deepEqual((await apiCall(platform, registered, 'GET', '/api/v1/service-requests')).json.requests, [], 'nothing was written');
  });

  it('when the passports system is down at payment time, then the request waits and completes once it is back', async () => {
    const { sponsor, dependents } = await sponsorWithDependents();
    const submitted = await submitRequest(platform, sponsor, visa, { dependent: dependents[0]!.idNumber, kind: 'single', months: '2' });
    platform.referencePassports!.setAvailable(false);
    try {
      const paid = await pay(sponsor, submitted.json.id);
      assert.equal(paid.json.status ?? 'paid', 'paid');
    } finally {
      platform.referencePassports!.setAvailable(true);
    }
    const later = await apiCall(platform, sponsor, 'GET', `/api/v1/service-requests/${submitted.json.id}`);
    assert.equal(later.json.status, 'completed');
  });
});

describe('Iqama renewal', () => {
  async function resident(change: { expiresIn: number; feesPaid?: boolean }): Promise<SectorHolder> {
    const person = await personWhere(platform, (candidate) => candidate.category === 'resident' && candidate.documentStatus !== 'cancelled' && candidate.mobile !== null);
    const expiresOn = addDays(day, change.expiresIn);
    await platform.referencePassports!.setIqama(person.idNumber, { expiresOn, status: 'valid', feesPaidThrough: change.feesPaid ? addYears(expiresOn, 1) : null });
    return holderFor(platform, person);
  }

  it('when the Iqama expires within 180 days and the fee is paid, then it is renewed a year and the card goes by post', async () => {
    const holder = await resident({ expiresIn: 100 });
    const before = (await platform.passports.iqamaOf(holder.person.idNumber))!;
    const submitted = await submitRequest(platform, holder, iqamaService, { years: '1' });
    assert.equal(submitted.status, 201, JSON.stringify(submitted.json));
    assert.equal(submitted.json.feeHalalas, 65_000);
    const paid = await pay(holder, submitted.json.id);
    assert.equal(paid.json.status, 'shipped', JSON.stringify(paid.json));
    assert.ok(paid.json.trackingNumber);
    const after = (await platform.passports.iqamaOf(holder.person.idNumber))!;
    assert.equal(after.expiresOn, addYears(before.expiresOn, 1));
    assert.deepEqual(paid.json.history.map((change: { to: string }) => change.to), ['submitted', 'awaiting_payment', 'paid', 'approved', 'shipped']);
  });

  it('when the fees for the new period were already paid at the bank, then no bill is made and it is renewed at once', async () => {
    const holder = await resident({ expiresIn: 30, feesPaid: true });
    const submitted = await submitRequest(platform, holder, iqamaService, { years: '1' });
    assert.equal(submitted.json.feeHalalas, 0);
    assert.equal(submitted.json.billNumber, null);
    assert.equal(submitted.json.status, 'shipped');
  });

  it('when a two-year renewal is asked with only one year prepaid, then the full two-year fee is asked', async () => {
    const holder = await resident({ expiresIn: 30, feesPaid: true });
    const submitted = await submitRequest(platform, holder, iqamaService, { years: '2' });
    assert.equal(submitted.json.feeHalalas, 130_000);
  });

  it('when more than 180 days are left, the Iqama is cancelled, or the holder is a citizen, then it is refused with the reason', async () => {
    const early = await resident({ expiresIn: 181 });
    assert.deepEqual(eligibilityCodes((await submitRequest(platform, early, iqamaService, { years: '1' })).json), [`${iqamaService}.too_early`]);
    await platform.referencePassports!.setIqama(early.person.idNumber, { status: 'cancelled' });
    assert.deepEqual(eligibilityCodes((await submitRequest(platform, early, iqamaService, { years: '1' })).json), [`${iqamaService}.cancelled`]);
    const citizen = await holderFor(platform, await personWhere(platform, (person) => person.category === 'citizen' && person.mobile !== null));
    assert.deepEqual(eligibilityCodes((await apiCall(platform, citizen, 'GET', `/api/v1/services/${iqamaService}`)).json), [`${iqamaService}.none`]);
  });

  it('when a dependent (with their own account) asks to renew their Iqama, then they are sent to their sponsor', async () => {
    const person = await personWhere(platform, (candidate) => candidate.category === 'dependent' && candidate.documentStatus === 'valid' && candidate.fingerprintEnrolled && candidate.mobile !== null);
    await platform.referencePassports!.setIqama(person.idNumber, { expiresOn: addDays(day, 20) });
    const holder = await holderFor(platform, person);
    assert.deepEqual(eligibilityCodes((await apiCall(platform, holder, 'GET', `/api/v1/services/${iqamaService}`)).json), [`${iqamaService}.dependent`]);
  });

  it('when the years are missing, then the field says so', async () => {
    const holder = await resident({ expiresIn: 50 });
    const answer = await submitRequest(platform, holder, iqamaService, { years: '3' });
    assert.deepEqual(fieldCodes(answer.json), { years: [`${iqamaService}.years_required`] });
    assert.ok(daysBetween(day, addDays(day, 1)) === 1);
  });
});
