import { expect, test } from '@playwright/test';
import { urlsInHtml, urlsInText, variableName } from './script-urls';

const script = `
  function oldUrl(id) { return '/api/v1/files/' + id + '/fetch'; }
  function newUrl(file) { return "/api/v2/files/" + file.id + "/raw"; }
  fetch('/api/v2/cases/' + encodeURIComponent(caseId) + '/files', { credentials: 'same-origin' });
  const share = \`/share/\${token}?lang=fr\`;
  const page = 'http://portal.test/help/faq';
  const notAPath = 'a / b', regex = /\\d+/, ratio = 1 / 2, comment = '// not a path';
  el.className = 'piece-titre';
`;

test('concatenations, template literals and plain path literals are read out of a script', () => {
  const found = urlsInText(script, 'http://portal.test');
  expect(found).toEqual([
    { path: '/api/v1/files/{id}/fetch', variables: ['id'] },
    { path: '/api/v2/files/{fileId}/raw', variables: ['fileId'] },
    { path: '/api/v2/cases/{caseId}/files', variables: ['caseId'] },
    { path: '/share/{token}?lang=fr', variables: ['token'] },
    { path: '/help/faq', variables: [] },
  ]);
});

test('variables are named after what they hold', () => {
  expect(variableName('id')).toBe('id');
  expect(variableName('piece.id')).toBe('pieceId');
  expect(variableName('encodeURIComponent(dossierId)')).toBe('dossierId');
  expect(variableName(' item.uuid ')).toBe('itemUuid');
});

test('a page gives its links and inline script paths, not its prose nor its form targets', () => {
  const html = `<p>L'usager peut "déposer" ici</p><a href="/cases/3?tab=files&amp;x=1">Dossier</a>
    <img src='/img/logo.png'><div data-href="/help"></div><form method="post" action="/logout"></form>
    <a href="https://elsewhere.test/x">ailleurs</a><script>var u = '/api/' + kind + '/list';</script>`;
  expect(urlsInHtml(html, 'http://portal.test').map((url) => url.path)).toEqual(['/cases/3?tab=files&x=1', '/img/logo.png', '/help', '/api/{kind}/list']);
});
