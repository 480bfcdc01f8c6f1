import type { FileRow } from './db';

const escapeXml = (text: string): string => text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * A preview of a file: images are small enough to be their own thumbnail; anything else gets a
 * card with its label, as a file browser shows it.
 */
export function thumbnailOf(file: FileRow, body: Buffer): { mime: string; body: Buffer } {
  if (file.mime === 'image/png') return { mime: 'image/png', body };
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80"><rect width="240" height="80" fill="#eef"/>` +
    `<text x="8" y="30" font-size="12">${escapeXml(file.label)}</text><text x="8" y="60" font-size="10">${escapeXml(file.mime)}</text></svg>`;
  return { mime: 'image/svg+xml', body: Buffer.from(svg) };
}
