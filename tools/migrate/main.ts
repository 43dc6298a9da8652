// npm run migrate [-- --service auth-svc] [--down N]
// Creates the database if missing, then applies (or reverts) every service's migrations.
import { ConfigError, SERVICE_NAMES, type ServiceName } from '@trafficshare/config';
import { ensureDatabase, migrateDown, migrateUp } from '@trafficshare/database';

import { serviceDataSource } from './data-sources';

interface Args {
  services: ServiceName[];
  down: number;
}

function parseArgs(argv: string[]): Args {
  let services: ServiceName[] = [...SERVICE_NAMES];
  let down = 0;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--service') {
      const names = (argv[++i] ?? '').split(',');
      const unknown = names.filter((n) => !(SERVICE_NAMES as readonly string[]).includes(n));
      if (unknown.length > 0)
        throw new Error(
          `unknown service ${unknown.join(', ')}; one of ${SERVICE_NAMES.join(', ')}`,
        );
      services = names as ServiceName[];
    } else if (arg === '--down') {
      down = Number(argv[++i] ?? '1');
      if (!Number.isInteger(down) || down < 1)
        throw new Error('--down takes a positive whole number of steps');
    } else {
      throw new Error(
        `unknown argument ${arg}; usage: npm run migrate -- [--service a,b] [--down N]`,
      );
    }
  }
  if (down > 0 && services.length !== 1) throw new Error('--down needs exactly one --service');
  return { services, down };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  let databaseChecked = false;
  for (const service of args.services) {
    const { dataSource, databaseUrl, schema } = serviceDataSource(service);
    if (!databaseChecked) {
      const { created } = await ensureDatabase(databaseUrl);
      if (created)
        console.log(`[migrate] created database ${new URL(databaseUrl).pathname.slice(1)}`);
      databaseChecked = true;
    }
    await dataSource.initialize();
    try {
      if (args.down > 0) {
        const reverted = await migrateDown(dataSource, args.down);
        console.log(
          `[migrate] ${service} (${schema}): reverted ${reverted.join(', ') || 'nothing'}`,
        );
      } else {
        const result = await migrateUp(dataSource);
        console.log(
          `[migrate] ${service} (${schema}): ${result.applied.length} applied, head ${result.head ?? '(none)'}`,
        );
      }
    } finally {
      await dataSource.destroy();
    }
  }
}

main().catch((err: unknown) => {
  console.error(
    err instanceof ConfigError
      ? err.message
      : `[migrate] failed: ${err instanceof Error ? err.message : String(err)}`,
  );
  console.error('Is Postgres up? `npm start` starts it, or see README "Infrastructure".');
  process.exit(1);
});
