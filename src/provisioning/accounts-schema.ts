import { Type, type Static } from '@sinclair/typebox';

/**
 * The accounts file of pre-provisioned people: the one source of its type and of the shipped
 * src/provisioning/accounts.schema.json (`npm run schemas`). `password` is a secret: it never
 * reaches a state file.
 */
const Key = Type.String({ pattern: '^[a-z0-9]{1,24}$' });
export const Account = Type.Object(
  {
    key: Key,
    email: Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$' }),
    // Shorter secrets could not be redacted without mangling ordinary text.
    password: Type.String({ minLength: 8 }),
    // An enum (not a union of literals) so that the one error lists the allowed roles.
    role: Type.Unsafe<'usager' | 'representant' | 'agent'>({ type: 'string', enum: ['usager', 'representant', 'agent'] }),
    mdph: Type.String({ minLength: 1 }),
    represents: Type.Optional(Key),
    prenom: Type.Optional(Type.String()),
    nom: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type Account = Static<typeof Account>;
export const AccountsFile = Type.Array(Account, { minItems: 1 });
