/**
 * The portal's API description, as vendors publish theirs: OpenAPI 3.1, written by hand from
 * portal/src/routes (pages, JSON API and provisioning API alike), served at GET /api/openapi.json.
 * portal/test/openapi.test.ts checks it against the routes the portal really registers, both ways.
 * cloison's `init --openapi` drafts a profile from it, as it would from a vendor's document.
 */
const ref = (n: string) => ({ $ref: `#/components/${n}` });
const html = (description: string) => ({ description, content: { 'text/html': { schema: { type: 'string' } } } });
const json = (description: string, schema: object) => ({ description, content: { 'application/json': { schema } } });
const redirect = (description: string) => ({ description, headers: { Location: { schema: { type: 'string' } } } });
const file = (description: string, disposition: 'attachment' | 'inline') => ({
  description,
  headers: { 'Content-Disposition': { description: `\`${disposition}; filename="…"\``, schema: { type: 'string', pattern: `^${disposition};` } } },
  content: Object.fromEntries(['application/pdf', 'image/png', 'image/jpeg', 'text/plain'].map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
});
const notFound = ref('responses/NotFound');
const unauth = ref('responses/Unauthorized');
const csrf = ref('parameters/Csrf');
const pieceId = ref('parameters/PieceId');
const dossierId = ref('parameters/DossierId');
const pieceSchema = ref('schemas/Piece');
const agentOnly = [{ session: ['agent'] }, { apiToken: ['agent'] }];
const pageOnly = [{ session: [] }];
const pageAgent = [{ session: ['agent'] }];
const pub: never[] = [];
const prov = [{ provisioning: [] }];
const upload = (extra: Record<string, object> = {}) => ({
  required: true,
  content: { 'multipart/form-data': { schema: { type: 'object', required: ['type', 'titre', 'fichier'], properties: { type: ref('schemas/PieceType'), titre: { type: 'string', maxLength: 200 }, fichier: { type: 'string', format: 'binary' }, ...extra } } } },
});
const person = (props: Record<string, object>, required: string[]) => ({ required: true, content: { 'application/json': { schema: { type: 'object', required: ['prenom', 'nom', 'email', 'password', ...required], properties: { prenom: { type: 'string' }, nom: { type: 'string' }, email: { type: 'string', format: 'email' }, password: { type: 'string', format: 'password' }, ...props } } } } });
const created = json('Created', { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } });

export const openapiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Portail MDPH de référence',
    version: '2.0.0',
    description: 'Every route of cloison\'s reference portal: its JSON API, its HTML pages and its provisioning API (test environments, off unless PORTAL_PROVISIONING_TOKEN is set). Written by hand from portal/src/routes; portal/test/openapi.test.ts checks both ways that it matches the routes the portal registers. Security requirements of OpenAPI 3.1 name the role a route needs (`agent`); forbidden and unknown objects both answer 404.',
  },
  servers: [{ url: '/' }],
  security: [{ session: [] }, { apiToken: [] }],
  tags: [{ name: 'pages' }, { name: 'session' }, { name: 'dossiers' }, { name: 'pieces' }, { name: 'partage' }, { name: 'agent' }, { name: 'provisioning' }],
  paths: {
    '/': { get: { tags: ['pages'], summary: 'Home: redirects to the signed-in home page or to the login page', security: pub, responses: { 302: redirect('To /espace, /agent or /connexion') } } },
    '/connexion': {
      get: { tags: ['pages'], summary: 'Login form', security: pub, responses: { 200: html('The login form') } },
      post: {
        tags: ['pages'], summary: 'Login form submission', security: pub,
        requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', required: ['email', 'password', '_csrf'], properties: { email: { type: 'string', format: 'email' }, password: { type: 'string', format: 'password' }, _csrf: { type: 'string' } } } } } },
        responses: { 302: redirect('Signed in: to /espace (agents: /agent)'), 200: html('The form again, with an error') },
      },
    },
    '/deconnexion': { post: { tags: ['pages'], summary: 'Logout form', security: pageOnly, requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', required: ['_csrf'], properties: { _csrf: { type: 'string' } } } } } }, responses: { 302: redirect('To /connexion') } } },
    '/inscription': {
      get: { tags: ['pages'], summary: 'Sign-up form', security: pub, responses: { 200: html('The sign-up form') } },
      post: {
        tags: ['pages'], summary: 'Sign-up: creates the usager and a dossier, then signs in', security: pub,
        requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', required: ['prenom', 'nom', 'date_naissance', 'email', 'password', 'mdph', '_csrf'], properties: { prenom: { type: 'string' }, nom: { type: 'string' }, date_naissance: { type: 'string', format: 'date' }, email: { type: 'string', format: 'email' }, password: { type: 'string', format: 'password' }, mdph: { type: 'string' }, _csrf: { type: 'string' } } } } } },
        responses: { 302: redirect('To /espace'), 200: html('The form again, with an error') },
      },
    },
    '/espace': { get: { tags: ['pages'], summary: 'Mon espace: my dossiers', security: pageOnly, responses: { 200: html('My dossiers and links'), 302: redirect('Not signed in: to /connexion') } } },
    '/dossiers/{dossierId}': { get: { tags: ['pages'], summary: 'Dossier page (its pièce list is built in the browser from the API)', security: pageOnly, parameters: [dossierId], responses: { 200: html('The dossier page'), 404: notFound } } },
    '/dossiers/{dossierId}/pieces/nouvelle': { get: { tags: ['pages'], summary: 'Upload form', security: pageOnly, parameters: [dossierId], responses: { 200: html('The upload form'), 404: notFound } } },
    '/dossiers/{dossierId}/pieces': {
      post: {
        tags: ['pages'], summary: 'Upload form submission', security: pageOnly, parameters: [dossierId],
        requestBody: upload({ _csrf: { type: 'string' } }),
        responses: { 302: redirect('To the dossier page'), 404: notFound },
      },
    },
    '/dossiers/{dossierId}/fichiers/{fileName}': {
      get: {
        tags: ['pages'], summary: 'A dossier\'s file by its stored name (Piece.storedName)', security: pageOnly,
        parameters: [dossierId, { name: 'fileName', in: 'path', required: true, description: 'Piece.storedName', schema: { type: 'string' } }],
        responses: { 200: file('The file', 'attachment'), 404: notFound },
      },
    },
    '/pieces/{pieceId}': { get: { tags: ['pages'], summary: 'Pièce page', security: pageOnly, parameters: [pieceId], responses: { 200: html('Titre, type, file name, size, SHA-256, état; download and preview links'), 404: notFound } } },
    '/agent': { get: { tags: ['pages', 'agent'], summary: 'Agent back office: the dossiers of my MDPH', security: pageAgent, responses: { 200: html('Dossiers of my MDPH'), 404: notFound } } },
    '/agent/dossiers/{dossierId}': { get: { tags: ['pages', 'agent'], summary: 'Agent view of one dossier', security: pageAgent, parameters: [dossierId], responses: { 200: html('The dossier, its pièces and its usager'), 404: notFound } } },
    '/partage/{token}': {
      get: {
        tags: ['partage'], summary: 'Content behind a share link (signed-in people who may read the pièce)', security: pub,
        parameters: [ref('parameters/ShareToken')],
        responses: { 200: file('The file', 'attachment'), 302: redirect('Not signed in: to /connexion'), 404: notFound },
      },
    },
    '/static/app.js': { get: { tags: ['pages'], summary: 'Front-end script', security: pub, responses: { 200: { description: 'Script', content: { 'text/javascript': { schema: { type: 'string' } } } } } } },
    '/static/style.css': { get: { tags: ['pages'], summary: 'Style sheet', security: pub, responses: { 200: { description: 'Style sheet', content: { 'text/css': { schema: { type: 'string' } } } } } } },
    '/api/openapi.json': { get: { summary: 'This document', security: pub, responses: { 200: json('OpenAPI 3.1 document', { type: 'object' }) } } },

    '/api/v2/session': {
      post: {
        tags: ['session'], summary: 'Sign in', security: pub,
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['email', 'password'], properties: { email: { type: 'string', format: 'email', maxLength: 320 }, password: { type: 'string', format: 'password', maxLength: 1024 } } } } } },
        responses: {
          200: { description: 'Signed in; the session cookie is set (rotated)', headers: { 'Set-Cookie': { description: '`sid=…; HttpOnly; SameSite=Lax; Path=/`', schema: { type: 'string' } } }, content: { 'application/json': { schema: { type: 'object', properties: { user: ref('schemas/Me'), csrfToken: { type: 'string' }, refreshToken: { type: 'string', description: 'Renews the session once (POST /api/v2/session/renouvellement)' } } } } } },
          401: ref('responses/Error'),
          415: ref('responses/Error'),
        },
      },
      delete: { tags: ['session'], summary: 'Sign out (the session is deleted server-side)', security: [{ session: [] }], parameters: [csrf], responses: { 204: { description: 'Signed out' }, 401: unauth, 403: ref('responses/Error') } },
    },
    '/api/v2/session/renouvellement': {
      post: {
        tags: ['session'], summary: 'Renew a session with a refresh token (single use: a new one comes back)', security: pub,
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['refreshToken'], properties: { refreshToken: { type: 'string', maxLength: 128 } } } } } },
        responses: { 200: json('Signed in again; a new session cookie is set', { type: 'object', properties: { user: ref('schemas/Me'), csrfToken: { type: 'string' }, refreshToken: { type: 'string' } } }), 401: ref('responses/Error'), 415: ref('responses/Error') },
      },
    },
    '/api/v2/moi/mot-de-passe': {
      post: {
        tags: ['session'], summary: 'Change my password: every session and refresh token of mine ends, this browser gets a new session', security: [{ session: [] }], parameters: [csrf],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['password', 'newPassword'], properties: { password: { type: 'string', format: 'password' }, newPassword: { type: 'string', format: 'password', minLength: 12 } } } } } },
        responses: { 200: json('Changed', { type: 'object', properties: { csrfToken: { type: 'string' }, refreshToken: { type: 'string' } } }), 401: unauth, 403: ref('responses/Error') },
      },
    },
    '/api/v2/moi': { get: { tags: ['session'], summary: 'Who I am, and the CSRF token of my session', responses: { 200: json('Me', { allOf: [ref('schemas/Me'), { type: 'object', properties: { csrfToken: { type: 'string' } } }] }), 401: unauth } } },
    '/api/v2/jetons': { post: { tags: ['session'], summary: 'An API token (JWT, 15 min) for my programs', security: [{ session: [] }], parameters: [csrf], responses: { 201: json('The token', { type: 'object', required: ['token', 'type'], properties: { token: { type: 'string' }, type: { type: 'string', const: 'Bearer' } } }), 401: unauth } } },

    '/api/v2/dossiers': { get: { tags: ['dossiers'], summary: 'My dossiers', responses: { 200: json('Dossiers', { type: 'array', items: ref('schemas/Dossier') }), 401: unauth } } },
    '/api/v2/dossiers/synthese': {
      post: {
        tags: ['dossiers'], summary: 'Summary of one dossier (a read, sent as POST: no CSRF token)',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['dossierId'], additionalProperties: false, properties: { dossierId: { type: 'integer', minimum: 1 } } } } } },
        responses: { 200: json('The summary', { allOf: [ref('schemas/Dossier'), { type: 'object', properties: { parEtat: { type: 'object', additionalProperties: { type: 'integer' } }, pieces: { type: 'array', items: pieceSchema } } }] }), 404: notFound },
      },
    },
    '/api/v2/dossiers/{dossierId}': { get: { tags: ['dossiers'], summary: 'One dossier', parameters: [dossierId], responses: { 200: json('The dossier', ref('schemas/DossierDetail')), 404: notFound } } },
    '/api/v2/dossiers/{dossierId}/pieces': {
      get: { tags: ['dossiers'], summary: 'The pièces of a dossier', parameters: [dossierId], responses: { 200: json('Pièces', { type: 'array', items: pieceSchema }), 404: notFound } },
      post: { tags: ['dossiers'], summary: 'Upload a pièce into a dossier', parameters: [dossierId, csrf], requestBody: upload(), responses: { 201: json('The new pièce', pieceSchema), 404: notFound, 413: ref('responses/Error') } },
    },
    '/api/v2/dossiers/{dossierId}/export': { get: { tags: ['dossiers'], summary: 'ZIP of the dossier\'s pièces', parameters: [dossierId], responses: { 200: { description: 'ZIP archive', headers: { 'Content-Disposition': { schema: { type: 'string', pattern: '^attachment;' } } }, content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } } }, 404: notFound } } },
    '/api/v2/pieces': {
      get: {
        tags: ['pieces'], summary: 'Every pièce I may read',
        parameters: [
          { name: 'dossierId', in: 'query', description: 'Narrows the list to one of my dossiers', schema: ref('schemas/Id') },
          { name: 'page', in: 'query', schema: ref('schemas/Id') },
          { name: 'limit', in: 'query', schema: { type: 'string', pattern: '^[1-9][0-9]{0,14}$', description: 'at most 100' } },
        ],
        responses: { 200: json('Pièces', { type: 'array', items: pieceSchema }), 400: ref('responses/Error') },
      },
    },
    '/api/v2/recapitulatif': {
      get: {
        tags: ['dossiers'], summary: 'Summary of one usager\'s dossiers and pièces (default: me, or the usager I represent)',
        parameters: [
          { name: 'X-Usager-Id', in: 'header', description: 'The usager the summary is about', schema: ref('schemas/Id') },
          { name: 'usagerId', in: 'query', description: 'Same, as older pages send it', schema: ref('schemas/Id') },
        ],
        responses: { 200: json('Summary', { type: 'object', properties: { usager: { type: 'object', properties: { prenom: { type: 'string' }, nom: { type: 'string' } } }, dossiers: { type: 'array', items: { allOf: [ref('schemas/Dossier'), { type: 'object', properties: { pieces: { type: 'array', items: pieceSchema } } }] } } } }), 404: notFound },
      },
    },
    '/api/v2/recherche': { get: { tags: ['pieces'], summary: 'My pièces whose titre or file name contains q', parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: 1 } }], responses: { 200: json('Pièces', { type: 'array', items: pieceSchema }) } } },
    '/api/v2/pieces/{pieceId}': {
      get: { tags: ['pieces'], summary: 'A pièce\'s metadata', parameters: [pieceId], responses: { 200: json('The pièce', pieceSchema), 404: notFound } },
      patch: { tags: ['pieces'], summary: 'Rename a pièce', parameters: [pieceId, csrf], requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['titre'], properties: { titre: { type: 'string', minLength: 1 } } } } } }, responses: { 200: json('The pièce', pieceSchema), 404: notFound } },
      delete: { tags: ['pieces'], summary: 'Delete a pièce (row and file)', parameters: [pieceId, csrf], responses: { 204: { description: 'Deleted' }, 404: notFound } },
    },
    '/api/v2/pieces/{pieceId}/contenu': {
      get: { tags: ['pieces'], summary: 'A pièce\'s content', parameters: [pieceId], responses: { 200: file('The file', 'attachment'), 404: notFound } },
      put: { tags: ['pieces'], summary: 'Replace a pièce\'s content', parameters: [pieceId, csrf], requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object', required: ['fichier'], properties: { fichier: { type: 'string', format: 'binary' } } } } } }, responses: { 200: json('The pièce', pieceSchema), 404: notFound } },
    },
    '/api/v2/pieces/{pieceId}/apercu': { get: { tags: ['pieces'], summary: 'A pièce\'s preview', parameters: [pieceId], responses: { 200: file('The preview', 'inline'), 404: notFound } } },
    '/api/v2/pieces/{pieceId}/partage': {
      post: { tags: ['partage'], summary: 'Create a share link', parameters: [pieceId, csrf], responses: { 201: json('The link', { type: 'object', required: ['token', 'url', 'expiresAt'], properties: { token: { type: 'string' }, url: { type: 'string', format: 'uri-reference' }, expiresAt: { type: 'string', format: 'date-time' } } }), 404: notFound } },
    },
    '/api/v2/partages/{token}': { delete: { tags: ['partage'], summary: 'Revoke a share link', parameters: [ref('parameters/ShareToken'), csrf], responses: { 204: { description: 'Revoked' }, 404: notFound } } },
    '/api/v2/agent/dossiers': { get: { tags: ['agent'], summary: 'Agent: the dossiers of my MDPH', security: agentOnly, responses: { 200: json('Dossiers', { type: 'array', items: ref('schemas/AgentDossier') }), 404: notFound } } },
    '/api/v2/agent/dossiers/{dossierId}': { get: { tags: ['agent'], summary: 'Agent: one dossier of my MDPH with its pièces and its usager', security: agentOnly, parameters: [dossierId], responses: { 200: json('The dossier', ref('schemas/AgentDossier')), 404: notFound } } },
    '/api/v2/agent/pieces/{pieceId}/etat': {
      post: { tags: ['agent'], summary: 'Agent: set a pièce\'s état', security: agentOnly, parameters: [pieceId, csrf], requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['etat'], properties: { etat: { enum: ['recue', 'validee', 'refusee'] } } } } } }, responses: { 200: json('The pièce', pieceSchema), 404: notFound } },
    },
    '/api/v1/pieces/{pieceId}/download': { get: { tags: ['pieces'], summary: 'Legacy v1 download (same rule as v2)', deprecated: true, parameters: [pieceId], responses: { 200: file('The file', 'attachment'), 404: notFound } } },

    '/api/provisioning/usagers': { post: { tags: ['provisioning'], summary: 'Create a usager and a dossier', security: prov, requestBody: person({ dateNaissance: { type: 'string', format: 'date' }, nir: { type: 'string' }, adresse: { type: 'string' }, mdph: { type: 'string' }, demandes: { type: 'array', items: { type: 'string' } } }, ['mdph']), responses: { 201: json('Created', { type: 'object', required: ['id', 'dossierId', 'dossierNumero'], properties: { id: { type: 'integer' }, dossierId: { type: 'integer' }, dossierNumero: { type: 'string' } } }), 403: ref('responses/Error') } } },
    '/api/provisioning/representants': { post: { tags: ['provisioning'], summary: 'Create a representative of a usager', security: prov, requestBody: person({ representeId: { type: 'integer' } }, ['representeId']), responses: { 201: created, 403: ref('responses/Error') } } },
    '/api/provisioning/agents': { post: { tags: ['provisioning'], summary: 'Create an agent of an MDPH', security: prov, requestBody: person({ mdph: { type: 'string' } }, ['mdph']), responses: { 201: created, 403: ref('responses/Error') } } },
    '/api/provisioning/pieces': { post: { tags: ['provisioning'], summary: 'Add a pièce to a dossier', security: prov, requestBody: upload({ dossierId: { type: 'integer' } }), responses: { 201: json('The new pièce', pieceSchema), 403: ref('responses/Error') } } },
    '/api/provisioning/pieces/{id}': { delete: { tags: ['provisioning'], summary: 'Remove a pièce and its file (teardown of a run)', security: prov, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], responses: { 204: { description: 'Removed' }, 403: ref('responses/Error'), 404: ref('responses/Error') } } },
    '/api/provisioning/users/{id}': { delete: { tags: ['provisioning'], summary: 'Remove an account, its dossiers, pièces, files and sessions (teardown of a run); 409 while a representative of it exists', security: prov, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], responses: { 204: { description: 'Removed' }, 403: ref('responses/Error'), 404: ref('responses/Error'), 409: ref('responses/Error') } } },
    '/api/provisioning/users/{id}/desactivation': { post: { tags: ['provisioning'], summary: 'Disable an account: no more sign-in, its sessions and refresh tokens end', security: prov, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], responses: { 204: { description: 'Disabled' }, 403: ref('responses/Error'), 404: ref('responses/Error') } } },
    '/api/provisioning/users/{id}/role': { delete: { tags: ['provisioning'], summary: 'Revoke an account\'s role: the account stays, acts as no one, its sessions and refresh tokens end', security: prov, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], responses: { 204: { description: 'Revoked' }, 403: ref('responses/Error'), 404: ref('responses/Error') } } },
    '/api/provisioning/mdph': { post: { tags: ['provisioning'], summary: 'Create an MDPH', security: prov, requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['code', 'nom'], properties: { code: { type: 'string' }, nom: { type: 'string' } } } } } }, responses: { 201: { description: 'Created' }, 403: ref('responses/Error') } } },
  },
  components: {
    securitySchemes: {
      session: { type: 'apiKey', in: 'cookie', name: 'sid', description: 'Server-side session, set by POST /api/v2/session or the login form' },
      apiToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'From POST /api/v2/jetons; sent without the cookie' },
      provisioning: { type: 'apiKey', in: 'header', name: 'X-Provisioning-Token', description: 'Test environments only' },
    },
    parameters: {
      PieceId: { name: 'pieceId', in: 'path', required: true, schema: ref('schemas/Id') },
      DossierId: { name: 'dossierId', in: 'path', required: true, schema: ref('schemas/Id') },
      ShareToken: { name: 'token', in: 'path', required: true, schema: { type: 'string' } },
      Csrf: { name: 'X-CSRF-Token', in: 'header', required: true, description: 'GET /api/v2/moi → csrfToken', schema: { type: 'string' } },
    },
    responses: {
      NotFound: json('Not found, or not yours (identical answers)', ref('schemas/Error')),
      Unauthorized: json('No session', ref('schemas/Error')),
      Error: json('Error', ref('schemas/Error')),
    },
    schemas: {
      Id: { type: 'string', pattern: '^[1-9][0-9]{0,14}$', description: 'A positive integer' },
      Error: { type: 'object', properties: { error: { type: 'string' } } },
      PieceType: { enum: ['certificat_medical', 'justificatif_identite', 'justificatif_domicile', 'jugement_protection', 'avis_imposition', 'audiogramme', 'bilan_ophtalmologique', 'autre'] },
      Me: { type: 'object', properties: { id: { type: 'integer' }, role: { enum: ['usager', 'representant', 'agent', 'admin'] }, prenom: { type: 'string' }, nom: { type: 'string' }, email: { type: 'string', format: 'email' }, mdph: { type: ['string', 'null'] } } },
      Dossier: { type: 'object', properties: { id: { type: 'integer' }, numero: { type: 'string' }, mdph: { type: 'string' }, statut: { type: 'string' }, demandes: { type: 'array', items: { type: 'string' } } } },
      DossierDetail: { allOf: [ref('schemas/Dossier'), { type: 'object', properties: { usager: { type: 'object', properties: { prenom: { type: 'string' }, nom: { type: 'string' } } }, pieces: { type: 'array', items: pieceSchema } } }] },
      AgentDossier: { allOf: [ref('schemas/Dossier'), { type: 'object', properties: { usager: { type: 'object', properties: { id: { type: 'integer' }, prenom: { type: 'string' }, nom: { type: 'string' }, email: { type: 'string', format: 'email' }, dateNaissance: { type: 'string', format: 'date' }, nir: { type: 'string' }, adresse: { type: 'string' } } }, pieces: { type: 'array', items: pieceSchema } } }] },
      Piece: { type: 'object', properties: { id: { type: 'integer' }, dossierId: { type: 'integer' }, type: ref('schemas/PieceType'), titre: { type: 'string' }, nomFichier: { type: 'string' }, storedName: { type: 'string' }, mime: { type: 'string' }, taille: { type: 'integer' }, sha256: { type: 'string' }, etat: { type: 'string' }, deposeeLe: { type: 'string', format: 'date-time' } } },
    },
  },
};
