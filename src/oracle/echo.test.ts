import { expect, test } from '@playwright/test';
import { echoableText } from './echo';

test('a marker sent in the query, even double-encoded, is recognised as the requester\'s own', () => {
  const marker = 'CLN-7F3A-u075a-d1';
  expect(echoableText({ url: `/recherche?q=${encodeURIComponent(encodeURIComponent(marker))}` })).toContain(marker);
  expect(echoableText({ url: '/recherche?q=certificat+m%C3%A9dical' })).toContain('certificat médical');
  expect(echoableText({ url: '/x', body: 'titre=075-2026-000123' })).toContain('075-2026-000123');
});

test('a marker the requester never sent is not an echo', () => {
  expect(echoableText({ url: '/api/pieces/12/contenu' })).not.toContain('CLN-7F3A-u075b-d2');
  expect(echoableText({ url: '/bad%E0%A4%A' })).toContain('/bad');
});
