import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  casesFor,
  operationsOf,
  problemOf,
  Rng,
  urlOf,
  type OpenApiDocument,
} from './openapi-fuzz';

// The generator itself (no platform): deterministic, and it tells good answers from bad.
const doc = JSON.parse(
  readFileSync(join(__dirname, '../../libs/api-client/openapi.json'), 'utf8'),
) as OpenApiDocument;
const operations = operationsOf(doc);
const callers = { self: 1001, other: 1002 };
const op = (key: string) => operations.find((o) => o.key === key)!;

describe('openapi-fuzz generation', () => {
  it('generates the same requests from the same seed', () => {
    for (const o of operations) {
      const a = casesFor(o, new Rng(7), callers, 10);
      const b = casesFor(o, new Rng(7), callers, 10);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      expect(a[0]).toMatchObject({ label: 'valid', invalid: false });
    }
  });

  it('derives invalid bodies, paths and queries from the schemas', () => {
    const start = casesFor(op('POST /api/traffic/start'), new Rng(1), callers, 1000);
    const labels = start.map((c) => c.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        'body without required device_id',
        'body with an unknown field',
        'body.battery_level as a numeric string',
        'body.device_id over its maxLength',
        'form-urlencoded body',
        'JSON null body',
      ]),
    );
    expect(start.filter((c) => c.label !== 'valid').every((c) => c.invalid)).toBe(true);
    const audit = op('GET /api/admin/filter/audit/{session_id}');
    const nul = casesFor(audit, new Rng(1), callers, 1000).find(
      (c) => c.label === 'path session_id with \\u0000',
    )!;
    expect(urlOf(audit, nul)).toMatch(/%00$/);
    const users = casesFor(op('GET /api/admin/users'), new Rng(1), callers, 1000);
    expect(users.find((c) => c.label === 'query limit as hex')?.query.limit).toBe('0x10');
  });

  it('fails a 5xx, a 2xx to an invalid input and an error body of another shape', () => {
    const o = op('POST /api/auth/refresh');
    const [valid, invalid] = [
      { ...casesFor(o, new Rng(1), callers, 0)[0] },
      { ...casesFor(o, new Rng(1), callers, 0)[0], invalid: true },
    ];
    const json = 'application/json; charset=utf-8';
    const error = (extra: object) =>
      JSON.stringify({ status: 'error', code: 'validation_failed', message: 'x', ...extra });
    expect(problemOf(o, valid, 200, json, '{}')).toBeUndefined();
    expect(problemOf(o, valid, 500, json, error({}))).toMatch(/500/);
    expect(problemOf(o, invalid, 200, json, '{}')).toMatch(/accepted/);
    expect(
      problemOf(o, invalid, 400, json, error({ errors: [{ field: 'a', message: 'b' }] })),
    ).toBeUndefined();
    expect(problemOf(o, invalid, 429, json, error({ retry_after_s: 3 }))).toBeUndefined();
    expect(problemOf(o, invalid, 400, json, error({ statusCode: 400 }))).toMatch(/statusCode/);
    expect(problemOf(o, invalid, 400, json, error({ detail: { deep: 1 } }))).toMatch(/plain/);
    expect(problemOf(o, invalid, 400, json, '{"statusCode":400,"message":"x"}')).toBeDefined();
    expect(problemOf(o, invalid, 404, 'text/plain', 'Not Found')).toMatch(/text\/plain/);
  });
});
