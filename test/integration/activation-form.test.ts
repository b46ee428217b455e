// The printed activation form and the centres directory: a registered holder's page and PDF carry
// the same single reference; the PDF renders (poppler's pdftoppm to PNG) and its text layer reads
// back with the Arabic in logical order, the English, the reference and the holder's name; an
// active holder gets no form; concurrent asks agree on one reference; the centres page finds
// centres by Arabic or English city names (spelling variants and Arabic digits too), without JS.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { displayReference } from '../../src/core/activation-form/reference.ts';
import { foldForSearch } from '../../src/core/activation-form/centres.ts';
import { translate } from '../../src/i18n/i18n.ts';
import { registeredAccount } from './backoffice-support.ts';

let platform: TestPlatform;
let workDirectory: string;

before(async () => {
  platform = await startTestPlatform();
  workDirectory = mkdtempSync(join(tmpdir(), 'absher-form-'));
});
after(async () => {
  await platform.close();
  rmSync(workDirectory, { recursive: true, force: true });
});

/** A registered holder with a live session cookie. */
async function signedInHolder() {
  const holder = await registeredAccount(platform);
  const { token } = await platform.store.transaction((tx) => platform.sessions.start(tx, holder.account.id, { ip: '10.1.0.1', userAgent: 'test', channel: 'web' }));
  return { ...holder, cookies: { '__Host-absher-session': token } };
}

/** The PDF's text as poppler extracts it, without the bidi marks it adds around runs. */
function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/[\u200e\u200f\u202a-\u202e]/g, '');
}

describe('the activation form', () => {
  it('when a registered holder opens the form page and downloads the PDF, then both carry one reference, and the PDF renders with Arabic in logical order', async () => {
    const holder = await signedInHolder();
    const page = await platform.app.inject({ method: 'GET', url: '/activation-form', cookies: holder.cookies });
    assert.equal(page.statusCode, 200);
    const reference = /data-reference="([A-Z0-9]{10})"/.exec(page.body)?.[1];
    assert.ok(reference, 'the page shows the reference');
    assert.match(page.body, /<img class="qr" src="data:image\/png;base64,/);
    assert.match(page.body, /href="\/activation-form.pdf"/);
    assert.match(page.body, /href="\/centres"/);

    const started = performance.now();
    const response = await platform.app.inject({ method: 'GET', url: '/activation-form.pdf', cookies: holder.cookies });
    const renderMs = performance.now() - started;
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/pdf');
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.match(String(response.headers['content-disposition']), new RegExp(`attachment; filename="absher-activation-form-${displayReference(reference)}.pdf"`));
    const pdf = response.rawPayload;
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const file = join(workDirectory, 'form.pdf');
    writeFileSync(file, pdf);

    execFileSync('pdftoppm', ['-png', '-r', '72', '-singlefile', file, join(workDirectory, 'form')]);
    const png = readFileSync(join(workDirectory, 'form.png'));
    assert.deepEqual([...png.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join(''), 'PNG');
    assert.ok(Math.abs(png.readUInt32BE(16) - 595) <= 1, 'one A4 page, 595 px wide at 72 dpi');
    assert.ok(Math.abs(png.readUInt32BE(20) - 842) <= 1);
    assert.ok(statSync(join(workDirectory, 'form.png')).size > 10_000, 'the page is drawn, not blank');

    // Poppler's word splitting may put a space inside a word or move a line's final full stop: compare
    // the letters' order without spaces, which a reversed (visual-order) text layer would fail.
    const text = pdfText(file).replace(/\s+/g, '');
    const squeeze = (phrase: string) => phrase.replace(/[.\s]+/g, '');
    const person = await platform.registry.findPerson(holder.account.idNumber);
    assert.ok(person);
    for (const expected of [
      translate('ar', 'activation_form.pdf.title'),
      translate('en', 'activation_form.pdf.title'),
      translate('ar', 'activation_form.pdf.how_title'),
      translate('ar', 'activation_form.pdf.step2'),
      translate('ar', 'activation_form.pdf.valid_until'),
      displayReference(reference),
      person.nameAr,
      person.nameEn,
      holder.username,
    ]) {
      assert.ok(text.includes(squeeze(expected)), `the PDF's text has "${expected}" in reading order:\n${pdfText(file)}`);
    }
    assert.ok(!text.includes(holder.account.idNumber), 'the full ID number is not printed');
    process.stdout.write(`# activation form PDF: ${pdf.length} bytes, served in ${renderMs.toFixed(0)} ms\n`);

    const again = await platform.app.inject({ method: 'GET', url: '/activation-form', cookies: holder.cookies });
    assert.equal(/data-reference="([A-Z0-9]{10})"/.exec(again.body)?.[1], reference, 'the same reference until it is used or expires');
  });

  it('when the holder is active, then there is no form: the page says so and the PDF answers 409', async () => {
    const holder = await signedInHolder();
    await platform.activation.activate({ accountId: holder.account.id, channel: 'nafath', partner: 'nafath', reference: 'test', actor: { kind: 'holder', id: holder.account.id } });
    const page = await platform.app.inject({ method: 'GET', url: '/activation-form?lang=en', cookies: holder.cookies });
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(translate('en', 'activation_form.not_needed.active')));
    const pdf = await platform.app.inject({ method: 'GET', url: '/activation-form.pdf', cookies: holder.cookies });
    assert.equal(pdf.statusCode, 409);
  });

  it('when nobody is signed in, then the form pages send to sign-in', async () => {
    for (const url of ['/activation-form', '/activation-form.pdf']) {
      const response = await platform.app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 303);
      assert.match(String(response.headers.location), /^\/login\?next=/);
    }
  });

  it('when ten requests for one holder arrive at once, then they all get the same reference and one is issued', async () => {
    const holder = await registeredAccount(platform);
    const forms = await Promise.all(Array.from({ length: 10 }, () => platform.backoffice.activationForms.formFor(holder.account.id)));
    assert.equal(new Set(forms.map((form) => form.reference)).size, 1);
    const issued = (await platform.store.audit.listForAccount(holder.account.id, 100)).filter((event) => event.type === 'activation_form.issued');
    assert.equal(issued.length, 1);
  });
});

describe('the activation centres directory', () => {
  const centresIn = (html: string) => [...html.matchAll(/data-centre="([a-z0-9-]+)"/g)].map((match) => match[1]);

  it('when searched by the Arabic or English city name, with or without the article, then only that city is listed', async () => {
    for (const query of ['الرياض', 'رياض', 'Riyadh', 'riyadh ', 'RIYADH']) {
      const response = await platform.app.inject({ method: 'GET', url: `/centres?city=${encodeURIComponent(query)}` });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(centresIn(response.body), ['ruh-1', 'ruh-2', 'ruh-3'], query);
    }
  });

  it('when spelled with variants (taa marbuta, hamza, diacritics) or Arabic digits, then it still finds the centres', async () => {
    const cases: Array<[string, string[]]> = [
      ['جده', ['jed-1', 'jed-2']],
      ['مكه', ['mak-1', 'mak-2']],
      ['ابها', ['ahb-1']],
      ['حَائِل', ['hal-1']],
      ['١٢٢١١', ['ruh-1']],
      ['Al Khobar', ['khb-1']],
      ['Dammam', ['dmm-1', 'dmm-2']],
    ];
    for (const [query, expected] of cases) {
      const response = await platform.app.inject({ method: 'GET', url: `/centres?city=${encodeURIComponent(query)}&lang=en` });
      assert.deepEqual(centresIn(response.body), expected, query);
    }
    assert.equal(foldForSearch('المدينة المنورة'), foldForSearch('مدينه المنوره'));
  });

  it('when nothing matches, then the page says so and offers the cities; empty, it lists every main city', async () => {
    const none = await platform.app.inject({ method: 'GET', url: `/centres?city=${encodeURIComponent('Paris')}&lang=en` });
    assert.equal(none.statusCode, 200);
    assert.deepEqual(centresIn(none.body), []);
    assert.match(none.body, /href="\/centres\?city=Riyadh"/);
    const all = await platform.app.inject({ method: 'GET', url: '/centres' });
    const ids = centresIn(all.body);
    for (const city of ['ruh', 'jed', 'mak', 'med', 'dmm', 'khb', 'ahb', 'tuu', 'hal', 'bur', 'jaz', 'ehl']) {
      assert.ok(ids.some((id) => id?.startsWith(`${city}-`)), `a centre in ${city}`);
    }
    assert.match(all.body, /<html lang="ar" dir="rtl"/);
    assert.match(all.body, /<form method="get" action="\/centres"/);
  });
});
