// MDPH en ligne — front-end script.
// On the dossier page, builds the list of pièces from the JSON API.
(function () {
  'use strict';

  // v1 clients listed pièces as { pieceId, fichier } and downloaded them from the v1 API.
  // Kept for pages cached before the v2 migration.
  function legacyDownloadUrl(id) {
    return '/api/v1/pieces/' + id + '/download';
  }

  function downloadUrl(piece) {
    if (piece.id === undefined && piece.pieceId !== undefined) return legacyDownloadUrl(piece.pieceId);
    return '/api/v2/pieces/' + piece.id + '/contenu';
  }

  function pieceItem(piece) {
    var id = piece.id !== undefined ? piece.id : piece.pieceId;
    var item = document.createElement('li');
    item.setAttribute('data-piece-id', String(id));

    var title = document.createElement('a');
    title.href = '/pieces/' + id;
    title.className = 'piece-titre';
    title.textContent = piece.titre;
    item.appendChild(title);

    var fileName = document.createElement('span');
    fileName.className = 'piece-fichier';
    fileName.textContent = ' ' + (piece.nomFichier || piece.fichier || '') + ' ';
    item.appendChild(fileName);

    var download = document.createElement('a');
    download.href = downloadUrl(piece);
    download.className = 'piece-telecharger';
    download.setAttribute('data-testid', 'download');
    download.textContent = 'Télécharger';
    item.appendChild(download);
    return item;
  }

  function showMessage(list, text) {
    var item = document.createElement('li');
    item.className = 'message';
    item.textContent = text;
    list.appendChild(item);
  }

  function loadPieces(list) {
    var dossierId = list.getAttribute('data-dossier-id');
    fetch('/api/v2/dossiers/' + encodeURIComponent(dossierId) + '/pieces', {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    })
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      .then(function (pieces) {
        list.textContent = '';
        if (pieces.length === 0) return showMessage(list, 'Aucune pièce déposée.');
        pieces.forEach(function (piece) {
          list.appendChild(pieceItem(piece));
        });
        list.setAttribute('data-loaded', 'true');
      })
      .catch(function () {
        showMessage(list, 'Impossible de charger les pièces.');
      });
  }

  // The summary names whom it is about in the delegation header (a representative acts for the
  // usager it represents); pages cached before v2 still pass it as ?usagerId=.
  function loadRecap(recap) {
    var usagerId = recap.getAttribute('data-usager-id');
    fetch('/api/v2/recapitulatif?usagerId=' + encodeURIComponent(usagerId), {
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'X-Usager-Id': usagerId },
    })
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      .then(function (summary) {
        recap.textContent = '';
        summary.dossiers.forEach(function (dossier) {
          var item = document.createElement('li');
          item.textContent = 'Dossier ' + dossier.numero + ' : ' + dossier.pieces.length + ' pièce(s)';
          recap.appendChild(item);
        });
        recap.setAttribute('data-loaded', 'true');
      })
      .catch(function () {
        showMessage(recap, 'Impossible de charger le récapitulatif.');
      });
  }

  // The summary line of the dossier page; the query client posts its queries, the dossier in the body.
  function loadSynthese(synthese) {
    fetch('/api/v2/dossiers/synthese', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ dossierId: Number(synthese.getAttribute('data-dossier-id')) }),
    })
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      .then(function (summary) {
        synthese.textContent = 'Dossier ' + summary.numero + ' : ' + summary.pieces.length + ' pièce(s) déposée(s).';
        synthese.setAttribute('data-loaded', 'true');
      })
      .catch(function () {
        synthese.textContent = 'Synthèse indisponible.';
      });
  }

  var list = document.querySelector('ul#pieces[data-dossier-id]');
  if (list) loadPieces(list);
  var synthese = document.querySelector('p#synthese[data-dossier-id]');
  if (synthese) loadSynthese(synthese);
  var recap = document.querySelector('ul#recapitulatif[data-usager-id]');
  if (recap) loadRecap(recap);
})();
