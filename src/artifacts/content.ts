import type { PieceType } from './kinds';
import { foldToAscii } from './ascii';

/** Who a document is about. Only names are required; the rest makes it look real when known. */
export interface ArtifactOwner {
  prenom: string;
  nom: string;
  /** YYYY-MM-DD */
  dateNaissance?: string;
  nir?: string;
  adresse?: string;
}

/** What a paper document says, independent of its format (PDF or text). */
export interface DocumentContent {
  issuer: string;
  heading: string;
  subheading: string;
  fields: [label: string, value: string][];
  body: string[];
}

/**
 * Fixed document date: every artifact must be byte-identical across runs of the same seed, so no
 * clock is ever read. Also used for the PDF CreationDate/ModDate.
 */
export const DOCUMENT_DATE = new Date(Date.UTC(2026, 0, 15, 9, 0, 0));
const FAIT_LE = 'Fait le 15/01/2026';

function frDate(iso: string | undefined): string {
  if (!iso) return 'non renseignée';
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

function identity(o: ArtifactOwner): [string, string][] {
  return [
    ['Nom', o.nom.toUpperCase()],
    ['Prénom', o.prenom],
    ['Date de naissance', frDate(o.dateNaissance)],
  ];
}

/** Each kind of pièce as its issuer writes it, filled with the owner's identity. */
const CONTENTS: Record<PieceType, (o: ArtifactOwner) => DocumentContent> = {
  certificat_medical: (o) => ({
    issuer: 'RÉPUBLIQUE FRANÇAISE — Maison départementale des personnes handicapées',
    heading: 'Certificat médical',
    subheading: 'Cerfa n° 15695*01 — à joindre à une demande à la MDPH',
    fields: [...identity(o), ["N° d'immatriculation", o.nir ?? 'non renseigné']],
    body: [
      'Pathologie motivant la demande : troubles moteurs séquellaires, évolution stabilisée.',
      'Retentissement fonctionnel : déplacements extérieurs limités à 200 mètres.',
      'Traitements et prises en charge : kinésithérapie deux fois par semaine.',
      FAIT_LE,
      'Signature et cachet du médecin',
    ],
  }),
  justificatif_domicile: (o) => ({
    issuer: 'Fournisseur d’électricité — Service clients',
    heading: 'Facture d’électricité',
    subheading: 'Justificatif de domicile de moins de trois mois',
    fields: [['Titulaire du contrat', `${o.prenom} ${o.nom.toUpperCase()}`], ['Adresse de consommation', o.adresse ?? 'non renseignée']],
    body: ['Période de consommation : 01/10/2025 au 31/12/2025.', 'Montant TTC : 142,37 EUR.', FAIT_LE],
  }),
  avis_imposition: (o) => ({
    issuer: 'Direction générale des Finances publiques',
    heading: 'Avis d’impôt 2025',
    subheading: 'Impôt sur les revenus de l’année 2024',
    fields: [...identity(o), ['Adresse', o.adresse ?? 'non renseignée']],
    body: ['Revenu fiscal de référence : 18 420 EUR.', 'Nombre de parts : 1,5.', FAIT_LE],
  }),
  bilan_ophtalmologique: (o) => ({
    issuer: 'Cabinet d’ophtalmologie',
    heading: 'Bilan ophtalmologique',
    subheading: 'Compte rendu à joindre au certificat médical (Cerfa 15695)',
    fields: identity(o),
    body: ['Acuité visuelle corrigée : OD 2/10, OG 1/10.', 'Champ visuel : rétréci à 20 degrés.', FAIT_LE],
  }),
  jugement_protection: (o) => ({
    issuer: 'Tribunal judiciaire — Pôle des tutelles',
    heading: 'Jugement de mise sous protection',
    subheading: 'Curatelle renforcée',
    fields: identity(o),
    body: ['Le juge des contentieux de la protection ordonne une mesure de curatelle renforcée.', FAIT_LE],
  }),
  justificatif_identite: (o) => ({
    issuer: 'RÉPUBLIQUE FRANÇAISE',
    heading: 'Carte nationale d’identité',
    subheading: 'Copie recto',
    fields: identity(o),
    body: [],
  }),
  audiogramme: (o) => ({
    issuer: 'Centre ORL',
    heading: 'Audiogramme tonal',
    subheading: 'Conduction aérienne',
    fields: identity(o),
    body: ['Oreille droite : perte moyenne 55 dB.', 'Oreille gauche : perte moyenne 70 dB.', FAIT_LE],
  }),
};

export function documentContent(kind: PieceType, o: ArtifactOwner): DocumentContent {
  return CONTENTS[kind](o);
}

/** Lines printed on a scanned image (PNG): short, uppercase, like a card or a device print-out. */
export function scanLines(kind: PieceType, o: ArtifactOwner): string[] {
  if (kind === 'justificatif_identite') {
    const nom = o.nom.toUpperCase();
    // Machine-readable zone, first line shape of the French card: IDFRA + surname, '<' padded to 30.
    const mrz = `IDFRA${foldToAscii(nom).replace(/[^A-Z]/g, '<')}`.padEnd(30, '<').slice(0, 30);
    return [
      'REPUBLIQUE FRANCAISE - SPECIMEN',
      "CARTE NATIONALE D'IDENTITE",
      `NOM: ${nom}`,
      `PRENOM(S): ${o.prenom.toUpperCase()}`,
      `NE(E) LE: ${frDate(o.dateNaissance).replaceAll('/', '.')}`,
      mrz,
    ];
  }
  const c = documentContent(kind, o);
  return [c.heading.toUpperCase(), ...c.fields.map(([k, v]) => `${k.toUpperCase()}: ${v.toUpperCase()}`), ...c.body.map((l) => l.toUpperCase())];
}
