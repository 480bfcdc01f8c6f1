import type { CaseRow, Member } from './db';

/** Who may change a case's files: its holder and the proxy acting for the holder (clerks read only). */
export function mayWriteCase(member: Member | undefined, row: CaseRow): boolean {
  if (!member) return false;
  return (member.kind === 'citizen' && row.holderId === member.id) || (member.kind === 'proxy' && row.holderId === member.actsFor);
}

/**
 * Who may read a case: its holder, the proxy acting for the holder, and the clerks of the
 * case's office. The one rule every read route goes through (in secure mode).
 */
export function mayReadCase(member: Member | undefined, row: CaseRow): boolean {
  if (!member) return false;
  switch (member.kind) {
    case 'citizen':
      return row.holderId === member.id;
    case 'proxy':
      return row.holderId === member.actsFor;
    case 'clerk':
      return row.office === member.office;
  }
}
