// Family services through the request engine and the JSON API: the family record (dependents with
// their Iqama, passport and visa, a row action that opens the exit/re-entry visa for that dependent,
// newborn registrations) and adding a newborn (form checks, birth-date window, filed with civil
// affairs → under review → registered, a birth already registered rejected, not a family head).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import type { RegistryPerson } from '../../src/core/ports.ts';
import { addDays, today } from '../../src/core/services/sectors/calendar.ts';
import { maskIdNumber } from '../../src/core/identity/national-id.ts';
import { apiCall, eligibilityCodes, fieldCodes, holderFor, personWhere, submitRequest, type SectorHolder } from './services-passports-civil-support.ts';

let platform: TestPlatform;
let day: string;
const members = 'family.members';
const newborn = 'family.newborn';
let notification = 4_000_000_000;

before(async () => {
  platform = await startTestPlatform();
  day = today(platform.clock.now());
});
after(() => platform.close());

async function sponsor(): Promise<{ holder: SectorHolder; dependents: RegistryPerson[] }> {
  const people = await platform.registry.listPeople({});
  const dependentsOf = (id: string) => people.filter((person) => person.category === 'dependent' && person.sponsorId === id && !person.deceased);
  const person = await personWhere(platform, (candidate) => candidate.category === 'resident' && candidate.mobile !== null && dependentsOf(candidate.idNumber).length >= 2);
  return { holder: await holderFor(platform, person), dependents: dependentsOf(person.idNumber) };
}

const newbornBody = (change: Record<string, unknown> = {}) => ({ nameAr: 'ليان', nameEn: 'Layan', sex: 'F', birthDate: addDays(day, -3), notificationNumber: String((notification += 1)), ...change });

describe('family members', () => {
  it('when a sponsor opens the family record, then every dependent is listed with masked number, documents and a visa action', async () => {
    const { holder, dependents } = await sponsor();
    const page = await apiCall(platform, holder, 'GET', `/api/v1/services/${members}`);
    assert.equal(page.status, 200, page.body);
    assert.equal(page.json.inquiryOnly, true);
    const [table, newborns] = page.json.overview as Array<{ rows: Array<{ cells: Array<{ kind: string; text?: string; date?: string }>; actions: Array<{ service: string; prefill: Record<string, string> }> }> }>;
    assert.equal(table!.rows.length, dependents.length);
    for (const dependent of dependents) {
      const row = table!.rows.find((each) => each.cells[3]?.text === maskIdNumber(dependent.idNumber));
      assert.ok(row, `${dependent.idNumber} listed`);
      assert.equal(row.cells[0]?.text, `${dependent.nameAr} — ${dependent.nameEn}`);
      assert.equal(row.cells[2]?.date, dependent.birthDate);
      const iqama = await platform.passports.iqamaOf(dependent.idNumber);
      assert.equal(row.cells[4]?.date, iqama?.expiresOn);
      assert.deepEqual(row.actions.map((action) => [action.service, action.prefill.dependent]), [['passports.exit_reentry_visa', dependent.idNumber]]);
    }
    assert.equal(newborns!.rows.length, 0);
    const html = await holder.page.get(`/services/${members}?lang=en`);
    assert.equal(html.statusCode, 200);
    assert.ok(!html.body.includes(dependents[0]!.idNumber) || html.body.includes(`dependent=${dependents[0]!.idNumber}`), 'full numbers appear only in the visa link');
  });

  it('when a newborn is registered, then it is filed (under review), listed on the record, and completes once civil affairs registers it', async () => {
    const { holder } = await sponsor();
    const submitted = await submitRequest(platform, holder, newborn, newbornBody());
    assert.equal(submitted.status, 201, JSON.stringify(submitted.json));
    assert.equal(submitted.json.status, 'under_review');
    assert.equal(submitted.json.feeHalalas, 0);
    const record = await apiCall(platform, holder, 'GET', `/api/v1/services/${members}`, undefined, 'ar');
    assert.equal(record.json.overview[1].rows.length, 1);
    assert.equal(record.json.overview[1].rows[0].cells[2].text, 'قيد المراجعة');
    assert.ok(await platform.referenceCivilAffairs!.decideNewborn(submitted.json.id, 'registered'));
    const details = await apiCall(platform, holder, 'GET', `/api/v1/service-requests/${submitted.json.id}`);
    assert.equal(details.json.status, 'completed');
    assert.deepEqual(details.json.history.map((change: { to: string }) => change.to), ['submitted', 'under_review', 'completed']);
  });

  it('when the same birth is filed again under another request, then civil affairs refuses it and the request is rejected', async () => {
    const { holder } = await sponsor();
    const body = newbornBody();
    const first = await submitRequest(platform, holder, newborn, body);
    await platform.referenceCivilAffairs!.decideNewborn(first.json.id, 'registered');
    await apiCall(platform, holder, 'GET', `/api/v1/service-requests/${first.json.id}`);
    const second = await submitRequest(platform, holder, newborn, body);
    assert.equal(second.status, 201);
    assert.equal(second.json.status, 'rejected');
    const note = second.json.history.at(-1).note as { code: string; message: string };
    assert.equal(note.code, 'civil.refused');
    assert.equal(note.message, 'Civil Affairs refused: this birth is already registered.');
  });

  it('when the form is empty or wrong, then every field is reported at once; a birth in the future or over a year ago is refused', async () => {
    const { holder } = await sponsor();
    const empty = await submitRequest(platform, holder, newborn, {});
    assert.deepEqual(Object.keys(fieldCodes(empty.json)).sort(), ['birthDate', 'nameAr', 'nameEn', 'notificationNumber', 'sex']);
    const wrong = await submitRequest(platform, holder, newborn, newbornBody({ nameAr: 'Layan', nameEn: 'ليان', notificationNumber: '12' }));
    assert.deepEqual(fieldCodes(wrong.json), { nameAr: [`${newborn}.name_ar_letters`], nameEn: [`${newborn}.name_en_letters`], notificationNumber: [`${newborn}.notification_format`] });
    assert.deepEqual(eligibilityCodes((await submitRequest(platform, holder, newborn, newbornBody({ birthDate: addDays(day, 1) }))).json), [`${newborn}.birth_date_future`]);
    assert.deepEqual(eligibilityCodes((await submitRequest(platform, holder, newborn, newbornBody({ birthDate: addDays(day, -366) }))).json), [`${newborn}.birth_date_too_old`]);
  });

  it('when a dependent (not a family head) asks to add a newborn, then it is refused', async () => {
    const person = await personWhere(platform, (candidate) => candidate.category === 'dependent' && candidate.fingerprintEnrolled && candidate.mobile !== null && candidate.documentStatus === 'valid');
    const holder = await holderFor(platform, person);
    assert.deepEqual(eligibilityCodes((await apiCall(platform, holder, 'GET', `/api/v1/services/${newborn}`)).json), [`${newborn}.not_head`]);
  });

  it('when a registered (not active) account asks, then the record and the request are refused', async () => {
    const person = await personWhere(platform, (candidate) => candidate.category === 'resident' && candidate.mobile !== null);
    const registered = await holderFor(platform, person, { activate: false });
    assert.equal((await apiCall(platform, registered, 'GET', `/api/v1/services/${members}`)).status, 403);
    assert.equal((await submitRequest(platform, registered, newborn, newbornBody())).status, 403);
  });
});
