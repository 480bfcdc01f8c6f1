/** Writes the shipped JSON Schema files from their TypeBox sources: `npm run schemas`. */
import { writeFileSync } from 'node:fs';
import { shippedSchemas } from '../src/schemas';

for (const { file, text } of shippedSchemas()) {
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}
