/**
 * Fonts' ToUnicode CMaps: how an Identity-H PDF (Chrome's print to PDF, wkhtmltopdf, LibreOffice)
 * maps the glyph ids its strings hold back to text, and which font resource name uses which map.
 */
import { utf16be } from './text-views';

/** An indirect object's header, `12 0 obj`: its number is group 1. */
export const OBJ_HEADER = /(\d+)\s+\d+\s+obj\b/g;

/** A ToUnicode CMap: character code → text, and how many bytes a code takes. */
export interface CMap {
  bytes: 1 | 2;
  map: Map<number, string>;
}

/** Font resource name (`F4`) → the CMaps of the fonts that name may denote (names are per page,
 * so one name may stand for several fonts in a document). */
export type FontMaps = Map<string, CMap[]>;

export function fontMaps(plain: string, streams: readonly { obj: number | undefined; text: string }[]): FontMaps {
  const cmaps = new Map<number, CMap>();
  for (const stream of streams) {
    if (stream.obj !== undefined && stream.text.includes('begincmap')) cmaps.set(stream.obj, parseCMap(stream.text));
  }
  const fonts: FontMaps = new Map();
  if (cmaps.size === 0) return fonts;
  // Font object → its ToUnicode CMap.
  const fontCMap = new Map<number, CMap>();
  for (const match of plain.matchAll(/\/ToUnicode\s+(\d+)\s+\d+\s+R/g)) {
    const cmap = cmaps.get(Number(match[1]));
    const header = [...plain.slice(Math.max(0, match.index - 2000), match.index).matchAll(OBJ_HEADER)].at(-1);
    if (cmap && header) fontCMap.set(Number(header[1]), cmap);
  }
  // Resource dictionaries: `/Font << /F4 4 0 R /F5 5 0 R >>`.
  for (const dict of plain.matchAll(/\/Font\s*<<([^>]*)>>/g)) {
    for (const entry of (dict[1] ?? '').matchAll(/\/([^\s/<>[\]()]+)\s+(\d+)\s+\d+\s+R/g)) {
      const cmap = fontCMap.get(Number(entry[2]));
      if (!cmap) continue;
      const name = entry[1] ?? '';
      const list = fonts.get(name) ?? [];
      if (!list.includes(cmap)) list.push(cmap);
      fonts.set(name, list);
    }
  }
  return fonts;
}

const MAX_CMAP_ENTRIES = 65_536;

/** `beginbfchar` pairs and `beginbfrange` ranges (incrementing, or with an array of targets). */
export function parseCMap(text: string): CMap {
  const space = /begincodespacerange\s*<([0-9A-Fa-f]+)>/.exec(text);
  const cmap: CMap = { bytes: space?.[1] && space[1].length <= 2 ? 1 : 2, map: new Map() };
  const hex = (h: string): number => Number.parseInt(h, 16);
  const unicode = (h: string): string => utf16be(Buffer.from(h.length % 2 ? `${h}0` : h, 'hex'));
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const pair of (block[1] ?? '').matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g)) cmap.map.set(hex(pair[1] ?? ''), unicode(pair[2] ?? ''));
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const range of (block[1] ?? '').matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]*)>|\[([^\]]*)\])/g)) {
      const low = hex(range[1] ?? '');
      const high = Math.min(hex(range[2] ?? ''), low + MAX_CMAP_ENTRIES);
      if (range[3] !== undefined) {
        const base = unicode(range[3]);
        const last = base.charCodeAt(base.length - 1);
        for (let code = low; code <= high && cmap.map.size < MAX_CMAP_ENTRIES; code++) cmap.map.set(code, base.slice(0, -1) + String.fromCharCode(last + code - low));
      } else {
        const targets = [...(range[4] ?? '').matchAll(/<([0-9A-Fa-f]*)>/g)].map((m) => unicode(m[1] ?? ''));
        targets.forEach((target, i) => cmap.map.set(low + i, target));
      }
    }
  }
  return cmap;
}

export function viaCMap(bytes: Uint8Array, cmap: CMap): string {
  let text = '';
  for (let i = 0; i + cmap.bytes <= bytes.length; i += cmap.bytes) {
    const code = cmap.bytes === 2 ? ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0) : (bytes[i] ?? 0);
    text += cmap.map.get(code) ?? '\ufffd';
  }
  return text;
}
