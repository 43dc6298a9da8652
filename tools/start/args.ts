import { APP_NAMES, type AppName } from '@trafficshare/config';

export interface StartOptions {
  /** Skip `npm run build` (use the existing dist/). */
  readonly build: boolean;
  /** Only check (and start) Postgres, Redis and NATS, then exit; `.ci/run` uses it. */
  readonly infraOnly: boolean;
  /** Apps to run; every app unless `--only` narrows it. */
  readonly apps: readonly AppName[];
  readonly help: boolean;
}

export const USAGE = `usage: npm start [-- options]

Brings the whole platform up on this machine: checks (and starts or installs) Postgres, Redis and
NATS, builds, migrates, starts every app and waits until the gateway is ready.

options:
  --no-build           skip "npm run build" and run the existing dist/
  --only a,b           run only these apps (${APP_NAMES.join(', ')})
  --infra-only         only check/start Postgres, Redis and NATS, then exit
  -h, --help           show this help`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function isAppName(value: string): value is AppName {
  return (APP_NAMES as readonly string[]).includes(value);
}

function parseOnly(list: string): AppName[] {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const unknown = names.filter((n) => !isAppName(n));
  if (unknown.length > 0) {
    throw new UsageError(
      `--only: unknown app(s) ${unknown.join(', ')}; known: ${APP_NAMES.join(', ')}`,
    );
  }
  if (names.length === 0) throw new UsageError('--only needs a comma-separated list of apps');
  // Keep the platform's order (gateway first) whatever order the user typed.
  return APP_NAMES.filter((name) => names.includes(name));
}

export function parseArgs(argv: readonly string[]): StartOptions {
  let build = true;
  let infraOnly = false;
  let help = false;
  let apps: readonly AppName[] = APP_NAMES;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--no-build') build = false;
    else if (arg === '--infra-only') infraOnly = true;
    else if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '--only') {
      const value = argv[++i];
      if (value === undefined) throw new UsageError('--only needs a comma-separated list of apps');
      apps = parseOnly(value);
    } else if (arg.startsWith('--only=')) apps = parseOnly(arg.slice('--only='.length));
    else throw new UsageError(`unknown option ${arg}`);
  }
  return { build, infraOnly, apps, help };
}
