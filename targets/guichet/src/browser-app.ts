/**
 * The browser side of guichet: one HTML shell for every page, and a script that reads the bearer
 * token from sessionStorage (it dies with the tab), calls the JSON API and renders what it gets. The server never renders
 * a member's data into HTML: everything a page shows arrived by fetch.
 */
export const TOKEN_STORAGE_KEY = 'guichet.accessToken';

export const SHELL_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Guichet</title><script src="/app/app.js" defer></script></head>
<body>
<header><strong>Guichet</strong> <button id="sign-out" type="button" hidden>Sign out</button></header>
<main><p>Loading…</p></main>
</body>
</html>
`;

export const SHELL_CSP = "default-src 'self'; img-src 'self' blob:; style-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export const APP_SCRIPT = `'use strict';
(() => {
  const KEY = ${JSON.stringify(TOKEN_STORAGE_KEY)};
  const main = document.querySelector('main');
  const token = sessionStorage.getItem(KEY);

  const el = (tag, text, attrs) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    return node;
  };
  const show = (...nodes) => main.replaceChildren(...nodes);
  const toLogin = () => { sessionStorage.removeItem(KEY); location.assign('/app/login'); };

  // Every call carries the token the login stored; a 401 means the session is over.
  const api = async (url, init) => {
    const headers = { Accept: 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    const response = await fetch(url, { ...init, headers: { ...headers, ...((init && init.headers) || {}) } });
    if (response.status === 401) { toLogin(); throw new Error('signed out'); }
    return response;
  };

  const fileItem = (file) => {
    const item = el('li');
    item.append(el('a', file.label, { href: '/app/files/' + encodeURIComponent(file.fileId) }), el('span', ' (' + file.kind + ')'));
    return item;
  };

  const caseItem = (row) => {
    const item = el('li');
    item.append(el('a', 'Case ' + row.caseRef, { href: '/app/cases/' + encodeURIComponent(row.caseRef) }), el('span', ' (office ' + row.office + ', ' + row.state + ')'));
    return item;
  };
  const back = () => {
    const paragraph = el('p');
    paragraph.append(el('a', 'Back to your cases', { href: '/app' }));
    return paragraph;
  };

  // A download needs the bearer token, which a plain link cannot carry: the script fetches the
  // bytes and hands them to the browser as a file.
  const saveFile = async (file) => {
    const response = await api('/v3/files/' + encodeURIComponent(file.fileId) + '/blob');
    if (!response.ok) throw new Error('download ' + response.status);
    const url = URL.createObjectURL(await response.blob());
    el('a', undefined, { href: url, download: file.fileName }).click();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  };

  // The search over one's own files: the API answers, the page lists what it found.
  const searchBox = () => {
    const form = el('form', undefined, { role: 'search' });
    const term = el('input', undefined, { name: 'term', type: 'search', minlength: '2', required: '' });
    const results = el('ul');
    form.append(el('label', 'Search your files'), term, el('button', 'Search', { type: 'submit' }));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const response = await api('/v3/lookup?term=' + encodeURIComponent(term.value));
      const found = response.ok ? (await response.json()).items : [];
      results.replaceChildren(...(found.length > 0 ? found.map(fileItem) : [el('li', 'No file matches.')]));
    });
    return [el('h2', 'Search'), form, results];
  };

  const views = {
    async login() {
      const form = el('form');
      const login = el('input', undefined, { name: 'login', type: 'email', autocomplete: 'username', required: '' });
      const secret = el('input', undefined, { name: 'secret', type: 'password', autocomplete: 'current-password', required: '' });
      const message = el('p');
      form.append(el('label', 'E-mail'), login, el('label', 'Password'), secret, el('button', 'Sign in', { type: 'submit' }), message);
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const response = await fetch('/v3/auth/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: login.value, secret: secret.value }) });
        if (response.status !== 201) { message.textContent = 'Wrong e-mail or password.'; return; }
        sessionStorage.setItem(KEY, (await response.json()).accessToken);
        location.assign('/app');
      });
      show(el('h1', 'Sign in'), form);
    },
    async home() {
      const me = await (await api('/v3/me')).json();
      const cases = await (await api('/v3/cases')).json();
      const files = await (await api('/v3/files')).json();
      const caseList = el('ul');
      caseList.append(...cases.items.map(caseItem));
      const fileList = el('ul');
      fileList.append(...files.items.map(fileItem));
      show(el('h1', 'Hello ' + me.givenName + ' ' + me.familyName), el('h2', 'Your cases'), caseList, el('h2', 'Your files'), fileList, ...searchBox());
    },
    async file(fileId) {
      const response = await api('/v3/files/' + encodeURIComponent(fileId));
      if (!response.ok) { show(el('h1', 'This file is not available.')); return; }
      const file = await response.json();
      const caseLink = el('p', 'Case ');
      caseLink.append(el('a', file.caseRef, { href: '/app/cases/' + encodeURIComponent(file.caseRef) }));
      const download = el('button', 'Download', { type: 'button' });
      download.addEventListener('click', () => saveFile(file).catch(() => { download.textContent = 'Download failed'; }));
      const nodes = [el('h1', file.label), el('p', file.kind + ' · ' + file.fileName + ' · ' + file.size + ' bytes'), caseLink, download];
      const thumbnail = await api('/v3/files/' + encodeURIComponent(fileId) + '/thumbnail');
      if (thumbnail.ok) nodes.push(el('img', undefined, { alt: 'Preview', src: URL.createObjectURL(await thumbnail.blob()) }));
      show(...nodes, back());
    },
    async case(caseRef) {
      const response = await api('/v3/cases/' + encodeURIComponent(caseRef));
      const body = response.ok ? await response.json() : { ok: false, error: { message: 'This case is not available.' } };
      if (!body.ok) { show(el('h1', body.error.message)); return; }
      // The header comes with the case; its files are a list of their own (the API pages it).
      const files = await api('/v3/cases/' + encodeURIComponent(caseRef) + '/files');
      const list = el('ul');
      if (files.ok) list.append(...(await files.json()).items.map(fileItem));
      const holder = body.data.holder ? body.data.holder.givenName + ' ' + body.data.holder.familyName : '';
      show(el('h1', 'Case of ' + holder), el('p', 'Office ' + body.data.office + ' · ' + body.data.state), list, back());
    },
  };

  const signOut = document.getElementById('sign-out');
  if (token) {
    signOut.hidden = false;
    signOut.addEventListener('click', async () => { await api('/v3/auth/tokens/current', { method: 'DELETE' }).catch(() => undefined); toLogin(); });
  }

  const path = location.pathname;
  const match = (pattern) => pattern.exec(path);
  let page;
  if (path === '/app/login') page = views.login();
  else if (match(/^\\/app\\/files\\/([^/]+)$/)) page = views.file(decodeURIComponent(match(/^\\/app\\/files\\/([^/]+)$/)[1]));
  else if (match(/^\\/app\\/cases\\/([^/]+)$/)) page = views.case(decodeURIComponent(match(/^\\/app\\/cases\\/([^/]+)$/)[1]));
  else page = views.home();
  page.catch((error) => { if (String(error).indexOf('signed out') === -1) show(el('p', 'Something went wrong.')); });
})();
`;
