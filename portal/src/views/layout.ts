import type { User } from '../model';
import { html, type Html } from './html';

export interface PageContext {
  user: User | null;
  /** CSRF token of the session, needed by the logout form in the header. */
  csrf: string | null;
}

function nav({ user, csrf }: PageContext): Html {
  if (!user) return html`<nav><a href="/connexion">Connexion</a> · <a href="/inscription">Créer un compte</a></nav>`;
  const home = user.role === 'agent' ? html`<a href="/agent">Dossiers de la MDPH</a>` : html`<a href="/espace">Mon espace</a>`;
  return html`<nav>
    ${home}
    <span class="who" data-testid="who">${user.prenom} ${user.nom}</span>
    <form method="post" action="/deconnexion" class="inline">
      <input type="hidden" name="_csrf" value="${csrf ?? ''}">
      <button type="submit" data-testid="logout">Se déconnecter</button>
    </form>
  </nav>`;
}

export function layout(title: string, context: PageContext, body: Html): string {
  return html`<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title} — MDPH en ligne</title>
  <link rel="stylesheet" href="/static/style.css">
</head>
<body>
  <header><strong>MDPH en ligne</strong> ${nav(context)}</header>
  <main>
    <h1>${title}</h1>
    ${body}
  </main>
  <script src="/static/app.js" defer></script>
</body>
</html>`.text;
}
