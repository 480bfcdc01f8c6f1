import { expect, test } from '@playwright/test';
import { decide, isDestructive } from './controls';

const origin = 'http://portal.test';

test('sign-out and destructive controls are recognised by their label or their URL', () => {
  expect(isDestructive({ text: 'Se déconnecter', url: `${origin}/session/end` })).toBe(true);
  expect(isDestructive({ text: 'Quitter', url: `${origin}/logout` })).toBe(true);
  expect(isDestructive({ text: 'Supprimer la pièce', url: `${origin}/files/3` })).toBe(true);
  expect(isDestructive({ text: 'x', url: `${origin}/files/3?action=delete` })).toBe(true);
  expect(isDestructive({ text: 'Télécharger', url: `${origin}/files/3/raw` })).toBe(false);
});

test('same-origin links and GET forms are followed, unsafe forms only noted, the rest left alone', () => {
  expect(decide({ kind: 'link', method: 'GET', url: `${origin}/cases/3`, text: 'Dossier' }, origin)).toBe('follow');
  expect(decide({ kind: 'form', method: 'GET', url: `${origin}/search?q=`, text: 'Chercher' }, origin)).toBe('follow');
  expect(decide({ kind: 'form', method: 'POST', url: `${origin}/cases/3/files`, text: 'Déposer' }, origin)).toBe('note');
  expect(decide({ kind: 'form', method: 'POST', url: `${origin}/logout`, text: 'Se déconnecter' }, origin)).toBe('skip');
  expect(decide({ kind: 'link', method: 'GET', url: 'https://elsewhere.test/x', text: 'ailleurs' }, origin)).toBe('skip');
  expect(decide({ kind: 'link', method: 'GET', url: 'mailto:someone@example.test', text: 'écrire' }, origin)).toBe('skip');
});
