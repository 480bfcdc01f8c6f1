import { expect, test } from '@playwright/test';
import { isStorageLike, protectedFieldsOf } from './protected-fields';

test('ids of the owner and storage keys that differ from the victim\'s are protected fields; the rest is not', () => {
  const own = { id: 41, folder: 7, title: 'Avis', storage: '41-avis.pdf', digest: 'ab'.repeat(32), size: 1200, kind: 'pdf', mime: 'application/pdf', at: '2026-12-01T03:00:00.120Z', state: 'new' };
  const victim = { id: 42, folder: 9, title: 'Bilan', storage: '42-bilan.png', digest: 'cd'.repeat(32), size: 800, kind: 'png', mime: 'image/png', at: '2026-12-01T03:00:01.450Z', state: 'new' };
  const { fields, reason } = protectedFieldsOf(own, victim, [41, '7', 'owner@example.test']);
  expect(reason).toBeUndefined();
  expect(fields.map(({ name, kind, victim: value }) => [name, kind, value])).toEqual([
    ['id', 'identifier', 42],
    ['folder', 'identifier', 9],
    ['storage', 'storage', '42-bilan.png'],
    ['digest', 'storage', 'cd'.repeat(32)],
  ]);
});

test('a pointer or file reference is substituted whole', () => {
  const own = { owner: { kind: 'Pointer', objectId: 'u1' }, file: { name: 'a.pdf', url: 'http://h/files/a.pdf' }, tags: ['u1'] };
  const victim = { owner: { kind: 'Pointer', objectId: 'u2' }, file: { name: 'b.pdf', url: 'http://h/files/b.pdf' }, tags: ['u2'] };
  const { fields } = protectedFieldsOf(own, victim, ['u1']);
  expect(fields).toEqual([
    { name: 'owner', kind: 'identifier', own: own.owner, victim: victim.owner },
    { name: 'file', kind: 'storage', own: own.file, victim: victim.file },
  ]);
});

test('no field is tried where the values are the same, absent from the victim\'s answer, or the answer is no object', () => {
  expect(protectedFieldsOf({ folder: 7, path: '/a/b.pdf' }, { folder: 7 }, [7]).fields).toEqual([]);
  expect(protectedFieldsOf({ folder: 7 }, { folder: 7 }, [7]).reason).toMatch(/no field/);
  expect(protectedFieldsOf('<html>', {}, []).reason).toMatch(/owner's metadata answer is not a JSON object/);
  expect(protectedFieldsOf([{ id: 1 }], [{ id: 2 }], [1]).reason).toMatch(/not a JSON object/);
});

test('storage-like: file names, paths, URLs and digests, not instants, decimals, mime types or e-mail addresses', () => {
  for (const value of ['12-avis.pdf', '/srv/store/3/12-avis.pdf', 'https://files.example.test/x/y', 'f'.repeat(40)]) expect(isStorageLike(value), value).toBe(true);
  for (const value of ['2026-12-01T03:00:00.120Z', '3.14', 'application/pdf', 'qa@example.test', 'Pièce n° 3', 12]) expect(isStorageLike(value), String(value)).toBe(false);
});
