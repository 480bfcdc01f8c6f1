/**
 * PNG text chunks. Seeded scans carry their canary in tEXt; a portal that re-encodes images may
 * keep it compressed (zTXt) or as UTF-8 (iTXt), none of which a plain byte scan can read.
 */
import type { ScanBudget } from './budget';

export interface PngText {
  leaf: 'png:tEXt' | 'png:zTXt' | 'png:iTXt';
  text: string;
}

export function pngTexts(bytes: Uint8Array, budget: ScanBudget): PngText[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: PngText[] = [];
  let offset = 8; // signature
  while (offset + 12 <= buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    const dataStart = offset + 8;
    const dataEnd = dataStart + length;
    if (dataEnd + 4 > buf.length) break; // truncated file: keep what was read
    const data = buf.subarray(dataStart, dataEnd);
    if (type === 'tEXt') out.push({ leaf: 'png:tEXt', text: data.toString('latin1').replace('\0', '\n') });
    else if (type === 'zTXt') {
      const text = zTxt(data, budget);
      if (text !== undefined) out.push({ leaf: 'png:zTXt', text });
    } else if (type === 'iTXt') {
      const text = iTxt(data, budget);
      if (text !== undefined) out.push({ leaf: 'png:iTXt', text });
    } else if (type === 'IEND') break;
    offset = dataEnd + 4; // CRC is not checked: a corrupt CRC does not make a leak less real
  }
  return out;
}

/** keyword \0 method(1) zlib-data */
function zTxt(data: Buffer, budget: ScanBudget): string | undefined {
  const nul = data.indexOf(0);
  if (nul === -1) return undefined;
  const inflated = budget.decompress('zlib', data.subarray(nul + 2), 'png zTXt');
  return `${data.toString('latin1', 0, nul)}\n${inflated ? inflated.toString('latin1') : ''}`;
}

/** keyword \0 compressed(1) method(1) language \0 translated-keyword \0 text */
function iTxt(data: Buffer, budget: ScanBudget): string | undefined {
  const nul1 = data.indexOf(0);
  if (nul1 === -1 || nul1 + 3 > data.length) return undefined;
  const compressed = data[nul1 + 1] === 1;
  const nul2 = data.indexOf(0, nul1 + 3);
  const nul3 = nul2 === -1 ? -1 : data.indexOf(0, nul2 + 1);
  if (nul3 === -1) return undefined;
  const raw = data.subarray(nul3 + 1);
  const text = compressed ? budget.decompress('zlib', raw, 'png iTXt') : raw;
  const header = [data.toString('latin1', 0, nul1), data.toString('utf8', nul2 + 1, nul3)].join('\n');
  return text ? `${header}\n${text.toString('utf8')}` : header;
}
