import type { CaseRow, FileRow, Member } from './db';

/** What the API says about a file: never its bytes, never who else can see it. */
export function fileView(file: FileRow): Record<string, unknown> {
  return {
    fileId: file.id,
    caseRef: file.caseRef,
    label: file.label,
    kind: file.kind,
    fileName: file.fileName,
    mime: file.mime,
    size: file.size,
    sha256: file.sha256,
    uploadedAt: file.uploadedAt,
  };
}

export function caseView(row: CaseRow, holder: Member | undefined, files: FileRow[]): Record<string, unknown> {
  return {
    caseRef: row.ref,
    office: row.office,
    state: row.state,
    openedAt: row.openedAt,
    holder: holder ? { givenName: holder.givenName, familyName: holder.familyName } : null,
    files: files.map(fileView),
  };
}

export function memberView(member: Member): Record<string, unknown> {
  return {
    memberId: member.id,
    kind: member.kind,
    email: member.email,
    givenName: member.givenName,
    familyName: member.familyName,
    office: member.office,
  };
}
