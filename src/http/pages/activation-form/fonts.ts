// The fonts of the printed form: the self-hosted IBM Plex Sans Arabic (one WOFF file per script and
// weight, from @fontsource), unpacked once per process into plain OpenType with node's zlib and
// handed to pdfkit as such. Guarantees: no inflating is repeated per PDF (fontkit reading a WOFF
// file inflates a table, in JavaScript, on every glyph it decodes: half a second a form); a file
// that is not a WOFF 1 font fails loudly at the first render.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';

const directory = '../../../../node_modules/@fontsource/ibm-plex-sans-arabic/files/';
const files = {
  arabic: 'ibm-plex-sans-arabic-arabic-400-normal.woff',
  arabicBold: 'ibm-plex-sans-arabic-arabic-700-normal.woff',
  latin: 'ibm-plex-sans-arabic-latin-400-normal.woff',
  latinBold: 'ibm-plex-sans-arabic-latin-700-normal.woff',
} as const;

export type FormFontName = keyof typeof files;

/** WOFF 1 (W3C) → the OpenType file it wraps: every table inflated when compressed, 4-byte aligned. */
export function woffToOpenType(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1 font');
  const flavor = woff.readUInt32BE(4);
  const count = woff.readUInt16BE(12);
  const tables = Array.from({ length: count }, (_, index) => {
    const entry = 44 + index * 20;
    const offset = woff.readUInt32BE(entry + 4);
    const compressed = woff.readUInt32BE(entry + 8);
    const original = woff.readUInt32BE(entry + 12);
    const raw = woff.subarray(offset, offset + compressed);
    return { tag: woff.subarray(entry, entry + 4), checksum: woff.readUInt32BE(entry + 16), data: compressed < original ? inflateSync(raw) : raw };
  });
  const power = 2 ** Math.floor(Math.log2(count));
  const header = Buffer.alloc(12 + 16 * count);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(count, 4);
  header.writeUInt16BE(power * 16, 6);
  header.writeUInt16BE(Math.log2(power), 8);
  header.writeUInt16BE(count * 16 - power * 16, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((table, index) => {
    const record = 12 + index * 16;
    table.tag.copy(header, record);
    header.writeUInt32BE(table.checksum, record + 4);
    header.writeUInt32BE(offset, record + 8);
    header.writeUInt32BE(table.data.length, record + 12);
    const padded = Buffer.alloc((table.data.length + 3) & ~3);
    table.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}

let loaded: Record<FormFontName, Buffer> | null = null;

/** The four faces as OpenType files, unpacked at the first call. */
export function formFonts(): Record<FormFontName, Buffer> {
  loaded ??= Object.fromEntries(
    Object.entries(files).map(([name, file]) => [name, woffToOpenType(readFileSync(fileURLToPath(new URL(`${directory}${file}`, import.meta.url))))]),
  ) as Record<FormFontName, Buffer>;
  return loaded;
}
