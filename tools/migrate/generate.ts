// npm run migration:generate -- <service> <Name>
// Diffs the service's entities against its migrations (applied to a scratch schema) and writes
// a timestamped migration with up and down. Schema names become `${s}` so the migration runs
// in any (prefixed) schema.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { SERVICE_NAMES, SERVICES, type ServiceName } from '@trafficshare/config';
import { ensureDatabase, migrateUp } from '@trafficshare/database';

import { serviceDataSource } from './data-sources';

function render(className: string, schema: string, up: string[], down: string[]): string {
  const escape = (q: string) =>
    q.replace(/\\/g, '\\\\').replace(/`/g, '\\`').split(`"${schema}"`).join('"${s}"');
  const lines = (qs: string[]) => qs.map((q) => `    await q.query(\`${escape(q)}\`);`).join('\n');
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
${lines(up)}
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
${lines(down)}
  }
}
`;
}

async function main(): Promise<void> {
  const [service, name] = process.argv.slice(2) as [ServiceName | undefined, string | undefined];
  if (!service || !SERVICE_NAMES.includes(service) || !name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    throw new Error(
      `usage: npm run migration:generate -- <${SERVICE_NAMES.join('|')}> <PascalCaseName>`,
    );
  }
  const scratchPrefix = `gen_${randomBytes(4).toString('hex')}_`;
  const { dataSource, databaseUrl, schema } = serviceDataSource(service, {
    schemaPrefix: scratchPrefix,
  });
  await ensureDatabase(databaseUrl);
  await dataSource.initialize();
  try {
    await migrateUp(dataSource);
    const sql = await dataSource.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      console.log(
        `[migration:generate] ${service}: entities match the migrations; nothing to generate`,
      );
      return;
    }
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const dir = join(__dirname, '../../apps', service, 'src/migrations');
    const file = `${timestamp}-${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;
    const up = sql.upQueries.map((q) => q.query);
    const down = sql.downQueries.map((q) => q.query).reverse();
    writeFileSync(join(dir, `${file}.ts`), render(className, schema, up, down));
    const indexPath = join(dir, 'index.ts');
    const index = readFileSync(indexPath, 'utf8').replace(
      /(\/\/ eslint-disable-next-line[^\n]*\n)?export const MIGRATIONS: Function\[\] = \[([^\]]*)\];/,
      (_m, _c, list: string) => {
        const items = list
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean);
        items.push(className);
        return `// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type\nexport const MIGRATIONS: Function[] = [${items.join(', ')}];`;
      },
    );
    writeFileSync(indexPath, `import { ${className} } from './${file}';\n${index}`);
    console.log(
      `[migration:generate] wrote apps/${service}/src/migrations/${file}.ts (${up.length} statements) for schema ${SERVICES[service].schema}`,
    );
  } finally {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dataSource.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(`[migration:generate] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
