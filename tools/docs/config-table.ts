// Writes the configuration table of README.md from the apps' config specs:
//   npm run docs:config
// tools/docs/readme.spec.ts fails when the README misses a variable an app reads.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { z } from 'zod';

import { APP_NAMES, type AppName, type ConfigSpec } from '@trafficshare/config';

import { configSpec as auth } from '../../apps/auth-svc/src/config';
import { configSpec as filter } from '../../apps/filter-svc/src/config';
import { configSpec as gateway } from '../../apps/gateway/src/config';
import { configSpec as ledger } from '../../apps/ledger-svc/src/config';
import { configSpec as notify } from '../../apps/notify-svc/src/config';
import { configSpec as payout } from '../../apps/payout-svc/src/config';
import { configSpec as relay } from '../../apps/relay/src/config';
import { configSpec as telemetry } from '../../apps/telemetry-svc/src/config';

export const SPECS: Record<AppName, ConfigSpec<z.ZodRawShape>> = {
  gateway,
  'auth-svc': auth,
  'telemetry-svc': telemetry,
  'filter-svc': filter,
  'ledger-svc': ledger,
  'payout-svc': payout,
  'notify-svc': notify,
  relay,
};

export interface VariableRow {
  readonly name: string;
  readonly apps: AppName[];
  readonly defaultValue: string;
  readonly secret: boolean;
}

function defaultOf(schema: z.ZodTypeAny): string {
  const def = (
    schema as {
      _def?: {
        typeName?: string;
        defaultValue?: () => unknown;
        innerType?: z.ZodTypeAny;
        schema?: z.ZodTypeAny;
      };
    }
  )._def;
  if (!def) return '';
  if (def.typeName === 'ZodDefault' && def.defaultValue) return String(def.defaultValue());
  if (def.innerType) return defaultOf(def.innerType);
  if (def.schema) return defaultOf(def.schema);
  return '';
}

export function variableRows(): VariableRow[] {
  const rows = new Map<string, VariableRow>();
  for (const app of APP_NAMES) {
    const spec = SPECS[app];
    const secrets = new Set((spec.secrets ?? []).flatMap((s) => s.keys));
    for (const [name, schema] of Object.entries(spec.shape)) {
      const row = rows.get(name) ?? { name, apps: [], defaultValue: '', secret: secrets.has(name) };
      row.apps.push(app);
      const fallback = defaultOf(schema);
      rows.set(name, {
        ...row,
        defaultValue: row.defaultValue || fallback,
        secret: row.secret || secrets.has(name),
      });
    }
  }
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const PER_SERVICE: Record<string, string> = {
  GRPC_PORT: '50051–50056, one per service (libs/config/src/apps.ts)',
  METRICS_PORT: '9460 (gateway), 9461–9466 one per service (libs/config/src/apps.ts)',
};

function describeDefault(row: VariableRow): string {
  if (row.secret) return 'secret: generated once in development, required in production';
  if (PER_SERVICE[row.name]) return PER_SERVICE[row.name];
  if (row.defaultValue.includes('/node_modules/')) {
    return `bundled npm database (\`${row.defaultValue.split('/node_modules/')[1]}\`)`;
  }
  return row.defaultValue ? `\`${row.defaultValue}\`` : '(unset)';
}

/** The markdown table README.md carries between its config-table markers. */
export function renderConfigTable(): string {
  const all = APP_NAMES.length;
  const lines = ['| Variable | Apps | Default |', '| --- | --- | --- |'];
  for (const row of variableRows()) {
    const services = row.apps.length === all - 1 && !row.apps.includes('gateway');
    const apps = row.apps.length === all ? 'all' : services ? 'all services' : row.apps.join(', ');
    lines.push(`| \`${row.name}\` | ${apps} | ${describeDefault(row)} |`);
  }
  return lines.join('\n');
}

export const TABLE_START = '<!-- config-table:start (npm run docs:config) -->';
export const TABLE_END = '<!-- config-table:end -->';

export function withTable(readme: string): string {
  const a = readme.indexOf(TABLE_START);
  const b = readme.indexOf(TABLE_END);
  if (a < 0 || b < a)
    throw new Error(`README.md lacks the ${TABLE_START} ... ${TABLE_END} markers`);
  return `${readme.slice(0, a + TABLE_START.length)}\n${renderConfigTable()}\n${readme.slice(b)}`;
}

if (process.argv[1]?.endsWith('config-table.ts')) {
  const file = join(__dirname, '..', '..', 'README.md');
  writeFileSync(file, withTable(readFileSync(file, 'utf8')));
  console.log('README.md configuration table updated');
}
