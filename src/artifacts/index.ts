import type { ArtifactMime, PieceType } from './kinds';
import type { ArtifactOwner } from './content';
import { scanLines } from './content';
import { makePdf } from './pdf';
import { makePng } from './png';
import { makeText } from './text';

export type { ArtifactOwner } from './content';
export { foldToAscii, slug } from './ascii';
export { makePdf } from './pdf';
export { makePng, PNG_CANARY_KEYWORD, PNG_CONTENT_KEYWORD } from './png';
export { makeText } from './text';

export interface ArtifactInput {
  mime: ArtifactMime;
  kind: PieceType;
  title: string;
  canary: string;
  /** Written in the content only (never in a title or file name); every seeded document has one,
   * a write probe's file (whose marker is its own) has none. */
  contentMarker?: string;
  owner: ArtifactOwner;
}

/** The bytes of one seeded document, in the format its MIME type names. */
export async function makeArtifact(input: ArtifactInput): Promise<Uint8Array> {
  switch (input.mime) {
    case 'application/pdf':
      return makePdf(input);
    case 'image/png':
      return makePng({ canary: input.canary, contentMarker: input.contentMarker, lines: scanLines(input.kind, input.owner) });
    case 'text/plain':
      return makeText(input);
  }
}
