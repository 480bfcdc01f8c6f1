/** Ids are positive integers written plainly; anything else (0, -1, 1.5, 1e3, 01) is a 400. */
const ID = { type: 'string', pattern: '^[1-9][0-9]{0,14}$' } as const;

function idParams<const Names extends readonly string[]>(...names: Names) {
  return {
    type: 'object',
    required: names,
    properties: Object.fromEntries(names.map((name) => [name, ID])),
  } as const;
}

export const dossierIdSchema = { params: idParams('dossierId') };
export const pieceIdSchema = { params: idParams('pieceId') };

export interface DossierParams {
  dossierId: string;
}
export interface PieceParams {
  pieceId: string;
}
