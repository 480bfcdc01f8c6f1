import zlib from 'node:zlib';
import { expect, test } from '@playwright/test';
import { zipSync } from 'fflate';
import type { Evidence } from './evidence';
import { buildMarkerIndex, sha256Hex } from './markers';
import { scanResponse } from './scan';
import {
  ADRESSE_A, CANARY_A1, CANARY_A3, CANARY_B1, CONTENT_A1, EMAIL_A, EMAIL_C, NIR_A, NIR_B, NIR_C, RUN_ID, VICTIM_FILE,
  ascii85Encode, index, lzwEncode, pdfWithCanary, pdfWithStream, pngWithText, population, utf8,
} from './testing';

const idx = index();
const scan = (body: Uint8Array | string, headers: Record<string, string> = {}): Evidence[] =>
  scanResponse(idx, { body: typeof body === 'string' ? utf8(body) : body, headers }).evidence;
const found = (evidence: Evidence[]): string[] => evidence.map((e) => `${e.kind}:${e.value}@${e.location}`).sort();

test.describe('text bodies', () => {
  test('finds a canary in a JSON list and attributes it to its document', () => {
    const evidence = scan(JSON.stringify([{ id: 17, titre: `Certificat ${CANARY_A3}` }]));
    expect(evidence).toEqual([{ kind: 'canary', value: CANARY_A3, ownerKey: 'u075a', documentKey: 'u075a-d3', location: 'body' }]);
  });

  test('finds markers hidden by JSON \\u escapes and percent-encoding', () => {
    const escaped = CANARY_A1.replace(/-/g, '\\u002d');
    const email = EMAIL_A.replace('@', '\\u0040');
    const body = `{"titre":"${escaped}","contact":"${email}","lien":"/p?f=${encodeURIComponent(`${CANARY_B1}.pdf`).replace(/-/g, '%2D')}"}`;
    expect(found(scan(body))).toEqual([
      `canary:${CANARY_A1}@body`,
      `canary:${CANARY_B1}@body`,
      `email:${EMAIL_A}@body`,
    ]);
  });

  test('finds an HTML entity-encoded e-mail and a canary with &#x2D;', () => {
    const html = `<p>Contact : ${EMAIL_A.replace('@', '&#64;').replace(/\./g, '&period;')}</p><a>${CANARY_A1.replace(/-/g, '&#x2D;')}</a>`;
    expect(found(scan(html))).toEqual([`canary:${CANARY_A1}@body`, `email:${EMAIL_A}@body`]);
  });

  test('finds NIRs written compact, grouped with spaces, Corsican, and without their key', () => {
    const grouped = `${NIR_B.slice(0, 1)} ${NIR_B.slice(1, 3)} ${NIR_B.slice(3, 5)} ${NIR_B.slice(5, 7)} ${NIR_B.slice(7, 10)} ${NIR_B.slice(10, 13)} ${NIR_B.slice(13)}`;
    const corsican = `${NIR_C.slice(0, 1)}\u00a0${NIR_C.slice(1, 3)}\u00a0${NIR_C.slice(3, 5)}\u00a0${NIR_C.slice(5, 7)}\u00a0${NIR_C.slice(7, 10)}\u00a0${NIR_C.slice(10, 13)}\u00a0${NIR_C.slice(13)}`;
    const body = `<td>${NIR_A}</td><td>${grouped}</td><td>${corsican}</td><td>NIR ${NIR_A.slice(0, 13)}</td>`;
    const evidence = scan(body);
    expect(found(evidence)).toEqual([`nir:${NIR_A}@body`, `nir:${NIR_B}@body`, `nir:${NIR_C}@body`].sort());
    expect(evidence.find((e) => e.value === NIR_C)?.ownerKey).toBe('u2a01');
  });

  test('looks up 64-hex strings and base64 digests as file hashes', () => {
    const hex = sha256Hex(VICTIM_FILE);
    const meta = JSON.stringify({ id: 4, sha256: hex.toUpperCase(), taille: 57 });
    expect(found(scan(meta))).toEqual([`sha256:${hex}@body`]);
    const b64 = Buffer.from(hex, 'hex').toString('base64');
    expect(found(scan('', { 'Repr-Digest': `sha-256=:${b64}:` }))).toEqual([`sha256:${hex}@header:repr-digest`]);
  });

  test('decodes UTF-16LE exports (a CSV from a Windows tool)', () => {
    const body = Buffer.from(`nom;email\r\nDurand;${EMAIL_A}\r\n`, 'utf16le');
    expect(found(scan(body))).toEqual([`email:${EMAIL_A}@body`]);
  });
});

test.describe('people: names with birth dates, addresses, e-mails at any domain', () => {
  test('a full name beside its birth date is that person, in any field order and date format', () => {
    const json = JSON.stringify([{ nom: 'DURAND', prenom: 'Camille', naissance: '1985-05-12T00:00:00Z', statut: 'en_cours' }]);
    expect(found(scan(json))).toEqual(['identity:Camille DURAND, 1985-05-12@body']);
    expect(found(scan('<tr><td>Durand Camille</td><td>12/05/1985</td></tr>'))).toEqual(['identity:Camille DURAND, 1985-05-12@body']);
    expect(found(scan('Louis MARTIN, né le 17 janvier 1992'))).toEqual(['identity:Louis MARTIN, 1992-01-17@body']);
  });

  test('an accented name is recognised as UTF-8 bytes, entity-encoded and folded', () => {
    const want = ['identity:Hélène PETIT, 1985-05-12@body'];
    expect(found(scan(utf8('Hélène PETIT — née le 12.05.1985')))).toEqual(want);
    expect(found(scan('H&eacute;l&egrave;ne Petit 12/05/1985'.replace('&eacute;', '&#233;').replace('&egrave;', '&#232;')))).toEqual(want);
    expect(found(scan('HELENE PETIT 12-05-1985'))).toEqual(want);
  });

  test('a name alone, a birth date alone, or names of two people around one date are no evidence', () => {
    expect(scan('Camille Durand a déposé une pièce. Louis Martin aussi.')).toEqual([]);
    expect(scan('Date de naissance : 12/05/1985')).toEqual([]);
    // u075a's first name, u075b's family name, u075a's birth date: no one person.
    expect(scan('Camille MARTIN, née le 12/05/1985')).toEqual([]);
    // Two people born that day: only the one named is recognised.
    expect(found(scan('Hélène PETIT et Camille ROUX, nées le 12/05/1985'))).toEqual(['identity:Hélène PETIT, 1985-05-12@body']);
    // A name glued to other letters is another word.
    expect(scan('Camilleau Durandet 12/05/1985')).toEqual([]);
  });

  test('a name far from the date (another record of a long listing) is not that person', () => {
    expect(scan(`Camille Durand${' '.repeat(1000)}12/05/1985`)).toEqual([]);
  });

  test('two people sharing one name and birth date are evidence of neither', () => {
    const twins = buildMarkerIndex({
      runId: RUN_ID,
      people: [
        { key: 'p1', email: 'p1@x.invalid', prenom: 'Léa', nom: 'Morel', dateNaissance: '2001-02-03' },
        { key: 'p2', email: 'p2@x.invalid', prenom: 'Léa', nom: 'Morel', dateNaissance: '2001-02-03' },
        { key: 'p3', email: 'p3@x.invalid', adresse: '1 place du Marché, 13001 Marseille' },
        { key: 'p4', email: 'p4@x.invalid', adresse: '1 Place du Marché, 13001 Marseille' },
      ],
      documents: [],
    });
    expect(scanResponse(twins, { body: utf8('Léa Morel 03/02/2001, 1 place du Marché 13001 Marseille'), headers: {} }).evidence).toEqual([]);
  });

  test('a full postal address is a leak, however spaced and cased; a street or a postal code alone is not', () => {
    expect(found(scan(`<address>12, Rue des LILAS<br>75011 PARIS</address>`))).toEqual([`address:${ADRESSE_A}@body`]);
    expect(found(scan(JSON.stringify({ code_postal: '75011', ville: 'Paris', voie: '12 rue des Lilas' })))).toEqual([`address:${ADRESSE_A}@body`]);
    expect(scan('Livraison rue des Lilas, 75012 Paris; bureau 75011')).toEqual([]);
  });

  test('finds the exact e-mail of every seeded person, whatever its domain, and only those', () => {
    expect(found(scan(`Contact : <a href="mailto:${EMAIL_C}">${EMAIL_C.toUpperCase()}</a>.`))).toEqual([`email:${EMAIL_C}@body`]);
    expect(found(scan(`{"email":"${EMAIL_C.replace('@', '\\u0040')}"}`))).toEqual([`email:${EMAIL_C}@body`]);
    expect(scan('h.petit-7@accounts.invalid, petit-73@accounts.invalid, h.petit-73@accounts.example')).toEqual([]);
    expect(found(scan(`écrire à ${EMAIL_C}.`))).toEqual([`email:${EMAIL_C}@body`]);
  });
});

test.describe('headers and redirects', () => {
  test('finds a canary in an RFC 5987 Content-Disposition filename*', () => {
    const name = encodeURIComponent(`certificat-${CANARY_A1}-médical.pdf`).replace(/-/g, '%2D');
    const evidence = scan('', { 'Content-Disposition': `attachment; filename="certificat.pdf"; filename*=UTF-8''${name}` });
    expect(found(evidence)).toEqual([`canary:${CANARY_A1}@header:content-disposition`]);
  });

  test('finds a canary in an RFC 2047 encoded filename', () => {
    const word = `=?UTF-8?B?${Buffer.from(`${CANARY_A1}.pdf`).toString('base64')}?=`;
    expect(found(scan('', { 'content-disposition': `attachment; filename="${word}"` }))).toEqual([`canary:${CANARY_A1}@header:content-disposition`]);
  });

  test('headers scanned in one pass: each marker at its own header, none made of two neighbours', () => {
    const word = `=?UTF-8?B?${Buffer.from(`${CANARY_A1}.pdf`).toString('base64')}?=`;
    const [local, domain] = EMAIL_A.split('@');
    const headers = {
      'x-begun': 'an encoded word begun =?UTF-8?B?',
      'content-disposition': `attachment; filename="${word}"`,
      'x-escape': '12345678\\',
      'x-nir': NIR_A,
      'x-local': `${local}`,
      'x-domain': `@${domain}`,
      'x-percent': '%4',
      location: `/p?f=${encodeURIComponent(CANARY_A3).replace(/-/g, '%2D')}`,
    };
    expect(found(scan('', headers))).toEqual([`canary:${CANARY_A1}@header:content-disposition`, `canary:${CANARY_A3}@header:location`, `nir:${NIR_A}@header:x-nir`]);
    expect(found(scan('', { 'x-local': `${local}`, 'x-domain': `@${domain}` }))).toEqual([]);
  });

  test('finds a canary in the Location of a 302 with an empty body', () => {
    const evidence = scan('', { location: `/connexion?retour=%2Fpieces%2F${CANARY_A3}%2Ftelecharger` });
    expect(found(evidence)).toEqual([`canary:${CANARY_A3}@header:location`]);
  });
});

test.describe('compressed and binary bodies', () => {
  test('finds markers in a gzip body that arrived still compressed', () => {
    const body = zlib.gzipSync(JSON.stringify({ email: EMAIL_A, pieces: [{ titre: CANARY_A1 }] }));
    expect(found(scan(body, { 'content-encoding': 'gzip' }))).toEqual([`canary:${CANARY_A1}@body`, `email:${EMAIL_A}@body`]);
  });

  test('finds markers in zlib (deflate) and, on a header hint, brotli bodies', () => {
    expect(found(scan(zlib.deflateSync(`titre=${CANARY_A1}`)))).toEqual([`canary:${CANARY_A1}@body`]);
    const br = zlib.brotliCompressSync(`titre=${CANARY_A1}`);
    expect(found(scan(br, { 'Content-Encoding': 'br' }))).toEqual([`canary:${CANARY_A1}@body`]);
  });

  test('finds a canary that pdf-lib wrote into a compressed content stream', async () => {
    const pdf = await pdfWithCanary(CANARY_A3);
    // The premise: a plain byte scan cannot see it.
    expect(Buffer.from(pdf).toString('latin1')).not.toContain('CLSN');
    expect(found(scan(pdf))).toEqual([`canary:${CANARY_A3}@pdf:stream`]);
  });

  test('finds a canary in PDF metadata (UTF-16BE title inside a compressed object stream)', async () => {
    const pdf = await pdfWithCanary('sans marqueur', { title: `Justificatif ${CANARY_A1}` });
    expect(found(scan(pdf))).toEqual([`canary:${CANARY_A1}@pdf:stream`]);
  });

  test('joins a canary split by kerning inside a TJ array', () => {
    const content = `BT /F1 12 Tf 50 700 Td [(CLSN-${RUN_ID}-U0) -20 (75A-) 15 <33> ] TJ ET`;
    const pdf = `%PDF-1.4\n1 0 obj\n<< /Length ${content.length} >>\nstream\n${content}\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`;
    expect(found(scan(pdf))).toEqual([`canary:${CANARY_A3}@pdf:stream`]);
  });

  test('reads a PDF a portal rendered itself with Chromium: Identity-H fonts through their ToUnicode CMaps', async ({ page }) => {
    await page.setContent(`<html><body><h1>Attestation de dépôt</h1><p>Référence : ${CANARY_A3}</p>
      <p>Camille DURAND, née le 12/05/1985</p><p>${ADRESSE_A}</p></body></html>`);
    const pdf = await page.pdf({ format: 'A4' });
    const raw = Buffer.from(pdf).toString('latin1');
    // The premise: a real renderer's PDF, whose text is glyph ids in a compressed stream.
    expect(raw).toMatch(/\/Producer \(Skia\/PDF/);
    expect(raw).toMatch(/\/Encoding \/Identity-H/);
    expect(raw).not.toContain('CLSN');
    expect(found(scan(pdf))).toEqual([
      `address:${ADRESSE_A}@pdf:stream`,
      `canary:${CANARY_A3}@pdf:stream`,
      'identity:Camille DURAND, 1985-05-12@pdf:stream',
    ]);
  });

  test('decodes LZW, ASCII85, ASCIIHex and chained filters', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `BT 50 ${700 - i} Td (ligne ${i} du relevé) Tj ET`);
    const content = utf8(`BT /F1 9 Tf ${lines.join('\n')}\nBT 50 20 Td (${CANARY_A1}) Tj ET`);
    const want = [`canary:${CANARY_A1}@pdf:stream`];
    expect(found(scan(pdfWithStream(['LZWDecode'], lzwEncode(content))))).toEqual(want);
    expect(found(scan(pdfWithStream(['ASCII85Decode', 'FlateDecode'], ascii85Encode(zlib.deflateSync(content)))))).toEqual(want);
    expect(found(scan(pdfWithStream(['AHx'], `${Buffer.from(content).toString('hex')}>`)))).toEqual(want);
    expect(found(scan(pdfWithStream(['A85', 'LZW'], ascii85Encode(lzwEncode(content)))))).toEqual(want);
  });

  test('finds canaries in PNG tEXt and zTXt chunks, reported at the chunk', () => {
    const png = pngWithText([
      { type: 'tEXt', keyword: 'Comment', text: CANARY_A1 },
      { type: 'zTXt', keyword: 'Description', text: `Scan CNI ${CANARY_A3}` },
    ]);
    expect(found(scan(png))).toEqual([`canary:${CANARY_A1}@png:tEXt`, `canary:${CANARY_A3}@png:zTXt`]);
  });

  test('finds a victim file in a ZIP export by entry name, content and SHA-256', () => {
    const zip = zipSync({
      [`dossier-075/${CANARY_A1}.txt`]: utf8('pièce sans marqueur'),
      'dossier-075/notes.txt': utf8(`Contact ${EMAIL_A}`),
      'dossier-075/domicile.pdf': VICTIM_FILE,
    });
    expect(found(scan(zip))).toEqual([
      `canary:${CANARY_A1}@zip:dossier-075/${CANARY_A1}.txt`,
      `email:${EMAIL_A}@zip:dossier-075/notes.txt`,
      `sha256:${sha256Hex(VICTIM_FILE)}@sha256:zip:dossier-075/domicile.pdf`,
    ]);
  });

  test('opens a ZIP inside a ZIP, and a PDF inside a ZIP', async () => {
    const inner = zipSync({ 'inner.txt': utf8(CANARY_B1) });
    const zip = zipSync({ 'lot.zip': inner, 'certificat.pdf': await pdfWithCanary(CANARY_A3) }, { level: 0 });
    expect(found(scan(zip))).toEqual([`canary:${CANARY_A3}@zip:certificat.pdf`, `canary:${CANARY_B1}@zip:lot.zip!/inner.txt`]);
  });

  test('finds a file served as-is by the SHA-256 of the whole body', () => {
    expect(found(scan(VICTIM_FILE))).toEqual([`sha256:${sha256Hex(VICTIM_FILE)}@sha256:body`]);
  });

  test('finds a document returned as base64 inside JSON', async () => {
    const pdf = Buffer.from(await pdfWithCanary(CANARY_A3)).toString('base64');
    const body = JSON.stringify({ nom: 'certificat.pdf', contenu: pdf }).replace(/\//g, '\\/');
    expect(found(scan(body))).toEqual([`canary:${CANARY_A3}@body:base64`]);
  });
});

test.describe('short encodings and mangled canaries', () => {
  test('finds an e-mail and a canary inside a JWT payload (base64url, shorter than a file)', () => {
    const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const jwt = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'u075a', email: EMAIL_A, doc: CANARY_A1 })}.${Buffer.alloc(32, 7).toString('base64url')}`;
    const evidence = scan(JSON.stringify({ token: jwt }));
    expect(found(evidence)).toEqual([`canary:${CANARY_A1}@body:base64`, `email:${EMAIL_A}@body:base64`]);
  });

  test('finds a canary and an e-mail in short base64 and base64url values (ids, cursors)', () => {
    const cursor = Buffer.from(`piece:${CANARY_A3}`).toString('base64url');
    const id = Buffer.from(EMAIL_A).toString('base64');
    expect(cursor.length).toBeLessThan(128);
    expect(found(scan(`/api/pieces?apres=${cursor}&par=${encodeURIComponent(id)}`))).toEqual([`canary:${CANARY_A3}@body:base64`, `email:${EMAIL_A}@body:base64`]);
  });

  test('random tokens and ids of the same length decode to nothing', () => {
    const tokens = Array.from({ length: 50 }, (_, i) => Buffer.from(Array.from({ length: 30 }, (_, k) => (i * 31 + k * 17) % 256)).toString('base64url'));
    expect(scan(JSON.stringify({ tokens }))).toEqual([]);
  });

  test('finds canaries with separators stripped, dotted or spaced, and content markers slugified', () => {
    const stripped = CANARY_A3.replace(/-/g, '');
    expect(found(scan(`fichier ${stripped.toLowerCase()}.pdf`))).toEqual([`canary:${CANARY_A3}@body`]);
    expect(found(scan(`ref ${CANARY_A3.replace(/-/g, '.')} et ${CANARY_B1.replace(/-/g, ' ')}`))).toEqual([`canary:${CANARY_A3}@body`, `canary:${CANARY_B1}@body`].sort());
    expect(found(scan(`empreinte-${CONTENT_A1.toLowerCase()}-2024.txt`))).toEqual([`content:${CONTENT_A1}@body`]);
  });
});

test.describe('negative cases and limits', () => {
  test('unrelated text, foreign domains and look-alike tokens give nothing', () => {
    const body = [
      'Bonjour, votre dossier 075-2026-000123 est en cours.',
      'contact@example.test, camille.durand@example.org',
      `CLSN-${RUN_ID}-U999Z-1`, // well-formed but never planted
      'a'.repeat(64), // 64-hex that is no file of ours
      '299129912345678', // NIR-shaped, not a person of ours
    ].join('\n');
    expect(scan(body)).toEqual([]);
  });

  test('ignores a canary of another run id', () => {
    expect(scan(`titre: CLSN-Z9Z9Z9-U075A-3 and CLSN-R7K2Q-U075A-3`)).toEqual([]);
  });

  test('stops at the inflate budget on a zip bomb and says it was truncated', () => {
    const bomb = zipSync({ 'zeros.bin': new Uint8Array(20 * 1024 * 1024), [`${CANARY_A1}.txt`]: utf8('x') });
    const result = scanResponse(idx, { body: bomb, headers: {} }, { maxInflatedBytes: 1024 * 1024 });
    expect(result.cuts.join('\n')).toContain('zeros.bin');
    // Names are still read: the bomb does not hide the leak next to it.
    expect(found(result.evidence)).toEqual([`canary:${CANARY_A1}@zip:${CANARY_A1}.txt`]);
  });

  test('stops at the inflate budget on a gzip bomb', () => {
    const bomb = zlib.gzipSync(Buffer.alloc(30 * 1024 * 1024, 0x41));
    const result = scanResponse(idx, { body: bomb, headers: {} }, { maxInflatedBytes: 1024 * 1024 });
    expect(result.cuts.join('\n')).toMatch(/gzip output exceeds the inflate budget/);
    expect(result.inflatedBytes).toBeLessThanOrEqual(1024 * 1024);
  });
});

test.describe('references handed out by the portal', () => {
  const withRefs = buildMarkerIndex({ ...population(), references: [{ value: '075-2026-000123', ownerKey: 'u075a' }] });

  test('finds a dossier number wherever it appears, whole tokens only', () => {
    const zip = zipSync({ 'export.csv': utf8('numero;statut\n075-2026-000123;en_cours\n') });
    const evidence = scanResponse(withRefs, { body: zip, headers: { location: '/dossiers/075-2026-000123' } }).evidence;
    expect(found(evidence)).toEqual(['reference:075-2026-000123@header:location', 'reference:075-2026-000123@zip:export.csv']);
    expect(scanResponse(withRefs, { body: utf8('075-2026-0001234 and x075-2026-000123'), headers: {} }).evidence).toEqual([]);
  });
});
