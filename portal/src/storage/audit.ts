import { appendFile } from 'node:fs/promises';

export interface AuditEntry {
  userId: number | null;
  action: string;
  pieceIds?: readonly number[];
}

/** Access log of health documents (who listed or read which pièce), one JSON line per event. */
export function createAuditLog(file: string) {
  return {
    record: (entry: AuditEntry): Promise<void> => appendFile(file, `${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`),
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
