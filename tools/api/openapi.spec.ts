import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { clientTypes, staleFiles } from './api-files';
import { openApiJson, withGateway } from './openapi-document';

const ROOT = join(__dirname, '../..');

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: Array<{ ruleId: string; severity: string; message: string; location?: unknown }>;
}

describe('the gateway OpenAPI document', () => {
  let document = '';
  let withoutContract: string[] = [];

  beforeAll(async () => {
    await withGateway(async (gateway) => {
      document = openApiJson(gateway);
      withoutContract = gateway.routes.withoutContract();
    });
  }, 60_000);

  it('passes `redocly lint` with no errors (redocly.yaml)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'redocly-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, document);
      const run = spawnSync(
        process.execPath,
        [
          join(ROOT, 'node_modules/@redocly/cli/bin/cli.js'),
          'lint',
          '--config',
          join(ROOT, 'redocly.yaml'),
          '--format=json',
          file,
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
          timeout: 60_000,
        },
      );
      const report = JSON.parse(run.stdout) as LintReport;
      const errors = report.problems
        .filter((p) => p.severity === 'error')
        .map((p) => `${p.ruleId}: ${p.message} ${JSON.stringify(p.location)}`);
      expect(errors).toEqual([]);
      expect(report.totals.errors).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('is committed with the client types generated from it (npm run api:gen)', () => {
    expect(staleFiles({ document, schema: clientTypes(document) })).toEqual([]);
  }, 60_000);

  // A route without a contract would be undocumented and unchecked by GATEWAY_VALIDATE_RESPONSES.
  it('has a contract for every route', () => {
    expect(withoutContract).toEqual([]);
  });
});
