import { makeArtifact, runTag, type Artifact, type ArtifactKind } from './artifacts';
import { PortalClient, replyJson, uploadForm } from './client';
import type { RunningPortal } from './portal';

export const PASSWORD = 'Cloison-selftest-2026!';

export type UsagerKey = 'alice' | 'bruno' | 'camille' | 'chloe' | 'david' | 'emma';
export type PersonKey = UsagerKey | 'rachel' | 'agent075' | 'agent013';

/** Three usagers in Paris (075), three in the Bouches-du-Rhône (013). */
const USAGERS: Record<UsagerKey, { prenom: string; nom: string; mdph: string; born: string }> = {
  alice: { prenom: 'Alice', nom: 'Marchand', mdph: '075', born: '1984-03-12' },
  bruno: { prenom: 'Bruno', nom: 'Lefebvre', mdph: '075', born: '1979-11-02' },
  camille: { prenom: 'Camille', nom: 'Roussel', mdph: '075', born: '1991-06-25' },
  chloe: { prenom: 'Chloé', nom: 'Garnier', mdph: '013', born: '1988-01-30' },
  david: { prenom: 'David', nom: 'Fontaine', mdph: '013', born: '1975-09-17' },
  emma: { prenom: 'Emma', nom: 'Chevalier', mdph: '013', born: '2001-12-08' },
};
export const USAGER_KEYS = Object.keys(USAGERS) as UsagerKey[];

export interface Person {
  key: PersonKey;
  role: 'usager' | 'representant' | 'agent';
  id: number;
  prenom: string;
  nom: string;
  email: string;
  mdph: string;
  /** Usagers: their dossier; representative: the represented usager's. */
  dossierId?: number;
  dossierNumero?: string;
}

export interface PieceMetadata {
  id: number;
  dossierId: number;
  type: string;
  titre: string;
  nomFichier: string;
  storedName: string;
  mime: string;
  taille: number;
  sha256: string;
  etat: string;
}

export interface SeededPiece extends Artifact {
  id: number;
  dossierId: number;
  owner: UsagerKey;
  storedName: string;
}

/** A NIR-shaped identifier with a valid key (97 − n mod 97). Never a real person's. */
export function fakeNir(sex: 1 | 2, born: string, departement: string, order: number): string {
  const yy = born.slice(2, 4);
  const mm = born.slice(5, 7);
  const dept = departement.slice(-2).padStart(2, '0');
  const body = `${sex}${yy}${mm}${dept}${'001'}${String(order).padStart(3, '0')}`;
  const key = 97n - (BigInt(body) % 97n);
  return `${body}${String(key).padStart(2, '0')}`;
}

/** Seeds people and documents through the provisioning API; any refusal is a hard failure. */
export class Population {
  readonly tag = runTag();
  readonly people = {} as Record<PersonKey, Person>;
  readonly pieces: SeededPiece[] = [];
  private readonly sessions = new Map<PersonKey, Promise<PortalClient>>();
  private counter = 0;

  constructor(readonly portal: RunningPortal) {}

  person(key: PersonKey): Person {
    return this.people[key];
  }

  dossierOf(key: PersonKey): number {
    const dossierId = this.people[key].dossierId;
    if (dossierId === undefined) throw new Error(`${key} has no dossier`);
    return dossierId;
  }

  piecesOf(owner: UsagerKey): SeededPiece[] {
    return this.pieces.filter((piece) => piece.owner === owner);
  }

  firstPieceOf(owner: UsagerKey, kind: ArtifactKind = 'pdf'): SeededPiece {
    const piece = this.piecesOf(owner).find((candidate) => candidate.kind === kind);
    if (!piece) throw new Error(`${owner} has no ${kind} pièce`);
    return piece;
  }

  /**
   * A unique marker, e.g. CLSN-1A2B3C4D-ALICE-0007: [A-Z0-9-] only, so file-name sanitising keeps
   * it; fixed-width counter, so no marker is a prefix of another (ALICE-1 inside ALICE-13).
   */
  nextMarker(owner: string): string {
    this.counter += 1;
    return `CLSN-${this.tag}-${owner.toUpperCase()}-${String(this.counter).padStart(4, '0')}`;
  }

  anonymous(name = 'anonymous'): PortalClient {
    return new PortalClient(this.portal.baseUrl, name);
  }

  /** The person's shared session (logged in once per portal). */
  as(key: PersonKey): Promise<PortalClient> {
    let session = this.sessions.get(key);
    if (!session) {
      session = this.freshLogin(key);
      this.sessions.set(key, session);
    }
    return session;
  }

  /** A brand-new session of the person, for tests that log out or otherwise spend it. */
  async freshLogin(key: PersonKey): Promise<PortalClient> {
    const client = new PortalClient(this.portal.baseUrl, key);
    const user = await client.login(this.people[key].email, PASSWORD);
    if (user.email !== this.people[key].email) throw new Error(`logged in as ${key} but the portal says ${user.email}`);
    return client;
  }

  private email(key: string): string {
    return `${key}.${this.tag.toLowerCase()}@example.test`;
  }

  private async provision(path: string, body: unknown): Promise<Record<string, unknown>> {
    const token = this.portal.provisioningToken;
    if (!token) throw new Error('this portal has provisioning off');
    const client = new PortalClient(this.portal.baseUrl, 'provisioning');
    const reply = await client.request('POST', path, {
      headers: { 'x-provisioning-token': token },
      ...(body instanceof FormData ? { multipart: body } : { json: body }),
    });
    if (reply.status !== 201) throw new Error(`provisioning ${path} answered ${reply.status}: ${reply.text.slice(0, 300)}`);
    return replyJson<Record<string, unknown>>(reply);
  }

  async seed(): Promise<this> {
    await Promise.all(
      USAGER_KEYS.map(async (key, index) => {
        const usager = USAGERS[key];
        const email = this.email(key);
        const created = await this.provision('/api/provisioning/usagers', {
          prenom: usager.prenom,
          nom: usager.nom,
          dateNaissance: usager.born,
          nir: fakeNir(index % 2 === 0 ? 2 : 1, usager.born, usager.mdph, index + 1),
          email,
          password: PASSWORD,
          adresse: `${index + 1} rue des Essais, ${usager.mdph === '075' ? '75011 Paris' : '13001 Marseille'}`,
          mdph: usager.mdph,
        });
        this.people[key] = {
          key,
          role: 'usager',
          id: Number(created.id),
          prenom: usager.prenom,
          nom: usager.nom,
          email,
          mdph: usager.mdph,
          dossierId: Number(created.dossierId),
          dossierNumero: String(created.dossierNumero),
        };
      }),
    );
    const alice = this.people.alice;
    const agents = (['075', '013'] as const).map(async (mdph) => {
      const key: PersonKey = mdph === '075' ? 'agent075' : 'agent013';
      const email = this.email(key);
      const created = await this.provision('/api/provisioning/agents', { prenom: 'Agent', nom: `Instructeur ${mdph}`, email, password: PASSWORD, mdph });
      this.people[key] = { key, role: 'agent', id: Number(created.id), prenom: 'Agent', nom: `Instructeur ${mdph}`, email, mdph };
    });
    const representative = (async () => {
      const email = this.email('rachel');
      const created = await this.provision('/api/provisioning/representants', { prenom: 'Rachel', nom: 'Aidant', email, password: PASSWORD, representeId: alice.id });
      this.people.rachel = { key: 'rachel', role: 'representant', id: Number(created.id), prenom: 'Rachel', nom: 'Aidant', email, mdph: alice.mdph, dossierId: alice.dossierId, dossierNumero: alice.dossierNumero };
    })();
    const documents = USAGER_KEYS.flatMap((key) => [this.addPiece(key, 'pdf'), this.addPiece(key, 'png')]);
    await Promise.all([...agents, representative, ...documents]);
    return this;
  }

  /**
   * A usager of its own with one PDF, for an exploit that spends the account (a password change, a
   * disabled account): the people every other test signs in as keep their password and sessions.
   */
  async spareUsager(name: string): Promise<{ id: number; email: string; piece: { id: number; marker: string } }> {
    const email = this.email(name);
    const created = await this.provision('/api/provisioning/usagers', { prenom: 'Sam', nom: 'Jetable', email, password: PASSWORD, mdph: '075' });
    const artifact = await makeArtifact('pdf', this.nextMarker(name));
    const piece = (await this.provision('/api/provisioning/pieces', uploadForm(artifact, { dossierId: String(created.dossierId) }))) as unknown as PieceMetadata;
    return { id: Number(created.id), email, piece: { id: piece.id, marker: artifact.marker } };
  }

  /** The token the portal was started with, for an exploit that acts as its administrator. */
  get provisioningToken(): string {
    const token = this.portal.provisioningToken;
    if (!token) throw new Error('this portal has provisioning off');
    return token;
  }

  /** Provisions one more document for an usager (its own fresh marker), e.g. a victim to spend. */
  async addPiece(owner: UsagerKey, kind: ArtifactKind = 'pdf'): Promise<SeededPiece> {
    const artifact = await makeArtifact(kind, this.nextMarker(owner));
    const dossierId = this.dossierOf(owner);
    const form = uploadForm(artifact, { dossierId: String(dossierId) });
    const created = (await this.provision('/api/provisioning/pieces', form)) as unknown as PieceMetadata;
    if (created.sha256 !== artifact.sha256) throw new Error(`provisioned ${artifact.fileName}: sha256 ${created.sha256} ≠ ${artifact.sha256}`);
    const piece: SeededPiece = { ...artifact, id: created.id, dossierId, owner, storedName: created.storedName };
    this.pieces.push(piece);
    return piece;
  }
}
