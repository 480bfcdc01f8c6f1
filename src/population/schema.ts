import { Type, type Static } from '@sinclair/typebox';

/**
 * The seeds file (seeds/*.json): who to seed. The one source of its type and of the shipped
 * src/population/spec.schema.json (`npm run schemas`). seed and runId are not in the file: they
 * come from the run (settings).
 */
export const PopulationSpecFile = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    mdph: Type.Array(Type.String({ pattern: '^(0[0-9]{2}|2A|2B|97[1-6])$' }), {
      minItems: 2,
      uniqueItems: true,
      description: 'MDPH codes (départements); at least two, for tenant isolation checks.',
    }),
    usagersPerMdph: Type.Integer({ minimum: 1, maximum: 702 }),
    representatives: Type.Integer({ minimum: 0, description: 'Each represents one of the first usagers of the first MDPH; none when the profile has no representatives.' }),
    agentsPerMdph: Type.Integer({ minimum: 0, maximum: 702, description: 'None when the profile has no agents.' }),
    piecesPerUsager: Type.Object(
      { min: Type.Integer({ minimum: 1, maximum: 9 }), max: Type.Integer({ minimum: 1, maximum: 9 }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, description: 'Who to seed. seed and runId are not in the file: they come from the run (settings).' },
);
export type PopulationSpecFile = Static<typeof PopulationSpecFile>;

/** A spec as the generator reads it: the file plus the run's seed and id. */
export type PopulationSpec = Omit<PopulationSpecFile, '$schema' | 'description'> & {
  seed: number;
  /** [A-Z0-9]{4,12}; namespaces e-mails and canaries. */
  runId: string;
  /** Domain of generated e-mails (the profile's `people.emailDomain`; default example.test). */
  emailDomain?: string;
};
