// Right-to-left lines for the PDF (bidi-text.ts): the pieces of a line come out in visual order,
// left to right, each with the font of its script; Arabic words run from the right, numbers and
// Latin text keep their own order inside, brackets are mirrored, and a WOFF font unpacks to a
// valid OpenType file.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import PDFDocument from 'pdfkit';
import { visualPieces, wrapLines } from '../../src/http/pages/activation-form/bidi-text.ts';
import { formFonts } from '../../src/http/pages/activation-form/fonts.ts';

function documentWithFonts() {
  const doc = new PDFDocument({ size: 'A4' });
  for (const [name, font] of Object.entries(formFonts())) doc.registerFont(name, font);
  return doc;
}

const fonts = { arabic: 'arabic', latin: 'latin' };
const shown = (doc: InstanceType<typeof PDFDocument>, text: string, base: 'rtl' | 'ltr') =>
  visualPieces(doc, text, base, fonts, 12).map((piece) => `${piece.font === 'arabic' ? 'ar' : 'la'}:${piece.text}`);

describe('right-to-left lines for the PDF', () => {
  it('when an Arabic line holds a number, then the words run from the right and the number keeps its digits in order', () => {
    const doc = documentWithFonts();
    assert.deepEqual(shown(doc, 'رقم 12345 في أبشر', 'rtl'), ['ar:أبشر', 'la: ', 'ar:في', 'la: ', 'la:12345', 'la: ', 'ar:رقم']);
  });

  it('when an Arabic label is followed by a Latin reference, then the reference is at the left and the colon stays by the label', () => {
    const doc = documentWithFonts();
    assert.deepEqual(shown(doc, 'المرجع: ABC-123', 'rtl'), ['la:ABC-123', 'la: ', 'la::', 'ar:المرجع']);
  });

  it('when an English line holds an Arabic name, then only the name runs right to left', () => {
    const doc = documentWithFonts();
    assert.deepEqual(shown(doc, 'Name: محمد علي (ID)', 'ltr'), ['la:Name: ', 'ar:علي', 'la: ', 'ar:محمد', 'la: (ID)']);
  });

  it('when brackets are inside Arabic text, then they are mirrored for display', () => {
    const doc = documentWithFonts();
    assert.deepEqual(shown(doc, 'أبشر (الرياض)', 'rtl'), ['la:(', 'ar:الرياض', 'la:)', 'la: ', 'ar:أبشر']);
  });

  it('when a long Arabic sentence is wrapped, then every line fits and no word is lost', () => {
    const doc = documentWithFonts();
    const sentence = 'أحضر هذا النموذج مع أصل بطاقة الهوية أو الإقامة أو جواز السفر إلى أي مركز تفعيل';
    const lines = wrapLines(doc, sentence, 'rtl', fonts, 10, 120);
    assert.ok(lines.length > 1);
    assert.equal(lines.join(' '), sentence);
  });

  it('when the WOFF faces are unpacked, then each is an OpenType file with its tables', () => {
    for (const [name, font] of Object.entries(formFonts())) {
      const flavor = font.toString('latin1', 0, 4);
      assert.ok(flavor === '\u0000\u0001\u0000\u0000' || flavor === 'OTTO', `${name}: ${JSON.stringify(flavor)}`);
      assert.ok(font.readUInt16BE(4) > 5, `${name} has tables`);
    }
  });
});
