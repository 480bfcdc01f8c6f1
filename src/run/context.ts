import type { Evidence } from '../findings/types';
import { AccessPolicy } from '../policy/policy';
import type { Person } from '../population/types';
import type { ObjectKind } from '../profile/types';
import type { Bindings } from '../util/template';
import type { DocumentRecord, RunState, SeededPerson } from './state';
import type { Target } from './target';

/** An object the run seeded, with the ids the portal gave it and how to recognise it in an answer. */
export interface SeededObject {
  kind: ObjectKind;
  key: string;
  ownerKey: string;
  bindings: Bindings;
  /** True when evidence proves this very object (or, for a dossier, one of its documents) was received. */
  proves(evidence: Evidence): boolean;
}

/** Everything a check needs about this run: target, population with its ids, and the policy. */
export class RunContext {
  readonly policy: AccessPolicy;
  private readonly objects = new Map<ObjectKind, SeededObject[]>();

  constructor(
    readonly target: Target,
    readonly state: RunState,
  ) {
    this.policy = new AccessPolicy(target.profile.policy, state.people as unknown as Person[]);
    this.objects.set('piece', state.documents.map(pieceObject));
    this.objects.set('dossier', state.people.filter(isUsager).map(dossierObject));
    this.objects.set('usager', state.people.filter(isUsager).map(usagerObject));
  }

  get profile() {
    return this.target.profile;
  }

  usagers(): SeededPerson[] {
    return this.state.people.filter(isUsager);
  }

  person(key: string): SeededPerson {
    const person = this.state.people.find((candidate) => candidate.key === key);
    if (!person) throw new Error(`no person "${key}" in run ${this.state.runId}`);
    return person;
  }

  /** Identities probes run as: every seeded person, and nobody (undefined). */
  identities(): (string | undefined)[] {
    return [...this.state.people.map((person) => person.key), undefined];
  }

  objectsOf(ownerKey: string, kind: ObjectKind): SeededObject[] {
    return (this.objects.get(kind) ?? []).filter((object) => object.ownerKey === ownerKey);
  }

  allObjects(kind: ObjectKind): SeededObject[] {
    return this.objects.get(kind) ?? [];
  }

  /** An object the requester may legitimately reach (its own first): the scope for pollution and traversal. */
  reachableObject(requesterKey: string | undefined, kind: ObjectKind): SeededObject | undefined {
    if (requesterKey === undefined) return undefined;
    const all = this.objects.get(kind) ?? [];
    return all.find((object) => object.ownerKey === requesterKey) ?? all.find((object) => this.policy.mayRead(requesterKey, object.ownerKey));
  }

  /** Who owns the object with this id, when the run seeded it. */
  ownerOfId(kind: ObjectKind, id: string): string | undefined {
    const binding = this.profile.ids[kind];
    return (this.objects.get(kind) ?? []).find((object) => String(object.bindings[binding]) === id)?.ownerKey;
  }
}

const isUsager = (person: SeededPerson): boolean => person.role === 'usager';

function pieceObject(document: DocumentRecord): SeededObject {
  return {
    kind: 'piece',
    key: document.key,
    ownerKey: document.ownerKey,
    bindings: document.bindings,
    proves: (evidence) => evidence.documentKey === document.key,
  };
}

/**
 * A dossier is proven by itself: its reference (the number the portal gave it) or one of its
 * documents. The owner's e-mail or NIR is not enough: a page header showing who is signed in
 * holds them even when the dossier is missing.
 */
function dossierObject(person: SeededPerson): SeededObject {
  return {
    kind: 'dossier',
    key: `${person.key}-dossier`,
    ownerKey: person.key,
    bindings: person.bindings,
    proves: (evidence) => evidence.ownerKey === person.key && (evidence.kind === 'reference' || evidence.documentKey !== undefined),
  };
}

/** A usager (the person's own record) is proven by any of their markers: their identity is the object. */
function usagerObject(person: SeededPerson): SeededObject {
  return {
    kind: 'usager',
    key: `${person.key}-usager`,
    ownerKey: person.key,
    bindings: person.bindings,
    proves: (evidence) => evidence.ownerKey === person.key,
  };
}
