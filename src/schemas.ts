import type { TSchema } from '@sinclair/typebox';
import { PopulationSpecFile } from './population/schema';
import { Profile } from './profile/schema';
import { AccountsFile } from './provisioning/accounts-schema';

/**
 * The JSON Schema files shipped for editors and other tools, each generated from its one TypeBox
 * source (`npm run schemas`); a self-test fails when a shipped file differs from its source.
 */
const SHIPPED: { file: string; id: string; title: string; schema: TSchema }[] = [
  { file: 'src/profile/profile.schema.json', id: 'profile.schema.json', title: 'cloison target profile (format 2)', schema: Profile },
  { file: 'src/population/spec.schema.json', id: 'population-spec.schema.json', title: 'cloison population spec (seeds/*.json)', schema: PopulationSpecFile },
  { file: 'src/provisioning/accounts.schema.json', id: 'accounts.schema.json', title: 'cloison accounts file (pre-provisioned people)', schema: AccountsFile },
];

/** Each shipped file and the text it must hold. JSON.stringify drops TypeBox's symbol keys. */
export function shippedSchemas(): { file: string; text: string }[] {
  return SHIPPED.map(({ file, id, title, schema }) => ({
    file,
    text: `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', $id: `https://cloison.example.test/${id}`, title, ...schema }, null, 2)}\n`,
  }));
}
