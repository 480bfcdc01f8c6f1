import type { Piece } from '../model';
import type { DossierWithUsager } from '../repositories/dossiers';
import { html } from './html';
import { ETAT_LABELS, PIECE_TYPE_LABELS, STATUT_LABELS } from './labels';
import { layout, type PageContext } from './layout';

export function agentListPage(context: PageContext, mdphNom: string, dossiers: readonly DossierWithUsager[]): string {
  const rows = dossiers.map(
    (dossier) => html`<tr data-dossier-id="${dossier.id}">
      <td><a href="/agent/dossiers/${dossier.id}">${dossier.numero}</a></td>
      <td>${dossier.prenom} ${dossier.nom}</td>
      <td>${STATUT_LABELS[dossier.statut] ?? dossier.statut}</td>
    </tr>`,
  );
  return layout(
    `Dossiers — ${mdphNom}`,
    context,
    html`<table data-testid="agent-dossiers">
      <thead><tr><th>Numéro</th><th>Usager</th><th>Statut</th></tr></thead>
      <tbody>${rows}</tbody>
    </table>`,
  );
}

export function agentDossierPage(context: PageContext, dossier: DossierWithUsager, pieces: readonly Piece[]): string {
  const items = pieces.map(
    (piece) => html`<li data-piece-id="${piece.id}">
      <a href="/pieces/${piece.id}">${piece.titre}</a> (${PIECE_TYPE_LABELS[piece.type]}, ${piece.nom_fichier}) — ${ETAT_LABELS[piece.etat]}
      · <a href="/api/v2/pieces/${piece.id}/contenu">Télécharger</a>
    </li>`,
  );
  return layout(
    `Dossier ${dossier.numero}`,
    context,
    html`<dl data-testid="usager">
      <dt>Usager</dt><dd>${dossier.prenom} ${dossier.nom}</dd>
      <dt>Né(e) le</dt><dd>${dossier.date_naissance ?? ''}</dd>
      <dt>NIR</dt><dd>${dossier.nir ?? ''}</dd>
      <dt>Adresse</dt><dd>${dossier.adresse ?? ''}</dd>
      <dt>Courriel</dt><dd>${dossier.email}</dd>
      <dt>Statut</dt><dd>${STATUT_LABELS[dossier.statut] ?? dossier.statut}</dd>
    </dl>
    <h2>Pièces</h2>
    <ul id="pieces" data-testid="pieces">${items}</ul>
    <p><a href="/agent">Retour aux dossiers</a></p>`,
  );
}
