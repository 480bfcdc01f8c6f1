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
 * Every pièce the write probes created on the target, until it is deleted. The checks delete what
 * they made as their last step; when a step fails before it, the fixture that owns this registry
 * removes what is left in its teardown, so a failed run never leaves probe pièces behind.
 */
export class CreatedPieces {
  /** Pièce id → who may delete it, tried in order (an upload that landed where it should not is removed by that dossier's owner). */
  private readonly entries = new Map<string, Remover[]>();
  private deleter: DeletePiece | undefined;
  /** Set once the check's own clean-up ran: what it left was gone already. */
  settled = false;

  /** How to delete: the check knows its routes and identities. */
  deleteWith(deleter: DeletePiece): void {
    this.deleter = deleter;
  }

  track(id: string | number, removers: Remover[]): void {
    this.entries.set(String(id), removers);
  }

  forget(id: string | number | undefined): void {
    if (id !== undefined) this.entries.delete(String(id));
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Deletes every pièce still tracked, each by the first remover the target lets do it (a pièce
   * already gone answers 404 or 410: nothing left). Returns what could not be removed.
   */
  async removeLeftovers(): Promise<string[]> {
    if (this.settled || !this.deleter) return [];
    const failures: string[] = [];
    for (const [id, removers] of this.entries) {
      const statuses: number[] = [];
      for (const remover of removers) {
        const status = await this.deleter(remover).catch(() => 0);
        statuses.push(status);
        if ((status >= 200 && status < 300) || status === 404 || status === 410) break;
      }
      const last = statuses.at(-1) ?? 0;
      if ((last >= 200 && last < 300) || last === 404 || last === 410) this.entries.delete(id);
      else failures.push(`pièce ${id} (answers ${statuses.join(', ')})`);
    }
    return failures;
  }
}
