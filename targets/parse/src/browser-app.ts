/**
 * The front end: one HTML shell for every page and a script on the Parse JS SDK. The SDK keeps the
 * session as JSON in localStorage (`Parse/<appId>/currentUser`, the token inside); pages query
 * Parse and render what they get. Files need the session header, so they are fetched and shown
 * through a `blob:` URL (an `<img src>` could not carry it).
 */
export function shellHtml(appId: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Documents</title>
<meta name="parse-app-id" content="${appId}">
<script src="/app/parse.min.js" defer></script><script src="/app/app.js" defer></script></head>
<body>
<header><strong>My documents</strong> <a href="/app">Home</a> <button id="sign-out" type="button" hidden>Sign out</button></header>
<main><p>Loading…</p></main>
</body>
</html>
`;
}

export const SHELL_CSP = "default-src 'self'; img-src 'self' blob:; frame-src blob:; style-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export const APP_SCRIPT = `'use strict';
(() => {
  const appId = document.querySelector('meta[name=parse-app-id]').content;
  Parse.initialize(appId);
  Parse.serverURL = location.origin + '/parse';
  const main = document.querySelector('main');
  const el = (tag, text, attrs) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    return node;
  };
  const show = (...nodes) => main.replaceChildren(...nodes);
  const user = Parse.User.current();
  const path = location.pathname.replace(/\\/+$/, '');

  const signIn = () => {
    const form = el('form', undefined, { id: 'sign-in' });
    const email = el('input', undefined, { name: 'email', type: 'email', autocomplete: 'username' });
    const password = el('input', undefined, { name: 'password', type: 'password', autocomplete: 'current-password' });
    const error = el('p', '', { role: 'alert' });
    form.append(el('label', 'E-mail '), email, el('label', ' Password '), password, el('button', 'Sign in', { type: 'submit' }), error);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      Parse.User.logIn(email.value, password.value).then(() => location.assign('/app'), () => { error.textContent = 'Wrong e-mail or password.'; });
    });
    show(el('h1', 'Sign in'), form);
  };

  // Objects by id are read over REST with the SDK's session, the request sent as the script runs:
  // another user's object answers 404 (an SDK query would answer an empty 200).
  const byId = (className, id) => {
    const headers = { 'X-Parse-Application-Id': appId };
    if (user) headers['X-Parse-Session-Token'] = user.getSessionToken();
    return fetch('/parse/classes/' + className + '/' + encodeURIComponent(id), { headers }).then(async (answer) => {
      const body = await answer.json();
      if (!answer.ok) throw body;
      return body;
    });
  };

  // Cloud functions too, with the session in the header: the SDK's Parse.Cloud.run would put the
  // session token in the request's body, where logs and replays keep it.
  const cloud = (name, params) => {
    const headers = { 'X-Parse-Application-Id': appId, 'Content-Type': 'application/json' };
    if (user) headers['X-Parse-Session-Token'] = user.getSessionToken();
    return fetch('/parse/functions/' + name, { method: 'POST', headers, body: JSON.stringify(params) }).then(async (answer) => {
      const body = await answer.json();
      if (!answer.ok) throw body;
      return body.result;
    });
  };

  const documentLink = (doc) => {
    const item = el('li');
    item.append(el('a', doc.get('title'), { href: '/app/documents/' + doc.id }), el('span', ' (' + doc.get('type') + ')'));
    return item;
  };

  const home = async () => {
    const [dossiers, documents] = await Promise.all([
      new Parse.Query('Dossier').ascending('holder').find(),
      new Parse.Query('Document').descending('createdAt').limit(200).find(),
    ]);
    // Each dossier with its summary (how many documents, the latest one's title).
    const summaries = await Promise.all(dossiers.map((dossier) => cloud('dossierSummary', { dossierId: dossier.id })));
    const dossierList = el('ul');
    dossiers.forEach((dossier, index) => {
      const { documents: held } = summaries[index];
      const item = el('li');
      item.append(el('a', dossier.get('holder'), { href: '/app/dossiers/' + dossier.id }), el('span', ' · ' + held.length + ' document(s)' + (held[0] ? ', latest: ' + held[0].title : '')));
      dossierList.append(item);
    });
    const list = el('ul');
    for (const doc of documents) list.append(documentLink(doc));
    show(el('h1', 'Dossiers'), dossierList, el('h2', 'Documents'), documents.length ? list : el('p', 'No document.'));
  };

  const dossierPage = async (id) => {
    const dossier = await byId('Dossier', id);
    const pointer = Parse.Object.extend('Dossier').createWithoutData(dossier.objectId);
    const documents = await new Parse.Query('Document').equalTo('dossier', pointer).descending('createdAt').find();
    const list = el('ul');
    for (const doc of documents) list.append(documentLink(doc));
    show(el('h1', 'Dossier of ' + dossier.holder), el('p', 'NIR ' + dossier.nir + ' · MDPH ' + dossier.mdph), list);
  };

  const documentPage = async (id) => {
    const doc = await byId('Document', id);
    const figure = el('figure');
    show(el('h1', doc.title), el('p', doc.type + ' · ' + doc.fileName), figure);
    const answer = await fetch(doc.file.url, { headers: { 'X-Parse-Application-Id': appId, 'X-Parse-Session-Token': user ? user.getSessionToken() : '' } });
    if (!answer.ok) {
      figure.append(el('p', 'The file could not be opened.'));
      return;
    }
    const blob = await answer.blob();
    const url = URL.createObjectURL(blob);
    if (blob.type.startsWith('image/')) figure.append(el('img', undefined, { src: url, alt: doc.title }));
    figure.append(el('a', 'Open the file', { href: url, download: doc.fileName }));
  };

  const documentMatch = /^\\/app\\/documents\\/([A-Za-z0-9]+)$/.exec(path);
  const dossierMatch = /^\\/app\\/dossiers\\/([A-Za-z0-9]+)$/.exec(path);
  if (path === '/app/login') return user ? location.assign('/app') : signIn();
  if (user) {
    const out = document.getElementById('sign-out');
    out.hidden = false;
    out.addEventListener('click', () => Parse.User.logOut().finally(() => location.assign('/app/login')));
  } else if (!documentMatch && !dossierMatch) {
    return signIn();
  }
  // A deep link is loaded as whoever is signed in (or nobody); a refusal signed out asks to sign in.
  const page = documentMatch ? documentPage(documentMatch[1]) : dossierMatch ? dossierPage(dossierMatch[1]) : home();
  page.catch((error) => {
    if (!user) return signIn();
    show(el('h1', error && error.code === 101 ? 'Not found' : 'Something went wrong'), el('p', error && error.code === 101 ? 'No such document.' : 'Please try again.'));
  });
})();
`;
