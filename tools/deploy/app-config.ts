// What the code says each app needs, read from the apps' own config specs
// (apps/<app>/src/config.ts exports `configSpec`), so the manifests are checked against the
// schemas the apps validate at boot — never against a second hand-written list.

import { join } from 'node:path';

import { APP_NAMES, type AppName, type ConfigSpec } from '@trafficshare/config';
import type { z } from 'zod';

export const REPO_ROOT = join(__dirname, '..', '..');

export type AnyConfigSpec = ConfigSpec<z.ZodRawShape>;

function isConfigSpec(value: unknown): value is AnyConfigSpec {
  return (
    typeof value === 'object' &&
    value !== null &&
    'app' in value &&
    'shape' in value &&
    typeof value.shape === 'object' &&
    value.shape !== null
  );
}

/** Loaded by path so every app in APP_NAMES is covered, including ones added later. */
export async function loadConfigSpec(app: AppName): Promise<AnyConfigSpec> {
  const module: unknown = await import(join(REPO_ROOT, 'apps', app, 'src', 'config'));
  const spec =
    typeof module === 'object' && module !== null && 'configSpec' in module
      ? module.configSpec
      : undefined;
  if (!isConfigSpec(spec))
    throw new Error(`apps/${app}/src/config.ts does not export a configSpec`);
  return spec;
}

export async function loadAllConfigSpecs(): Promise<ReadonlyMap<AppName, AnyConfigSpec>> {
  return new Map(
    await Promise.all(APP_NAMES.map(async (app) => [app, await loadConfigSpec(app)] as const)),
  );
}

export function secretKeys(spec: AnyConfigSpec): string[] {
  return (spec.secrets ?? []).flatMap((s) => [...s.keys]);
}

/** Variables without a default: the app refuses to boot without them. Secrets are required too. */
export function requiredKeys(spec: AnyConfigSpec): string[] {
  const fromShape = Object.entries(spec.shape)
    .filter(([, schema]) => !schema.isOptional())
    .map(([key]) => key);
  return [...new Set([...fromShape, ...secretKeys(spec)])].sort();
}

/** The value a variable takes when unset (after the schema's coercion), if it has one. */
export function defaultOf(spec: AnyConfigSpec, key: string): unknown {
  const schema = spec.shape[key];
  if (!schema) return undefined;
  const parsed = schema.safeParse(undefined);
  return parsed.success ? parsed.data : undefined;
}

const LOOPBACK = /(^|[/@,\s[])(127\.0\.0\.1|localhost|::1)([:\]/,\s]|$)/;

/**
 * Variables whose default only works on a developer machine (127.0.0.1 and friends): inside a
 * container they must be set explicitly.
 */
export function loopbackDefaultKeys(spec: AnyConfigSpec): string[] {
  return Object.keys(spec.shape)
    .filter((key) => {
      const value = defaultOf(spec, key);
      return typeof value === 'string' && LOOPBACK.test(value);
    })
    .sort();
}

export function isLoopback(value: string): boolean {
  return LOOPBACK.test(value);
}

/** Port variables of an app (GATEWAY_PORT; GRPC_PORT and METRICS_PORT). */
export function portKeys(spec: AnyConfigSpec): string[] {
  return Object.keys(spec.shape)
    .filter((key) => key.endsWith('_PORT') && typeof defaultOf(spec, key) === 'number')
    .sort();
}

/** The port serving /metrics, /health and /health/ready: every app's ops port. */
export function opsPortKey(_app: AppName): string {
  return 'METRICS_PORT';
}

/** Valid stand-ins for every secret, from the specs' own generators (for validating manifests). */
export function stubSecrets(spec: AnyConfigSpec): Record<string, string> {
  return Object.assign({}, ...(spec.secrets ?? []).map((s) => s.generate())) as Record<
    string,
    string
  >;
}
