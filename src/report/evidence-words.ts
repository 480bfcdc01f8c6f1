/**
 * The evidence report's words, French and English side by side (the report's CSS shows one): its
 * headings and sentences, and the labels of verdicts, severities, access kinds and identity kinds.
 */
import type { AccessKind } from '../findings/root-cause';
import { html, type Html } from './html';

export type Lang = 'fr' | 'en';

export type Text = Record<Lang, string>;

export const T = {
  title: { fr: 'Rapport de preuves — cloisonnement des documents', en: 'Evidence report — document isolation' },
  dpoTitle: { fr: 'Synthèse pour le délégué à la protection des données', en: 'Summary for the data protection officer' },
  yes: { fr: 'Oui : des données personnelles d’autres personnes étaient accessibles.', en: 'Yes: personal data of other people was reachable.' },
  no: { fr: 'Non : aucune session n’a obtenu les données personnelles d’une autre personne.', en: 'No: no session obtained another person’s personal data.' },
  suspiciousOnly: {
    fr: 'Aucune donnée d’une autre personne n’a été reconnue, mais des réponses suspectes doivent être vérifiées.',
    en: 'No data of another person was recognised, but suspicious answers must be checked.',
  },
  synthetic: {
    fr: 'Les personnes et documents du test sont fictifs, créés pour ce test : le rapport montre ce qu’un vrai usager aurait pu obtenir, pas une fuite de données réelles constatée.',
    en: 'The people and documents of this test are synthetic, created for it: the report shows what a real user could have obtained, not an observed leak of real data.',
  },
  peopleAffected: { fr: 'Personnes dont les données étaient accessibles', en: 'People whose data was reachable' },
  kinds: { fr: 'Quelles données', en: 'Which data' },
  documentsReached: { fr: 'Documents (pièces)', en: 'Documents' },
  health: { fr: 'document de santé', en: 'health document' },
  identityData: { fr: 'Données d’identité', en: 'Identity data' },
  ofPeople: { fr: 'personne(s)', en: 'person(s)' },
  through: { fr: 'Par quel moyen', en: 'Through what' },
  since: { fr: 'depuis la version', en: 'since release' },
  who: { fr: 'qui', en: 'who' },
  requests: { fr: 'requêtes', en: 'requests' },
  did: { fr: 'Ce que le test a fait', en: 'What the run did' },
  didNot: { fr: 'Ce que le test n’a pas couvert', en: 'What the run did not cover' },
  unprobed: { fr: 'Route vue mais non testée', en: 'Route seen but not tested' },
  notApplicable: { fr: 'Contrôle non applicable', en: 'Check not applicable' },
  limits: {
    fr: 'Le test ne porte que sur les routes décrites par le profil ou découvertes pendant l’exécution, avec la population fictive indiquée ; il ne dit rien des autres applications ni des accès hors de l’interface et de l’API testées.',
    en: 'The run covers only the routes the profile describes or the run discovered, with the synthetic population shown; it says nothing about other applications or access outside the tested UI and API.',
  },
  nothingElse: { fr: 'Toutes les routes vues ont été testées.', en: 'Every route seen was tested.' },
  coverageUnknown: { fr: 'Couverture des routes inconnue (pas de coverage.json à côté du rapport).', en: 'Route coverage unknown (no coverage.json beside the report).' },
  run: { fr: 'Exécution', en: 'Run' },
  release: { fr: 'Version testée', en: 'Release tested' },
  profile: { fr: 'Profil', en: 'Profile' },
  runId: { fr: 'Identifiant d’exécution', en: 'Run id' },
  seed: { fr: 'Graine', en: 'Seed' },
  started: { fr: 'Début', en: 'Started' },
  finished: { fr: 'Fin', en: 'Finished' },
  status: { fr: 'Résultat', en: 'Outcome' },
  identities: { fr: 'Identités', en: 'Identities' },
  documents: { fr: 'Documents déposés', en: 'Documents seeded' },
  probes: { fr: 'Requêtes de sonde', en: 'Probe requests' },
  routes: { fr: 'Routes couvertes', en: 'Routes covered' },
  tests: { fr: 'Tests', en: 'Tests' },
  trend: { fr: 'Tendance par version', en: 'Trend over releases' },
  trendCauses: { fr: 'Causes racines par exécution', en: 'Root causes per run' },
  open: { fr: 'ouvertes', en: 'open' },
  newer: { fr: 'nouvelles', en: 'new' },
  fixed: { fr: 'corrigées', en: 'fixed' },
  accepted: { fr: 'acceptées', en: 'accepted' },
  summary: { fr: 'Synthèse', en: 'Summary' },
  rootCauses: { fr: 'Causes racines', en: 'Root causes' },
  findings: { fr: 'Constats', en: 'Findings' },
  leaks: { fr: 'Fuites', en: 'Leaks' },
  suspicious: { fr: 'Suspects', en: 'Suspicious' },
  violations: { fr: 'Violations', en: 'Violations' },
  unscanned: { fr: 'Non lus en entier', en: 'Not scanned whole' },
  heatmap: { fr: 'Carte des fuites (attaquant × victime)', en: 'Leak map (attacker × victim)' },
  heatHelp: {
    fr: 'Ligne : l’identité qui a reçu les données ; colonne : la personne dont les données ont fuité ; nombre : requêtes distinctes en cause.',
    en: 'Row: the identity that received the data; column: the person whose data leaked; number: distinct requests involved.',
  },
  noLeak: { fr: 'Aucune fuite constatée.', en: 'No leak found.' },
  noFinding: { fr: 'Aucun constat : aucune session n’a obtenu les documents d’une autre.', en: 'No finding: no session obtained another one’s documents.' },
  access: { fr: 'Accès', en: 'Access' },
  gotThrough: { fr: 'Relations qui passent', en: 'Relationships that got through' },
  checks: { fr: 'Contrôles', en: 'Checks' },
  vectors: { fr: 'Vecteurs', en: 'Vectors' },
  verdict: { fr: 'Verdict', en: 'Verdict' },
  severity: { fr: 'Gravité', en: 'Severity' },
  route: { fr: 'Route', en: 'Route' },
  attacker: { fr: 'Attaquant', en: 'Attacker' },
  victim: { fr: 'Victime', en: 'Victim' },
  request: { fr: 'Requête', en: 'Request' },
  readable: { fr: 'Ce que la réponse contenait (texte décodé, masqué)', en: 'What the answer held (decoded text, redacted)' },
  raw: { fr: 'Extrait brut de la réponse (masqué)', en: 'Raw excerpt of the answer (redacted)' },
  evidence: { fr: 'Preuves', en: 'Evidence' },
  instances: { fr: 'Occurrences', en: 'Instances' },
  screenshot: { fr: 'Capture d’écran du navigateur', en: 'Browser screenshot' },
  references: { fr: 'Références', en: 'References' },
  foundBy: { fr: 'Trouvé par le test', en: 'Found by test' },
  redaction: {
    fr: 'Mots de passe, cookies et jetons sont masqués ; les marqueurs, empreintes, e-mails et NIR sont fictifs.',
    en: 'Passwords, cookies and tokens are redacted; markers, hashes, e-mails and NIR are synthetic.',
  },
  legal: {
    fr: 'Ce rapport documente une mesure technique de contrôle de la confidentialité (RGPD art. 32 : « tester, analyser et évaluer régulièrement l’efficacité des mesures techniques »).',
    en: 'This report documents a technical test of confidentiality measures (GDPR art. 32(1)(d): "regularly testing, assessing and evaluating the effectiveness of technical measures").',
  },
} as const satisfies Record<string, Text>;

export const VERDICTS = { leak: { fr: 'fuite', en: 'leak' }, suspicious: { fr: 'suspect', en: 'suspicious' }, violation: { fr: 'violation', en: 'violation' }, unscanned: { fr: 'non lu en entier', en: 'not scanned whole' } } as const satisfies Record<string, Text>;
export const SEVERITIES = { critical: { fr: 'critique', en: 'critical' }, high: { fr: 'élevée', en: 'high' }, medium: { fr: 'moyenne', en: 'medium' }, low: { fr: 'faible', en: 'low' } } as const satisfies Record<string, Text>;

export const ACCESS: Record<AccessKind, Text> = {
  read: { fr: 'ouvrir ou télécharger un document ou une fiche d’une autre personne', en: 'open or download another person’s document or record' },
  list: { fr: 'voir dans une liste, une recherche ou un export des éléments d’autres personnes', en: 'see other people’s items in a list, search or export' },
  write: { fr: 'modifier, remplacer ou déposer dans l’espace d’une autre personne', en: 'change, replace or add to another person’s space' },
  session: { fr: 'garder une session ou un lien valable alors qu’il ne devrait plus l’être', en: 'keep a session or link valid when it should no longer be' },
};

export const IDENTITY_KINDS: Record<string, Text> = {
  email: { fr: 'adresse e-mail', en: 'e-mail address' },
  nir: { fr: 'numéro de sécurité sociale (NIR)', en: 'social security number (NIR)' },
  reference: { fr: 'numéro de dossier', en: 'case number' },
  name: { fr: 'nom', en: 'name' },
  birthdate: { fr: 'date de naissance', en: 'date of birth' },
  identity: { fr: 'nom et date de naissance', en: 'name and date of birth' },
  address: { fr: 'adresse postale', en: 'postal address' },
};

/** Both languages side by side; CSS shows one. */
export function both(text: Text): Html {
  return html`<span class="fr">${text.fr}</span><span class="en">${text.en}</span>`;
}

export function t(key: keyof typeof T): Html {
  return both(T[key]);
}

export function label(map: Record<string, Text>, key: string): Html {
  const text = map[key];
  return text ? both(text) : html`${key}`;
}

