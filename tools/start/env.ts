import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { parse as parseDotenv } from 'dotenv';

/** Repository root (tools/start/ is two levels down). */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/**
 * The variables the apps will see, with the apps' own precedence: `.env` (or ENV_FILE) first,
 * the process environment over it. The start command reads infra URLs and GATEWAY_PORT from it.
 */
export function effectiveEnv(
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string | undefined> {
  const file = resolve(REPO_ROOT, env.ENV_FILE ?? '.env');
  const fromFile = existsSync(file) ? parseDotenv(readFileSync(file)) : {};
  return { ...fromFile, ...env };
}
