// Right-to-left text for pdfkit, which shapes Arabic letters (through fontkit) but lays every line
// out left to right. Guarantees: a line is split into runs by the Unicode Bidirectional Algorithm
// (bidi-js) and the runs are placed in visual order, right-to-left runs word by word from the right,
// mirrored brackets swapped; Arabic letters are set in the Arabic font and everything else in the
// Latin one (the self-hosted IBM Plex Sans Arabic, one file per script); and the text layer reads
// back in logical order: a ligature glyph's Unicode (lam-alef, fa-ya…) is written in the order PDF
// readers expect of right-to-left glyphs (poppler and pdf.js both read it that way).
import bidiModule from 'bidi-js';
import type { Bidi } from 'bidi-js';
import type PDFDocument from 'pdfkit';

type Doc = InstanceType<typeof PDFDocument>;

// bidi-js is CommonJS whose types say `export default`: under Node the default import is the factory itself.
const bidiFactory = (typeof bidiModule === 'function' ? bidiModule : (bidiModule as unknown as { default: () => Bidi }).default) as unknown as () => Bidi;
const bidi = bidiFactory();

const arabicLetters = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/;
const scriptPieces = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+|[^\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+/g;

export type FontPair = { arabic: string; latin: string };

type Piece = { text: string; font: string; width: number };

/** The pieces of one line in visual order (left to right), each with its font and width. */
export function visualPieces(doc: Doc, text: string, base: 'rtl' | 'ltr', fonts: FontPair, size: number): Piece[] {
  const embedding = bidi.getEmbeddingLevels(text, base);
  const { levels } = embedding;
  const mirrored = bidi.getMirroredCharactersMap(text, levels);
  // bidi-js indexes UTF-16 code units, as split('') does.
  const shown = text
    .split('')
    .map((unit, index) => mirrored.get(index) ?? unit)
    .join('');

  type Run = { start: number; end: number; level: number };
  const runs: Run[] = [];
  for (let index = 0; index < shown.length; index += 1) {
    const level = levels[index] ?? 0;
    const last = runs.at(-1);
    if (last && last.level === level) last.end = index + 1;
    else runs.push({ start: index, end: index + 1, level });
  }
  // Rule L2: from the highest level down to the lowest odd one, reverse every sequence at or above it.
  let order = runs;
  const highest = Math.max(0, ...runs.map((run) => run.level));
  const lowestOdd = Math.min(...runs.map((run) => run.level).filter((level) => level % 2 === 1), highest + 1);
  for (let level = highest; level >= lowestOdd; level -= 1) {
    const next: Run[] = [];
    for (let index = 0; index < order.length; ) {
      if (order[index]!.level >= level) {
        let end = index;
        while (end < order.length && order[end]!.level >= level) end += 1;
        next.push(...order.slice(index, end).reverse());
        index = end;
      } else {
        next.push(order[index]!);
        index += 1;
      }
    }
    order = next;
  }

  const pieces: Piece[] = [];
  for (const run of order) {
    let parts: string[] = shown.slice(run.start, run.end).match(scriptPieces) ?? [];
    // fontkit puts each right-to-left word's glyphs in visual order; the words themselves go from the right.
    if (run.level % 2 === 1) parts = parts.flatMap((part) => part.split(/(\s+)/)).filter((part) => part !== '').reverse();
    for (const part of parts) {
      const font = arabicLetters.test(part) ? fonts.arabic : fonts.latin;
      pieces.push({ text: part, font, width: doc.font(font).fontSize(size).widthOfString(part) });
    }
  }
  return pieces;
}

export function lineWidth(doc: Doc, text: string, base: 'rtl' | 'ltr', fonts: FontPair, size: number): number {
  return visualPieces(doc, text, base, fonts, size).reduce((sum, piece) => sum + piece.width, 0);
}

/** Draws one line (no wrapping) aligned inside [x, x + width]. */
export function drawLine(
  doc: Doc,
  text: string,
  options: { x: number; y: number; width: number; align: 'left' | 'right' | 'center'; base: 'rtl' | 'ltr'; fonts: FontPair; size: number; color?: string },
): void {
  const pieces = visualPieces(doc, text, options.base, options.fonts, options.size);
  const total = pieces.reduce((sum, piece) => sum + piece.width, 0);
  let x = options.align === 'left' ? options.x : options.align === 'right' ? options.x + options.width - total : options.x + (options.width - total) / 2;
  doc.fillColor(options.color ?? '#0D121C');
  for (const piece of pieces) {
    doc.font(piece.font).fontSize(options.size).text(piece.text, x, options.y, { lineBreak: false });
    x += piece.width;
  }
}

/** Splits text into lines that fit `width` (at spaces), in logical order. */
export function wrapLines(doc: Doc, text: string, base: 'rtl' | 'ltr', fonts: FontPair, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (current !== '' && lineWidth(doc, candidate, base, fonts, size) > width) {
      lines.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}

/**
 * Before `doc.end()`: writes each multi-character Arabic glyph's Unicode in the order readers expect
 * of right-to-left glyphs, so copying or extracting gives the letters in logical order.
 */
export function fixRightToLeftLigatures(doc: Doc): void {
  const families = (doc as unknown as { _fontFamilies?: Record<string, { unicode?: unknown }> })._fontFamilies ?? {};
  for (const font of new Set(Object.values(families))) {
    if (!Array.isArray(font.unicode)) continue;
    font.unicode = (font.unicode as Array<number[] | undefined>).map((codePoints) =>
      codePoints && codePoints.length > 1 && codePoints.some((point) => arabicLetters.test(String.fromCodePoint(point))) ? [...codePoints].reverse() : codePoints,
    );
  }
}
