import type { AccessModel, ParseFlawId } from './flaws';

const NOBODY = {};
const SIGNED_IN = { requiresAuthentication: true };

/**
 * The classes, declared up front (clients cannot create classes or fields). A class declared
 * without class-level permissions would be master-key only, so every one says who may do what.
 */
export function schemaDefinitions(model: AccessModel, flaws: ReadonlySet<ParseFlawId>): Record<string, unknown>[] {
  const readers = { pointerFields: ['readers'] };
  const documentRead =
    model === 'pointer'
      ? { get: readers, find: flaws.has('open-find') ? SIGNED_IN : readers, count: flaws.has('open-find') ? SIGNED_IN : readers }
      : { get: SIGNED_IN, find: SIGNED_IN, count: SIGNED_IN };
  const userPointer = { type: 'Pointer', targetClass: '_User' };
  return [
    {
      className: '_User',
      fields: { prenom: { type: 'String' }, nom: { type: 'String' }, kind: { type: 'String' }, mdph: { type: 'String' } },
      // Accounts are provisioned, never signed up; nobody lists users.
      classLevelPermissions: { find: NOBODY, count: NOBODY, get: SIGNED_IN, create: NOBODY, update: SIGNED_IN, delete: NOBODY, addField: NOBODY, protectedFields: { '*': ['email'] } },
    },
    {
      className: 'Dossier',
      fields: { owner: userPointer, representative: userPointer, holder: { type: 'String' }, nir: { type: 'String' }, mdph: { type: 'String' } },
      classLevelPermissions: { find: SIGNED_IN, count: SIGNED_IN, get: SIGNED_IN, create: NOBODY, update: NOBODY, delete: NOBODY, addField: NOBODY, protectedFields: {} },
    },
    {
      className: 'Document',
      fields: {
        owner: userPointer,
        dossier: { type: 'Pointer', targetClass: 'Dossier' },
        title: { type: 'String' },
        type: { type: 'String' },
        file: { type: 'File' },
        // The Postgres adapter cannot query on a File column: the name is kept as a string too.
        fileName: { type: 'String' },
        readers: { type: 'Array' },
      },
      classLevelPermissions: {
        ...documentRead,
        create: SIGNED_IN,
        update: model === 'pointer' ? { pointerFields: ['owner'] } : SIGNED_IN,
        delete: model === 'pointer' ? { pointerFields: ['owner'] } : SIGNED_IN,
        addField: NOBODY,
        protectedFields: {},
      },
    },
    {
      // Who uploaded each file (Parse records nobody): read by Cloud Code with the master key only.
      className: 'FileUpload',
      fields: { name: { type: 'String' }, uploader: userPointer },
      classLevelPermissions: { find: NOBODY, count: NOBODY, get: NOBODY, create: NOBODY, update: NOBODY, delete: NOBODY, addField: NOBODY, protectedFields: {} },
    },
  ];
}
