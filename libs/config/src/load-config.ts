import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';

import type { AppName } from './apps';
import { ensureDevSecrets, type SecretSpec } from './dev-secrets';

export class ConfigError extends Error {
  constructor(
    readonly app: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Invalid configuration for ${app}:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'Fix the variables above in the environment or in .env (see README "Configuration").',
    );
    this.name = 'ConfigError';
  }
}

export interface ConfigSpec<S extends z.ZodRawShape> {
  readonly app: AppName;
  readonly shape: S;
  /** Secrets: generated once into the git-ignored secrets file on a developer machine,
   *  required from the environment when NODE_ENV=production. */
  readonly secrets?: readonly SecretSpec[];
}

export interface LoadOptions {
  /** Defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Directory holding .env and .secrets.env; defaults to the process's cwd. */
  readonly cwd?: string;
}

export type ConfigOf<S extends z.ZodRawShape> = z.infer<z.ZodObject<S>>;

function readEnvFile(path: string): Record<string, string> {
  return existsSync(path) ? parseDotenv(readFileSync(path)) : {};
}

/**
 * Reads the app's configuration from (lowest to highest precedence) `.env`, the generated
 * secrets file (development only) and the process environment, then validates it. Every bad
 * variable is reported at once.
 */
export function loadConfig<S extends z.ZodRawShape>(
  spec: ConfigSpec<S>,
  options: LoadOptions = {},
): ConfigOf<S> {
  const processEnv = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const fromFile = readEnvFile(resolve(cwd, processEnv.ENV_FILE ?? '.env'));
  const merged: Record<string, string | undefined> = { ...fromFile, ...processEnv };
  const production = merged.NODE_ENV === 'production';
  const problems: string[] = [];

  const secretKeys = (spec.secrets ?? []).flatMap((s) => s.keys);
  const missingSecrets = secretKeys.filter((k) => !merged[k]);
  if (missingSecrets.length > 0) {
    if (production) {
      for (const key of missingSecrets) {
        problems.push(
          `${key}: required secret is missing (NODE_ENV=production never generates secrets)`,
        );
      }
    } else {
      const secretsFile = resolve(cwd, merged.SECRETS_FILE ?? '.secrets.env');
      const generated = ensureDevSecrets(secretsFile, spec.secrets ?? []);
      for (const key of missingSecrets) merged[key] = generated[key];
    }
  }

  const result = z.object(spec.shape).safeParse(merged);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = issue.path.join('.') || '(root)';
      const shown = secretKeys.includes(key) ? '' : describeValue(merged[key]);
      problems.push(`${key}: ${issue.message}${shown}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(spec.app, problems);
  return (result as z.SafeParseSuccess<ConfigOf<S>>).data;
}

function describeValue(value: string | undefined): string {
  if (value === undefined) return ' (not set)';
  const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return ` (got "${shown}")`;
}

/** Keys of a config whose values must never be logged. */
export function secretKeysOf(spec: ConfigSpec<z.ZodRawShape>): string[] {
  return (spec.secrets ?? []).flatMap((s) => s.keys);
}

/** The config with every secret replaced by a mask, safe to log. */
export function redactConfig<T extends Record<string, unknown>>(
  spec: ConfigSpec<z.ZodRawShape>,
  config: T,
): Record<string, unknown> {
  const secrets = new Set(secretKeysOf(spec));
  return Object.fromEntries(
    Object.entries(config).map(([k, v]) => [k, secrets.has(k) ? '[secret]' : redactUrl(v)]),
  );
}

function redactUrl(value: unknown): unknown {
  if (typeof value !== 'string' || !value.includes('://')) return value;
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return value;
  }
}
