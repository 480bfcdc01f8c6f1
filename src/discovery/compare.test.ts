import { expect, test } from '@playwright/test';
import { nearIdentical, normaliseBody, similarity } from './compare';

const page = (who: string, csrf: string, when: string, body: string): string =>
  `<header>${who} <form><input type="hidden" name="_csrf" value="${csrf}"></form></header><p>Mis à jour le ${when}</p>${body}`;

test('what varies per request or per requester is set aside before comparing', () => {
  const a = normaliseBody(page('Ada Lovelace', 'Xy12AbCdEfGh34IjKlMnOp56', '2026-03-01T10:00:00Z', 'dossier'), ['Ada Lovelace', 'Ada', 'Lovelace']);
  const b = normaliseBody(page('Alan Turing', 'Qr98StUvWxYz76AbCdEfGh54', '2026-03-02T11:30:12Z', 'dossier'), ['Alan Turing', 'Alan', 'Turing']);
  expect(a).toBe(b);
  expect(normaliseBody('{"csrfToken":"abc","at":"12/03/2026 10:02"}', [])).toBe('{"csrfToken":"⟨token⟩","at":"⟨date⟩ ⟨time⟩"}');
});

test('the owner\'s page shown to someone else is near-identical; a refusal or another page is not', () => {
  const body = '<h1>Certificat médical</h1><dl><dt>Taille</dt><dd>12 Ko</dd><dt>État</dt><dd>reçue</dd></dl>';
  const owner = page('Ada Lovelace', 'tok1tok1tok1tok1tok1tok1', '2026-03-01T10:00:00Z', body);
  const attacker = page('Alan Turing', 'tok2tok2tok2tok2tok2tok2', '2026-03-01T10:00:01Z', body);
  const refusal = page('Alan Turing', 'tok2tok2tok2tok2tok2tok2', '2026-03-01T10:00:01Z', '<h1>Page introuvable</h1>');
  expect(nearIdentical(owner, ['Ada Lovelace'], attacker, ['Alan Turing']).same).toBe(true);
  expect(nearIdentical(owner, ['Ada Lovelace'], refusal, ['Alan Turing']).same).toBe(false);
  expect(nearIdentical('{"id":4,"titre":"Avis"}', [], 'Not found', []).same).toBe(false);
});

test('similarity is a proportion of shared words', () => {
  expect(similarity('a b c d', 'a b c d')).toBe(1);
  expect(similarity('a b c d', 'e f g h')).toBe(0);
  expect(similarity('a b c d', 'a b x y')).toBe(0.5);
  expect(similarity('', 'a')).toBe(0);
});
