// npm run api:gen: regenerates libs/api-client/openapi.json and libs/api-client/src/schema.d.ts
// from the gateway's routes. npm run api:check: fails when either is stale (like proto:check).
import { writeFileSync } from 'node:fs';

import { DOCUMENT_FILE, generateApiFiles, SCHEMA_FILE, staleFiles } from './api-files';

async function main(): Promise<void> {
  const files = await generateApiFiles();
  if (process.argv.includes('--check')) {
    const stale = staleFiles(files);
    if (stale.length > 0) {
      console.error(
        `The API client is out of date with the gateway's routes:\n  ${stale.join('\n  ')}\nRun: npm run api:gen`,
      );
      process.exit(1);
    }
    console.log('api:check ok (openapi.json and schema.d.ts up to date)');
    return;
  }
  writeFileSync(DOCUMENT_FILE, files.document);
  writeFileSync(SCHEMA_FILE, files.schema);
  console.log('generated libs/api-client/openapi.json and libs/api-client/src/schema.d.ts');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
