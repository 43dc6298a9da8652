import { STATUS_CODES } from 'node:http';

import { z } from 'zod/v4';

import { routeErrors } from './common-errors';
import { ErrorBodySchema } from './error-body';
import { documentedAs } from './fields';
import { type MultipartSpec, producesOf, type RouteContract } from './route-contract';

type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;
type ErrorContent = Record<'application/json', { schema: JsonSchema }>;

export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown>; [key: string]: unknown };
  tags?: Array<{ name: string; description?: string }>;
  [key: string]: unknown;
}

/**
 * A zod schema as an OpenAPI 3.1 (JSON Schema 2020-12) object: what a client sends or receives
 * (`io: input` — defaults are optional, transforms are described by their input).
 */
export function toJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      const documented = documentedAs.get(ctx.zodSchema)?.jsonSchema;
      if (!documented) return;
      const target = ctx.jsonSchema as JsonSchema;
      for (const key of Object.keys(target)) delete target[key];
      Object.assign(target, documented);
    },
  }) as JsonSchema;
  return json;
}

/** `/api/x/:id` → `/api/x/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** GET /api/daily_price/history → getDailyPriceHistory; `:id` segments → `ById`. */
export function operationIdOf(contract: { method: string; path: string }): string {
  const words = contract.path
    .split('/')
    .filter((s) => s && s !== 'api')
    .flatMap((s) => (s.startsWith(':') ? ['by', ...s.slice(1).split('_')] : s.split(/[_-]/)));
  return [contract.method.toLowerCase(), ...words]
    .map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('');
}

function parameters(
  schema: z.ZodObject | undefined,
  where: 'path' | 'query',
  path: string,
): JsonSchema[] {
  if (!schema) return [];
  const json = toJsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: [] };
  const required = new Set<string>(json.required ?? []);
  const entries = Object.entries(json.properties ?? {}).filter(
    ([name]) => where === 'query' || path.includes(`:${name}`),
  );
  return entries.map(([name, prop]) => {
    const { description, ...rest } = prop;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

const describe = (status: number): string => STATUS_CODES[status] ?? `Status ${status}`;

function errorResponse(status: number, codes: readonly string[]): JsonSchema {
  return {
    description: `${describe(status)}: ${codes.map((c) => `\`${c}\``).join(', ')}`,
    content: {
      'application/json': {
        schema: {
          allOf: [
            { $ref: '#/components/schemas/ErrorBody' },
            {
              type: 'object',
              required: ['code'],
              properties: { code: { type: 'string', enum: codes } },
            },
          ],
        },
      },
    },
  };
}

/** The OpenAPI operation of a route contract at `path` (its own, or one of its aliases). */
export function operationOf(contract: RouteContract, path: string = contract.path): Operation {
  const responses: Record<string, JsonSchema> = {
    [contract.status]: {
      description: describe(contract.status),
      content: Object.fromEntries(
        producesOf(contract).map((type) => [type, { schema: toJsonSchema(contract.successBody) }]),
      ),
    },
  };
  for (const [status, schema] of Object.entries(contract.alternatives ?? {})) {
    responses[status] = {
      description: describe(Number(status)),
      content: { 'application/json': { schema: toJsonSchema(schema) } },
    };
  }
  for (const [status, codes] of Object.entries(routeErrors(contract))) {
    const error = errorResponse(Number(status), codes);
    const own = responses[status]?.content as Record<string, { schema: JsonSchema }> | undefined;
    const ownJson = own?.['application/json']?.schema;
    responses[status] = ownJson
      ? {
          description: `${String(responses[status].description)}, or ${String(error.description)}`,
          content: {
            'application/json': {
              schema: {
                oneOf: [ownJson, (error.content as ErrorContent)['application/json'].schema],
              },
            },
          },
        }
      : error;
  }
  const body = contract.body;
  return {
    operationId: operationIdOf({ method: contract.method, path }),
    summary: contract.summary,
    ...(contract.description ? { description: contract.description } : {}),
    tags: [...contract.tags],
    security: contract.access === 'public' ? [] : [{ bearer: [] }],
    parameters: [
      ...parameters(contract.params, 'path', path),
      ...parameters(contract.query, 'query', path),
    ],
    ...(body
      ? {
          requestBody: {
            // A body every field of which is optional may be left out (it is then `{}`).
            required: !body.safeParse({}).success,
            content: {
              'application/json': { schema: toJsonSchema(body) },
              ...(contract.multipart ? multipartContent(body, contract.multipart) : {}),
            },
          },
        }
      : {}),
    responses,
  };
}

/**
 * The form a multipart route also takes: its text fields as in the JSON body, and its file field
 * as binary (the JSON body's `{filename, content_base64}` object is how the form reaches it).
 */
function multipartContent(body: z.ZodType, spec: MultipartSpec): Record<string, unknown> {
  const json = toJsonSchema(body) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  const properties: Record<string, JsonSchema> = {};
  for (const name of Object.keys(spec.fields)) {
    if (json.properties?.[name]) properties[name] = json.properties[name];
  }
  properties[spec.fileField] = { type: 'string', format: 'binary' };
  const required = (json.required ?? []).filter((name) => name in properties);
  return {
    'multipart/form-data': {
      schema: {
        type: 'object',
        properties,
        ...(required.length ? { required } : {}),
        additionalProperties: false,
      },
    },
  };
}

/**
 * Nest documents the path parameters of a handler serving several paths (`daily` and
 * `daily/:telegram_id`) on each of them, and none for a parameter read through a custom pipe
 * decorator: a path parameter not in its path is dropped, and one its path has but the scan
 * missed is added as a required string (contract routes replace both with their own schema).
 */
function fixPathParameters(document: OpenApiDocument): void {
  for (const [path, item] of Object.entries(document.paths)) {
    const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const op of Object.values(item) as Array<{ parameters?: JsonSchema[] }>) {
      if (!op || typeof op !== 'object') continue;
      const kept = (op.parameters ?? []).filter(
        (p) => p.in !== 'path' || names.includes(String(p.name)),
      );
      for (const name of names) {
        if (!kept.some((p) => p.in === 'path' && p.name === name)) {
          kept.push({ name, in: 'path', required: true, schema: { type: 'string' } });
        }
      }
      op.parameters = kept;
    }
  }
}

/**
 * Puts each contract's operation into the document (replacing what Nest's scan guessed for that
 * route), the shared error body schema, and the list of tags the operations use.
 */
export function applyContracts(
  document: OpenApiDocument,
  routes: ReadonlyArray<{ readonly url: string; readonly contract?: RouteContract }>,
): OpenApiDocument {
  fixPathParameters(document);
  for (const { url, contract } of routes) {
    if (!contract) continue;
    const path = openApiPath(url);
    document.paths[path] = {
      ...document.paths[path],
      [contract.method.toLowerCase()]: operationOf(contract, url),
    };
  }
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ErrorBody: toJsonSchema(ErrorBodySchema) },
  };
  const tags = new Set<string>();
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item)) {
      for (const tag of (op as { tags?: string[] }).tags ?? []) tags.add(tag);
    }
  }
  document.tags = [...tags].sort().map((name) => ({ name }));
  return document;
}
