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
      const files = await (await api('/v3/files')).json();
      const list = el('ul');
      list.append(...files.items.map(fileItem));
      show(el('h1', 'Hello ' + me.givenName + ' ' + me.familyName), el('h2', 'Your files'), list);
    },
    async file(fileId) {
      const response = await api('/v3/files/' + encodeURIComponent(fileId));
      if (!response.ok) { show(el('h1', 'This file is not available.')); return; }
      const file = await response.json();
      const nodes = [el('h1', file.label), el('p', file.kind + ' · ' + file.fileName + ' · ' + file.size + ' bytes'), el('p', 'Case ' + file.caseRef)];
      const thumbnail = await api('/v3/files/' + encodeURIComponent(fileId) + '/thumbnail');
      if (thumbnail.ok) nodes.push(el('img', undefined, { alt: 'Preview', src: URL.createObjectURL(await thumbnail.blob()) }));
      show(...nodes);
    },
    async case(caseRef) {
      const response = await api('/v3/cases/' + encodeURIComponent(caseRef));
      const body = response.ok ? await response.json() : { ok: false, error: { message: 'This case is not available.' } };
      if (!body.ok) { show(el('h1', body.error.message)); return; }
      const list = el('ul');
      list.append(...body.data.files.map(fileItem));
      const holder = body.data.holder ? body.data.holder.givenName + ' ' + body.data.holder.familyName : '';
      show(el('h1', 'Case of ' + holder), el('p', 'Office ' + body.data.office + ' · ' + body.data.state), list);
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
