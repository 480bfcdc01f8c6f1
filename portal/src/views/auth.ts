import type { Mdph } from '../model';
import { html } from './html';
import { layout, type PageContext } from './layout';

export function loginPage(context: PageContext, error?: string, email = ''): string {
  return layout(
    'Connexion',
    context,
    html`${error ? html`<p class="error" role="alert" data-testid="error">${error}</p>` : ''}
    <form method="post" action="/connexion" data-testid="login-form">
      <input type="hidden" name="_csrf" value="${context.csrf ?? ''}">
      <label>Adresse électronique <input type="email" name="email" value="${email}" required autocomplete="username"></label>
      <label>Mot de passe <input type="password" name="password" required autocomplete="current-password"></label>
      <button type="submit">Se connecter</button>
    </form>
    <p><a href="/inscription">Créer un compte</a></p>`,
  );
}

export interface SignupValues {
  prenom?: string;
  nom?: string;
  date_naissance?: string;
  email?: string;
  mdph?: string;
}

export function signupPage(context: PageContext, mdphs: readonly Mdph[], values: SignupValues = {}, error?: string): string {
  const options = mdphs.map(
    (mdph) => html`<option value="${mdph.code}" ${values.mdph === mdph.code ? html`selected` : ''}>${mdph.nom}</option>`,
  );
  return layout(
    'Créer un compte',
    context,
    html`${error ? html`<p class="error" role="alert" data-testid="error">${error}</p>` : ''}
    <form method="post" action="/inscription" data-testid="signup-form">
      <input type="hidden" name="_csrf" value="${context.csrf ?? ''}">
      <label>Prénom <input name="prenom" value="${values.prenom ?? ''}" required></label>
      <label>Nom <input name="nom" value="${values.nom ?? ''}" required></label>
      <label>Date de naissance <input type="date" name="date_naissance" value="${values.date_naissance ?? ''}" required></label>
      <label>Adresse électronique <input type="email" name="email" value="${values.email ?? ''}" required autocomplete="username"></label>
      <label>Mot de passe (8 caractères au moins) <input type="password" name="password" minlength="8" required autocomplete="new-password"></label>
      <label>MDPH <select name="mdph" required>${options}</select></label>
      <button type="submit">Créer mon compte</button>
    </form>`,
  );
}
