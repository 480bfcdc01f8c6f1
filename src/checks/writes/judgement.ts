import { HEALTH_PIECE_TYPES } from '../../findings/finding';
import type { DocumentRecord } from '../../run/state';
import type { Exchange } from '../../session/exchange';
import { isSuccess } from '../controls';
import type { Attempt } from './attempts';
import { recordWriteFinding, UNATTRIBUTED } from './findings';
import { holdsMarker, holdsTitle } from './requests';
import { downloadAs, listAs, type ProbePiece, type WriteCheck, type WriteRoutes } from './write-check';
import { writeTemplate } from './writer';

const SEVERITY = { upload: 'high', rename: 'medium', overwrite: 'high', delete: 'high', 'mass-assignment': 'high' } as const;

export interface Judgement {
  /** Pièces the probes put into the victim's list, and took out of it. */
  added: number;
  removed: number;
  /** Probe pièces no longer in the list. */
  gone: Set<ProbePiece>;
}

/** Each attempt against what the victim now reads: a 2xx, or a trace of the write, is a finding. */
export async function judgeAttempts(check: WriteCheck, routes: WriteRoutes, victimKey: string, attempts: Attempt[], after: Exchange): Promise<Judgement> {
  const { run, ledger } = check;
  const judgement: Judgement = { added: 0, removed: 0, gone: new Set() };
  const isGone = (piece: ProbePiece): boolean => !piece.titleMarkers.some((marker) => holdsMarker(after.text, marker));
  // A rename that landed changed the title the list shows: count it before judging any loss.
  for (const attempt of attempts) if (attempt.flaw === 'rename' && attempt.marker && holdsMarker(after.text, attempt.marker)) attempt.target?.titleMarkers.push(attempt.marker);

  for (const attempt of attempts) {
    const status = attempt.exchange.status;
    const accepted = isSuccess(status);
    let trace: string | undefined;
    switch (attempt.flaw) {
      case 'upload':
      case 'mass-assignment':
        if (attempt.marker && holdsMarker(after.text, attempt.marker)) {
          trace = `its pièce (marker ${attempt.marker}) is now in ${victimKey}'s list`;
          judgement.added += 1;
        }
        break;
      case 'rename':
        if (attempt.marker && holdsMarker(after.text, attempt.marker)) trace = `${victimKey}'s list now shows the title it sent (marker ${attempt.marker})`;
        break;
      case 'overwrite':
        if (attempt.target && attempt.marker && !isGone(attempt.target)) {
          const download = await downloadAs(check, routes, victimKey, victimKey, attempt.target.bindings);
          if (holdsMarker(download.text, attempt.marker)) trace = `${victimKey} now downloads the file it sent (marker ${attempt.marker})`;
        }
        break;
      case 'delete':
        if (attempt.target && isGone(attempt.target) && !judgement.gone.has(attempt.target)) {
          trace = `the pièce is gone from ${victimKey}'s list`;
          judgement.gone.add(attempt.target);
          judgement.removed += 1;
          recordWriteFinding(run, ledger, {
            flaw: 'data-loss', attackerKey: attempt.attackerKey, victimKey, routeTemplate: writeTemplate(attempt.route), vector: 'probe-piece', exchange: after,
            resource: { kind: 'piece', key: `${victimKey}-probe-piece`, id: String(attempt.target.bindings[run.profile.ids.piece]) }, severity: 'high',
            outcome: `after its ${attempt.exchange.request.method} (status ${status}), ${victimKey}'s list no longer holds the pièce: data loss`,
          });
        }
        break;
    }
    // Mass assignment is a legitimate upload to one's own dossier: only where it landed can condemn it.
    const violated = attempt.flaw === 'mass-assignment' ? trace !== undefined : accepted || trace !== undefined;
    if (!violated) continue;
    recordWriteFinding(run, ledger, {
      flaw: attempt.flaw, attackerKey: attempt.attackerKey, victimKey, routeTemplate: writeTemplate(attempt.route), vector: attempt.vector, exchange: attempt.exchange,
      resource: attempt.exchange.context.resource as { kind: 'piece' | 'dossier'; key: string; id?: string },
      severity: SEVERITY[attempt.flaw],
      outcome: `answered ${status}${attempt.flaw === 'mass-assignment' ? ` to an upload into ${attempt.placedIn ? `${attempt.placedIn}'s` : 'its own'} dossier with owner fields naming ${victimKey}` : ''}; ${trace ?? `no trace seen in ${victimKey}'s dossier, but the write was accepted`}`,
    });
  }
  return judgement;
}

export type SeededProblem = { document: DocumentRecord; problem: 'missing' | 'renamed' | 'altered'; exchange: Exchange };

/** Each seeded pièce still listed with its title, and downloading to the SHA-256 recorded at seeding. */
export async function seededProblems(check: WriteCheck, routes: WriteRoutes, ownerKey: string, documents: DocumentRecord[], listed?: Exchange): Promise<SeededProblem[]> {
  const list = listed ?? (await listAs(check, routes, ownerKey, check.run.person(ownerKey).bindings));
  const problems: SeededProblem[] = [];
  for (const document of documents) {
    if (!list.evidence.some((evidence) => evidence.documentKey === document.key)) {
      problems.push({ document, problem: 'missing', exchange: list });
      continue;
    }
    if (!holdsTitle(list.text, document.titre)) problems.push({ document, problem: 'renamed', exchange: list });
    const download = await downloadAs(check, routes, ownerKey, ownerKey, document.bindings);
    const intact = download.evidence.some((evidence) => evidence.kind === 'sha256' && evidence.documentKey === document.key);
    if (!intact) problems.push({ document, problem: 'altered', exchange: download });
  }
  return problems;
}

/** A seeded pièce no probe aimed at changed: the write side broke something it was never pointed to. */
export function recordSeededProblem(check: WriteCheck, victimKey: string, { document, problem, exchange }: SeededProblem): void {
  const health = HEALTH_PIECE_TYPES.has(document.type);
  const what = { missing: 'is gone from its list: data loss', renamed: 'no longer shows its title', altered: 'no longer downloads to the SHA-256 recorded at seeding' }[problem];
  recordWriteFinding(check.run, check.ledger, {
    flaw: problem === 'missing' ? 'data-loss' : 'integrity', attackerKey: UNATTRIBUTED, victimKey,
    routeTemplate: `GET ${exchange.context.routeTemplate}`,
    vector: `seeded-${problem}`, exchange, severity: health || problem === 'missing' ? 'critical' : 'high',
    resource: { kind: 'piece', key: document.key, id: String(document.bindings[check.run.profile.ids.piece] ?? ''), type: document.type },
    outcome: `${victimKey}'s seeded pièce ${document.key} ${what} after the forbidden writes`,
  });
}

