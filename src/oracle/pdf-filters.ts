/**
 * PDF stream filters that hold text: Flate, LZW, ASCII85, ASCIIHex, RunLength, chained in the
 * order `/Filter [...]` lists them. Image codecs (DCT, JPX, JBIG2, CCITT) hold no text a reader
 * sees and are not decoded. Every output counts against the response's inflate budget.
 */
import type { ScanBudget } from './budget';

const IMAGE_FILTERS = new Set(['DCTDecode', 'DCT', 'JPXDecode', 'JBIG2Decode', 'CCITTFaxDecode', 'CCF']);

/** The filter names of a stream dictionary, in decoding order. */
export function filtersOf(header: string): string[] {
  const match = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(header);
  if (!match?.[1]) return [];
  return [...match[1].matchAll(/\/([A-Za-z0-9]+)/g)].map((m) => m[1] ?? '');
}

export function isImageFilter(filters: readonly string[]): boolean {
  return filters.some((name) => IMAGE_FILTERS.has(name));
}

/** Decoded bytes, or undefined when a filter is unknown or its data corrupt (nothing to read). */
export function decodeFilters(filters: readonly string[], data: Uint8Array, budget: ScanBudget): Uint8Array | undefined {
  let current: Uint8Array | undefined = data;
  for (const name of filters) {
    if (!current) return undefined;
    switch (name) {
      case 'FlateDecode':
      case 'Fl':
        current = budget.decompress('zlib', current, 'pdf stream');
        break;
      case 'LZWDecode':
      case 'LZW':
        current = lzwDecode(current, budget);
        break;
      case 'ASCII85Decode':
      case 'A85':
        current = ascii85Decode(current);
        break;
      case 'ASCIIHexDecode':
      case 'AHx':
        current = asciiHexDecode(current);
        break;
      case 'RunLengthDecode':
      case 'RL':
        current = runLengthDecode(current, budget);
        break;
      default:
        return undefined;
    }
  }
  return current;
}

/** LZW as PDF writes it: 9 to 12-bit codes, 256 clears, 257 ends, EarlyChange 1 (the default). */
export function lzwDecode(data: Uint8Array, budget: ScanBudget): Uint8Array | undefined {
  const out: number[] = [];
  let table: number[][] = [];
  const reset = (): void => {
    table = Array.from({ length: 258 }, (_, i) => (i < 256 ? [i] : []));
  };
  reset();
  let width = 9;
  let bitBuffer = 0;
  let bitCount = 0;
  let previous: number[] | undefined;
  const limit = budget.remaining();
  for (const byte of data) {
    bitBuffer = ((bitBuffer << 8) | byte) & 0xffffff;
    bitCount += 8;
    while (bitCount >= width) {
      const code = (bitBuffer >> (bitCount - width)) & ((1 << width) - 1);
      bitCount -= width;
      if (code === 256) {
        reset();
        width = 9;
        previous = undefined;
        continue;
      }
      if (code === 257) return finish(out, budget);
      let entry = table[code];
      if (entry === undefined) {
        if (code !== table.length || !previous) return finish(out, budget); // corrupt: keep what was read
        entry = [...previous, previous[0] ?? 0];
      }
      for (const b of entry) out.push(b);
      if (out.length > limit) {
        budget.cut(`pdf stream: LZW output exceeds the inflate budget (${limit} bytes left)`);
        return undefined;
      }
      if (previous && table.length < 4096) table.push([...previous, entry[0] ?? 0]);
      previous = entry;
      if (table.length >= (1 << width) - 1 && width < 12) width++;
    }
  }
  return finish(out, budget);
}

function finish(out: number[], budget: ScanBudget): Uint8Array | undefined {
  return budget.take(out.length, 'pdf stream (LZW)') ? Uint8Array.from(out) : undefined;
}

/** `<~ … ~>` base-85 groups, `z` for four zero bytes; whitespace anywhere. */
export function ascii85Decode(data: Uint8Array): Uint8Array {
  let text = Buffer.from(data).toString('latin1').replace(/\s+/g, '');
  if (text.startsWith('<~')) text = text.slice(2);
  const end = text.indexOf('~>');
  if (end !== -1) text = text.slice(0, end);
  const out: number[] = [];
  let group: number[] = [];
  const flush = (count: number): void => {
    let value = 0;
    for (let i = 0; i < 5; i++) value = value * 85 + (group[i] ?? 84);
    const bytes = [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
    out.push(...bytes.slice(0, count));
  };
  for (const ch of text) {
    if (ch === 'z' && group.length === 0) {
      out.push(0, 0, 0, 0);
      continue;
    }
    const digit = ch.charCodeAt(0) - 33;
    if (digit < 0 || digit > 84) continue;
    group.push(digit);
    if (group.length === 5) {
      flush(4);
      group = [];
    }
  }
  if (group.length > 1) flush(group.length - 1);
  return Uint8Array.from(out);
}

export function asciiHexDecode(data: Uint8Array): Uint8Array {
  let hex = Buffer.from(data).toString('latin1');
  const end = hex.indexOf('>');
  hex = (end === -1 ? hex : hex.slice(0, end)).replace(/[^0-9A-Fa-f]/g, '');
  if (hex.length % 2 === 1) hex += '0';
  return Buffer.from(hex, 'hex');
}

export function runLengthDecode(data: Uint8Array, budget: ScanBudget): Uint8Array | undefined {
  const out: number[] = [];
  let i = 0;
  while (i < data.length) {
    const length = data[i] ?? 128;
    if (length === 128) break;
    if (length < 128) {
      for (let j = 1; j <= length + 1 && i + j < data.length; j++) out.push(data[i + j] ?? 0);
      i += length + 2;
    } else {
      for (let j = 0; j < 257 - length; j++) out.push(data[i + 1] ?? 0);
      i += 2;
    }
  }
  return budget.take(out.length, 'pdf stream (RunLength)') ? Uint8Array.from(out) : undefined;
}
