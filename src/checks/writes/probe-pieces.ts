import type { Bindings } from '../../util/template';

/** Someone allowed to delete a pièce the run created, and the pièce's bindings in that dossier. */
export interface Remover {
  writerKey: string;
  ownerKey: string;
  bindings: Bindings;
}

/** Deletes one pièce as one remover; answers the target's status. */
export type DeletePiece = (remover: Remover) => Promise<number>;

/**
 * The throw-away pièces the write probes create on the target, each with who may delete it, until
 * it is deleted: the `probePieces` fixture gives one to each test and deletes whatever is left in
 * its teardown, whatever failed before (as Cal.com's user fixtures delete the users a test made).
 * The check itself removes them as its last step, through the same `removeAll`.
 */
export class ProbePieces {
  /** Pièce id → who may delete it, tried in order (an upload that landed where it should not is removed by that dossier's owner). */
  private readonly entries = new Map<string, Remover[]>();
  private deleter: DeletePiece | undefined;

  /** How to delete: the check knows its routes and identities. */
  deleteWith(deleter: DeletePiece): void {
    this.deleter = deleter;
  }

  /** Tracks a pièce the probes created, or says again who may delete it (first remover first). */
  track(id: string | number, removers: Remover[]): void {
    this.entries.set(String(id), removers);
  }

  /** The pièce is gone (deleted, by a probe or a landed forbidden delete): nothing to remove. */
  forget(id: string | number | undefined): void {
    if (id !== undefined) this.entries.delete(String(id));
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Deletes every pièce still tracked, each by the first remover the target lets do it (a pièce
   * already gone answers 404 or 410: nothing left), and forgets them all: what could not be
   * removed is returned once, for the caller to fail on, and never sent again.
   */
  async removeAll(): Promise<string[]> {
    const deleter = this.deleter;
    const entries = [...this.entries];
    this.entries.clear();
    if (!deleter) return [];
    const failures: string[] = [];
    for (const [id, removers] of entries) {
      const statuses: number[] = [];
      for (const remover of removers) {
        const status = await deleter(remover).catch(() => 0);
        statuses.push(status);
        if (gone(status)) break;
      }
      if (!gone(statuses.at(-1) ?? 0)) failures.push(`pièce ${id} (answers ${statuses.join(', ')})`);
    }
    return failures;
  }
}

const gone = (status: number): boolean => (status >= 200 && status < 300) || status === 404 || status === 410;
