import { expect, test } from '@playwright/test';
import { PDFDocument } from 'pdf-lib';
import { makePdf } from './pdf';

const input = {
  title: 'Certificat médical Cerfa 15695 CLSN-RUN1-U075A-1',
  canary: 'CLSN-RUN1-U075A-1',
  owner: { prenom: 'Éloïse', nom: 'Le Gall', dateNaissance: '1980-03-12', nir: '280037511200744' },
  kind: 'certificat_medical' as const,
};

test.describe('makePdf', () => {
  test('the canary is findable as plain ASCII in the raw bytes', async () => {
    const bytes = Buffer.from(await makePdf(input));
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.includes(input.canary)).toBe(true);
    const raw = bytes.toString('latin1');
    expect(raw).toContain(`(${input.canary}) Tj`); // visible text, uncompressed stream
    expect(raw).toMatch(new RegExp(`/Subject \\([^)]*${input.canary}\\)`));
    expect(raw).toMatch(new RegExp(`/Keywords \\([^)]*${input.canary}\\)`));
  });

  test('loads back with pdf-lib: one page, title with the canary, fixed metadata', async () => {
    const doc = await PDFDocument.load(await makePdf(input), { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe(input.title);
    expect(doc.getTitle()).toContain(input.canary);
    expect(doc.getSubject()).toContain(input.canary);
    expect(doc.getKeywords()).toContain(input.canary);
    expect(doc.getProducer()).toBe('cloison (pdf-lib)');
    expect(doc.getCreator()).toBe('cloison');
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-01-15T09:00:00.000Z');
    expect(doc.getModificationDate()?.toISOString()).toBe('2026-01-15T09:00:00.000Z');
  });

  test('is deterministic and has no trailer /ID', async () => {
    const a = Buffer.from(await makePdf(input));
    const b = Buffer.from(await makePdf(input));
    expect(a.equals(b)).toBe(true);
    expect(a.toString('latin1')).not.toMatch(/\/ID\s*\[/);
  });

  test('every PDF kind renders, including names outside WinAnsi', async () => {
    for (const kind of ['justificatif_domicile', 'avis_imposition', 'bilan_ophtalmologique', 'jugement_protection', 'audiogramme', 'justificatif_identite'] as const) {
      const bytes = await makePdf({ ...input, kind, owner: { prenom: 'Łukasz', nom: 'Nguyễn', adresse: '3 rue de l’Œuvre, 13001 Marseille' } });
      expect(Buffer.from(bytes).includes(input.canary)).toBe(true);
    }
  });

  test('rejects a canary that would need escaping', async () => {
    await expect(makePdf({ ...input, canary: 'CLSN (x)' })).rejects.toThrow(/canary/);
  });
});
