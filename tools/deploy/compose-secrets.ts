// Fills the git-ignored .secrets.env with every secret docker-compose.yml demands (the apps'
// declared secrets plus POSTGRES_PASSWORD and GRAFANA_ADMIN_PASSWORD), generating only the
// missing ones, for a local production-like run:
//   node tools/run-ts.cjs tools/deploy/compose-secrets.ts
//   docker compose --env-file .secrets.env up --build
// Never use these values for a real deployment.

import { randomBytes } from 'node:crypto';
import { relative, resolve } from 'node:path';

import { ensureDevSecrets, type SecretSpec } from '@trafficshare/config';

import { loadAllConfigSpecs, REPO_ROOT, type AnyConfigSpec } from './app-config';

/** URL-safe, as it is embedded in DATABASE_URL. */
const postgresPassword: SecretSpec = {
  keys: ['POSTGRES_PASSWORD'],
  generate: () => ({ POSTGRES_PASSWORD: randomBytes(24).toString('hex') }),
};

/** The Grafana admin's password (user admin), for the grafana service. */
const grafanaAdminPassword: SecretSpec = {
  keys: ['GRAFANA_ADMIN_PASSWORD'],
  generate: () => ({ GRAFANA_ADMIN_PASSWORD: randomBytes(18).toString('base64url') }),
};

/** Every secret docker-compose.yml requires from the environment (manifests test checks this). */
export function composeSecretSpecs(specs: Iterable<AnyConfigSpec>): SecretSpec[] {
  return [
    ...new Set([...specs].flatMap((spec) => spec.secrets ?? [])),
    postgresPassword,
    grafanaAdminPassword,
  ];
}

async function main(): Promise<void> {
  const secrets = composeSecretSpecs((await loadAllConfigSpecs()).values());
  const file = resolve(REPO_ROOT, process.env.SECRETS_FILE ?? '.secrets.env');
  const values = ensureDevSecrets(file, secrets);
  const keys = secrets.flatMap((s) => s.keys).filter((k, i, all) => all.indexOf(k) === i);
  process.stdout.write(
    `${relative(process.cwd(), file)} holds ${keys.filter((k) => values[k]).join(', ')}\n` +
      `run: docker compose --env-file ${relative(REPO_ROOT, file)} up --build\n`,
  );
}

// Run as a script (tools/run-ts.cjs sets argv[1] to this file); importing it only defines.
if (resolve(process.argv[1] ?? '') === __filename) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
