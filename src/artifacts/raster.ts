import { foldToAscii } from './ascii';
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from './font5x7';

export type Rgb = readonly [number, number, number];

/** A tiny RGB raster: just what a fake document scan needs (fills, frames, bitmap text). */
export class Raster {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new Error(`raster: invalid size ${width}x${height}`);
    }
    this.pixels = new Uint8Array(width * height * 3);
    this.fill(0, 0, width, height, background);
  }

  fill(x: number, y: number, w: number, h: number, [r, g, b]: Rgb): void {
    const x0 = Math.max(0, x);
    const y0 = Math.max(0, y);
    const x1 = Math.min(this.width, x + w);
    const y1 = Math.min(this.height, y + h);
    for (let yy = y0; yy < y1; yy++) {
      for (let xx = x0; xx < x1; xx++) {
        const i = (yy * this.width + xx) * 3;
        this.pixels[i] = r;
        this.pixels[i + 1] = g;
        this.pixels[i + 2] = b;
      }
    }
  }

  frame(x: number, y: number, w: number, h: number, thickness: number, color: Rgb): void {
    this.fill(x, y, w, thickness, color);
    this.fill(x, y + h - thickness, w, thickness, color);
    this.fill(x, y, thickness, h, color);
    this.fill(x + w - thickness, y, thickness, h, color);
  }

  /** Draws one line of text; returns the width it used. Accents are folded: the font is ASCII. */
  text(x: number, y: number, text: string, scale: number, color: Rgb): number {
    let cx = x;
    for (const ch of foldToAscii(text)) {
      const rows = glyph(ch);
      rows.forEach((row, ry) => {
        row.forEach((ink, rx) => {
          if (ink) this.fill(cx + rx * scale, y + ry * scale, scale, scale, color);
        });
      });
      cx += textAdvance(scale);
    }
    return cx - x;
  }
}

/** Horizontal space one character takes (glyph plus one column of spacing). */
export function textAdvance(scale: number): number {
  return (GLYPH_WIDTH + 1) * scale;
}

export function textLineHeight(scale: number): number {
  return (GLYPH_HEIGHT + 3) * scale;
}

export function textWidth(text: string, scale: number): number {
  return foldToAscii(text).length * textAdvance(scale);
}
