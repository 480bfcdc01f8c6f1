import type { Dossier, Piece } from '../model';
import { html } from './html';
import { ETAT_LABELS, formatBytes, PIECE_TYPE_LABELS, STATUT_LABELS } from './labels';
import { layout, type PageContext } from './layout';

function demandesOf(dossier: Dossier): string {
  const demandes = JSON.parse(dossier.demandes) as string[];
  return demandes.length > 0 ? demandes.map((demande) => demande.toUpperCase()).join(', ') : 'aucune pour le moment';
}

/** `recapFor`: the usager whose summary the page's script loads (the usager, or the one represented). */
export function espacePage(context: PageContext, dossiers: readonly Dossier[], recapFor: number | null): string {
  const items = dossiers.map(
    (dossier) => html`<li data-dossier-id="${dossier.id}">
      <a href="/dossiers/${dossier.id}">Dossier ${dossier.numero}</a> — ${STATUT_LABELS[dossier.statut] ?? dossier.statut}
    </li>`,
  );
  return layout(
    'Mon espace',
    context,
    html`<h2>Mes dossiers</h2>
    ${dossiers.length > 0 ? html`<ul id="dossiers" data-testid="dossiers">${items}</ul>` : html`<p>Aucun dossier.</p>`}
    ${recapFor === null ? '' : html`<h2>Mon récapitulatif</h2><ul id="recapitulatif" data-testid="recapitulatif" data-usager-id="${recapFor}"></ul>`}`,
  );
}

/** The list of pièces and the summary line are filled in the browser by /static/app.js from the dossier's API. */
export function dossierPage(context: PageContext, dossier: Dossier, canWrite: boolean): string {
  return layout(
    `Dossier ${dossier.numero}`,
    context,
    html`<dl>
      <dt>Statut</dt><dd data-testid="statut">${STATUT_LABELS[dossier.statut] ?? dossier.statut}</dd>
      <dt>Demandes</dt><dd>${demandesOf(dossier)}</dd>
    </dl>
    <p id="synthese" data-testid="synthese" data-dossier-id="${dossier.id}"></p>
    <h2>Pièces justificatives</h2>
    <ul id="pieces" data-testid="pieces" data-dossier-id="${dossier.id}"></ul>
    <p>
      ${canWrite ? html`<a href="/dossiers/${dossier.id}/pieces/nouvelle" data-testid="upload-link">Déposer une pièce</a> ·` : ''}
      <a href="/api/v2/dossiers/${dossier.id}/export" data-testid="export-link">Télécharger le dossier (ZIP)</a>
    </p>`,
  );
}

export function uploadPage(context: PageContext, dossier: Dossier): string {
  const types = Object.entries(PIECE_TYPE_LABELS).map(([value, label]) => html`<option value="${value}">${label}</option>`);
  return layout(
    'Déposer une pièce',
    context,
    html`<p>Dossier ${dossier.numero}. Formats acceptés : PDF, PNG, JPEG, texte.</p>
    <form method="post" action="/dossiers/${dossier.id}/pieces" enctype="multipart/form-data" data-testid="upload-form">
      <input type="hidden" name="_csrf" value="${context.csrf ?? ''}">
      <label>Type de pièce <select name="type" required>${types}</select></label>
      <label>Titre <input name="titre" maxlength="200" required></label>
      <label>Fichier <input type="file" name="fichier" accept="application/pdf,image/png,image/jpeg,text/plain" required></label>
      <button type="submit">Déposer</button>
    </form>
    <p><a href="/dossiers/${dossier.id}">Retour au dossier</a></p>`,
  );
}

export function piecePage(context: PageContext, piece: Piece, dossier: Dossier): string {
  return layout(
    piece.titre,
    context,
    html`<dl data-testid="piece" data-piece-id="${piece.id}">
      <dt>Type</dt><dd>${PIECE_TYPE_LABELS[piece.type]}</dd>
      <dt>Nom du fichier</dt><dd data-testid="nom-fichier">${piece.nom_fichier}</dd>
      <dt>Taille</dt><dd>${formatBytes(piece.taille)}</dd>
      <dt>SHA-256</dt><dd><code>${piece.sha256}</code></dd>
      <dt>État</dt><dd data-testid="etat">${ETAT_LABELS[piece.etat]}</dd>
      <dt>Déposée le</dt><dd>${new Date(piece.deposee_le).toLocaleString('fr-FR', { timeZone: 'Europe/Paris' })}</dd>
    </dl>
    <p>
      <a href="/api/v2/pieces/${piece.id}/contenu" data-testid="download">Télécharger</a> ·
      <a href="/api/v2/pieces/${piece.id}/apercu" data-testid="preview">Aperçu</a> ·
      <a href="/dossiers/${dossier.id}/fichiers/${encodeURIComponent(piece.stored_name)}" data-testid="open">Ouvrir</a>
    </p>
    <p><a href="/dossiers/${dossier.id}">Dossier ${dossier.numero}</a></p>`,
  );
}
