// The printable activation form as a PDF (A4, one page), Arabic and English side by side: the
// reference in large type and as a QR code (the back-office address that opens it), the holder's
// details, the dates in Gregorian and Hijri, and what to bring. Guarantees: made in-process with
// pdfkit and the self-hosted IBM Plex Sans Arabic (no browser at run time); Arabic is shaped and
// laid out right to left (bidi-text.ts) and its text layer reads back in logical order; only
// masked ID and mobile numbers are printed; the same input gives the same layout.
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { ActivationForm } from '../../../core/activation-form/service.ts';
import { displayReference } from '../../../core/activation-form/reference.ts';
import { maskIdNumber } from '../../../core/identity/national-id.ts';
import { maskMobile } from '../../../core/identity/mobile.ts';
import { translate } from '../../../i18n/i18n.ts';
import { formatDate } from '../../shared/dates.ts';
import { drawLine, fixRightToLeftLigatures, wrapLines, type FontPair } from './bidi-text.ts';
import { formFonts } from './fonts.ts';

const regular: FontPair = { arabic: 'arabic', latin: 'latin' };
const bold: FontPair = { arabic: 'arabicBold', latin: 'latinBold' };
const green = '#1B8354';
const grey = '#6C737F';
const border = '#E5E7EB';

const page = { width: 595.28, height: 841.89, margin: 48 };

/** The address the QR code carries: the back-office page that looks the reference up. */
export function formQrTarget(publicUrl: string, reference: string): string {
  return `${publicUrl.replace(/\/$/, '')}/backoffice/forms?reference=${displayReference(reference)}`;
}

export async function renderActivationFormPdf(form: ActivationForm, publicUrl: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: page.margin,
    info: { Title: `${translate('en', 'activation_form.pdf.title')} — ${translate('ar', 'activation_form.pdf.title')}`, Author: 'Absher', Subject: displayReference(form.reference) },
    lang: 'ar-SA',
  });
  for (const [name, font] of Object.entries(formFonts())) doc.registerFont(name, font);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = page.margin;
  const inner = page.width - 2 * page.margin;
  const half = inner / 2 - 8;
  const right = left + inner - half;
  const ar = (id: string, params?: Record<string, string | number>) => translate('ar', id, params);
  const en = (id: string, params?: Record<string, string | number>) => translate('en', id, params);
  const arLine = (text: string, y: number, size: number, fonts = regular, color?: string) =>
    drawLine(doc, text, { x: right, y, width: half, align: 'right', base: 'rtl', fonts, size, ...(color ? { color } : {}) });
  const enLine = (text: string, y: number, size: number, fonts = regular, color?: string) =>
    drawLine(doc, text, { x: left, y, width: half, align: 'left', base: 'ltr', fonts, size, ...(color ? { color } : {}) });

  // Header band: the platform's name in both languages.
  doc.rect(0, 0, page.width, 84).fill(green);
  drawLine(doc, ar('activation_form.pdf.title'), { x: right, y: 22, width: half, align: 'right', base: 'rtl', fonts: bold, size: 18, color: '#FFFFFF' });
  drawLine(doc, ar('app.name'), { x: right, y: 52, width: half, align: 'right', base: 'rtl', fonts: regular, size: 11, color: '#FFFFFF' });
  drawLine(doc, en('activation_form.pdf.title'), { x: left, y: 22, width: half, align: 'left', base: 'ltr', fonts: bold, size: 18, color: '#FFFFFF' });
  drawLine(doc, en('app.name'), { x: left, y: 52, width: half, align: 'left', base: 'ltr', fonts: regular, size: 11, color: '#FFFFFF' });

  // The reference and its QR code.
  let y = 110;
  arLine(ar('activation_form.pdf.reference'), y, 11, regular, grey);
  enLine(en('activation_form.pdf.reference'), y, 11, regular, grey);
  y += 18;
  drawLine(doc, displayReference(form.reference), { x: left, y, width: inner, align: 'center', base: 'ltr', fonts: bold, size: 28, color: green });
  y += 46;
  const qrSize = 132;
  drawQr(doc, formQrTarget(publicUrl, form.reference), left + (inner - qrSize) / 2, y, qrSize);
  y += qrSize + 16;
  drawLine(doc, `${ar('activation_form.pdf.valid_until')} ${formatDate(form.expiresAt, 'ar').gregorian}`, { x: right, y, width: half, align: 'right', base: 'rtl', fonts: regular, size: 10 });
  drawLine(doc, `${en('activation_form.pdf.valid_until')} ${formatDate(form.expiresAt, 'en').gregorian}`, { x: left, y, width: half, align: 'left', base: 'ltr', fonts: regular, size: 10 });
  y += 16;
  arLine(formatDate(form.expiresAt, 'ar').hijri, y, 10, regular, grey);
  enLine(formatDate(form.expiresAt, 'en').hijri, y, 10, regular, grey);
  y += 28;

  // The holder's details: Arabic label on the right, English label on the left, the value between.
  doc.moveTo(left, y).lineTo(left + inner, y).lineWidth(1).strokeColor(border).stroke();
  y += 12;
  const account = form.account;
  const rows: Array<[string, string, 'rtl' | 'ltr']> = [
    ['activation_form.pdf.name_ar', form.person?.nameAr ?? '—', 'rtl'],
    ['activation_form.pdf.name_en', form.person?.nameEn ?? '—', 'ltr'],
    ['activation_form.pdf.id_number', maskIdNumber(account.idNumber), 'ltr'],
    ['activation_form.pdf.username', account.username, 'ltr'],
    ['activation_form.pdf.mobile', account.mobile ? maskMobile(account.mobile) : '—', 'ltr'],
    ['activation_form.pdf.issued', `${formatDate(form.createdAt, 'en').gregorian}`, 'ltr'],
  ];
  const labelWidth = 150;
  for (const [label, value, base] of rows) {
    drawLine(doc, en(label), { x: left, y, width: labelWidth, align: 'left', base: 'ltr', fonts: regular, size: 10, color: grey });
    drawLine(doc, ar(label), { x: left + inner - labelWidth, y, width: labelWidth, align: 'right', base: 'rtl', fonts: regular, size: 10, color: grey });
    drawLine(doc, value, { x: left + labelWidth, y: y - 1, width: inner - 2 * labelWidth, align: 'center', base, fonts: bold, size: 12 });
    y += 24;
  }
  doc.moveTo(left, y).lineTo(left + inner, y).lineWidth(1).strokeColor(border).stroke();
  y += 16;

  // What to do with it, in each language in its own column.
  const bodySize = 10;
  const steps = ['activation_form.pdf.step1', 'activation_form.pdf.step2', 'activation_form.pdf.step3'];
  let arY = y;
  let enY = y;
  arLine(ar('activation_form.pdf.how_title'), arY, 12, bold);
  enLine(en('activation_form.pdf.how_title'), enY, 12, bold);
  arY += 20;
  enY += 20;
  for (const [index, step] of steps.entries()) {
    for (const line of wrapLines(doc, `${index + 1}. ${ar(step)}`, 'rtl', regular, bodySize, half)) {
      arLine(line, arY, bodySize);
      arY += 15;
    }
    for (const line of wrapLines(doc, `${index + 1}. ${en(step)}`, 'ltr', regular, bodySize, half)) {
      enLine(line, enY, bodySize);
      enY += 15;
    }
    arY += 4;
    enY += 4;
  }
  y = Math.max(arY, enY) + 24;

  // The officer's part.
  doc.rect(left, y, inner, 70).lineWidth(1).strokeColor(border).stroke();
  drawLine(doc, ar('activation_form.pdf.officer_box'), { x: right, y: y + 10, width: half - 12, align: 'right', base: 'rtl', fonts: regular, size: 10, color: grey });
  drawLine(doc, en('activation_form.pdf.officer_box'), { x: left + 12, y: y + 10, width: half - 12, align: 'left', base: 'ltr', fonts: regular, size: 10, color: grey });

  drawLine(doc, `${ar('activation_form.pdf.footer')}`, { x: left, y: page.height - 60, width: inner, align: 'center', base: 'rtl', fonts: regular, size: 8, color: grey });
  drawLine(doc, `${en('activation_form.pdf.footer')}`, { x: left, y: page.height - 46, width: inner, align: 'center', base: 'ltr', fonts: regular, size: 8, color: grey });

  fixRightToLeftLigatures(doc);
  doc.end();
  return done;
}

function drawQr(doc: InstanceType<typeof PDFDocument>, text: string, x: number, y: number, size: number): void {
  const code = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = code.modules.size;
  const quiet = 4;
  const cell = size / (count + 2 * quiet);
  doc.rect(x, y, size, size).fill('#FFFFFF');
  doc.fillColor('#000000');
  for (let row = 0; row < count; row += 1) {
    for (let column = 0; column < count; column += 1) {
      if (code.modules.get(row, column)) doc.rect(x + (column + quiet) * cell, y + (row + quiet) * cell, cell, cell);
    }
  }
  doc.fill('#000000');
}
