import { html } from './html';
import { layout, type PageContext } from './layout';

const TITLES: Record<number, string> = {
  400: 'Requête invalide',
  401: 'Connexion requise',
  403: 'Accès refusé',
  404: 'Page introuvable',
  409: 'Conflit',
  413: 'Fichier trop volumineux',
  415: 'Type de fichier non accepté',
};

export function errorPage(status: number, message: string, context: PageContext): string {
  return layout(TITLES[status] ?? 'Erreur', context, html`<p class="error" data-testid="error">${message}</p>`);
}
