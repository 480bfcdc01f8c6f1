import { expect, test } from '@playwright/test';
import { foldToAscii, makeArtifact, slug } from './index';

const base = { kind: 'avis_imposition' as const, title: "Avis d'impôt 2025 CLSN-RUN1-U013B-3", canary: 'CLSN-RUN1-U013B-3', contentMarker: 'CLSNC-RUN1-U013B-3', owner: { prenom: 'Gaëlle', nom: 'Lefèvre' } };

test.describe('makeArtifact', () => {
  test('chooses the format from the MIME type', async () => {
    const pdf = Buffer.from(await makeArtifact({ ...base, mime: 'application/pdf' }));
    const png = Buffer.from(await makeArtifact({ ...base, mime: 'image/png' }));
    const txt = Buffer.from(await makeArtifact({ ...base, mime: 'text/plain' }));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    for (const b of [pdf, png, txt]) expect(b.includes(base.canary)).toBe(true);
    // The marker no title or file name carries is in every format's bytes too.
    for (const b of [pdf, png, txt]) expect(b.includes(base.contentMarker)).toBe(true);
  });

  test('text documents are UTF-8 with the canary and the title', async () => {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(await makeArtifact({ ...base, mime: 'text/plain' }));
    expect(text).toContain(`Référence du document : ${base.canary}`);
    expect(text).toContain(base.title);
    expect(text).toContain('Gaëlle');
  });
});

test.describe('ASCII folding', () => {
  test('folds French accents and ligatures', () => {
    expect(foldToAscii('Éloïse Lefèvre-Cœur, l’été')).toBe("Eloise Lefevre-Coeur, l'ete");
    expect(slug("  Jean-Loïc D'Aubigné ")).toBe('jean-loic-d-aubigne');
    expect(slug('Nguyễn')).toBe('nguyen');
  });
});
