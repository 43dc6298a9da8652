// Schema-driven request generation for the OpenAPI fuzz test (openapi-fuzz.e2e-spec.ts): for
// every operation of the served document, a valid request and a bounded, seeded selection of
// invalid ones derived from its schemas, and the check every answer must pass. Pure: no I/O.

/** A JSON Schema as the document carries it (the subset the gateway's zod schemas produce). */
export interface Schema {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Schema;
  readonly items?: Schema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly default?: unknown;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly anyOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly allOf?: readonly Schema[];
  readonly $ref?: string;
}

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly schema?: Schema;
}

interface OperationObject {
  readonly operationId?: string;
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: Schema }> };
  readonly responses?: Record<string, { readonly content?: Record<string, { schema?: Schema }> }>;
}

export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, OperationObject>>;
  readonly components?: { readonly schemas?: Record<string, Schema> };
}

/** One operation of the document, with its `$ref`s resolved. */
export interface Operation {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path (`/api/sessions/{id}`). */
  readonly path: string;
  readonly key: string;
  readonly params: readonly Parameter[];
  /** The JSON request body's schema; undefined when the operation documents none. */
  readonly body?: Schema;
  /** Per error status, the properties its documented error body may carry. */
  readonly errorProperties: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Who sends a request, decided by the test (ids of the users it logged in). */
export interface Callers {
  /** The sender's own Telegram id. */
  readonly self: number;
  /** Another user's Telegram id (admins act on it; for users it is someone else's data). */
  readonly other: number;
}

/** One request to send. `invalid` says its input breaks the operation's schema. */
export interface FuzzCase {
  readonly label: string;
  readonly invalid: boolean;
  readonly path: Record<string, string>;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string>;
  /** JSON body (`undefined`: none; `null`: the JSON `null`). */
  readonly body?: unknown;
  /** Raw body with its content type (instead of `body`). */
  readonly raw?: { readonly type: string; readonly text: string };
}

// ------------------------------------------------------------------------------- randomness

/** A seeded generator (mulberry32): the same seed yields the same requests. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** A seeded shuffle (Fisher–Yates) of a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}

/** A stable 32-bit hash of a string (FNV-1a): each operation gets its own seed stream. */
export function hashSeed(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

// ------------------------------------------------------------------------------- the document

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation of the document, in document order. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const resolve = (schema: Schema | undefined): Schema | undefined => resolveRefs(doc, schema);
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = (op.parameters ?? []).map((p) => ({ ...p, schema: resolve(p.schema) }));
      const errorProperties = new Map<string, Set<string>>();
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (!/^[45]/.test(status)) continue;
        const schema = resolve(response.content?.['application/json']?.schema);
        errorProperties.set(status, new Set(propertyNames(schema)));
      }
      out.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        key: `${method.toUpperCase()} ${path}`,
        params,
        body: resolve(op.requestBody?.content?.['application/json']?.schema),
        errorProperties,
      });
    }
  }
  return out;
}

function resolveRefs(
  doc: OpenApiDocument,
  schema: Schema | undefined,
  depth = 0,
): Schema | undefined {
  if (!schema || depth > 20) return schema;
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolveRefs(doc, doc.components?.schemas?.[name], depth + 1);
  }
  const map = (s: Schema) => resolveRefs(doc, s, depth + 1)!;
  return {
    ...schema,
    ...(schema.properties
      ? {
          properties: Object.fromEntries(
            Object.entries(schema.properties).map(([k, v]) => [k, map(v)]),
          ),
        }
      : {}),
    ...(schema.items ? { items: map(schema.items) } : {}),
    ...(schema.anyOf ? { anyOf: schema.anyOf.map(map) } : {}),
    ...(schema.oneOf ? { oneOf: schema.oneOf.map(map) } : {}),
    ...(schema.allOf ? { allOf: schema.allOf.map(map) } : {}),
  };
}

function propertyNames(schema: Schema | undefined): string[] {
  if (!schema) return [];
  return [
    ...Object.keys(schema.properties ?? {}),
    ...(schema.allOf ?? []).flatMap(propertyNames),
    ...(schema.anyOf ?? []).flatMap(propertyNames),
    ...(schema.oneOf ?? []).flatMap(propertyNames),
  ];
}

const typeOf = (schema: Schema): string | undefined => {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (type) return type.find((t) => t !== 'null');
  if (schema.properties) return 'object';
  return undefined;
};

/** A schema with one plain type and no alternatives: a value of another type breaks it. */
const singleTyped = (schema: Schema): boolean =>
  typeof schema.type === 'string' && !schema.anyOf && !schema.oneOf && !schema.allOf;

const patternOf = (schema: Schema): RegExp | undefined => {
  if (!schema.pattern) return undefined;
  try {
    return new RegExp(schema.pattern);
  } catch {
    return undefined;
  }
};

// ------------------------------------------------------------------------------- valid values

const UUID = '3f1c2a9e-5b7d-4c1e-9a2f-6d8e0b4c7a15';

/** A value of `schema` (valid as far as the schema says), `name` guiding strings. */
export function sample(schema: Schema | undefined, rng: Rng, name = ''): unknown {
  if (!schema) return 'fuzz';
  if (schema.const !== undefined) return schema.const;
  if (schema.enum && schema.enum.length > 0) return rng.pick(schema.enum);
  if (schema.default !== undefined && rng.next() < 0.3) return schema.default;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    const nonNull = alternatives.filter((s) => s.type !== 'null');
    return sample(nonNull[0] ?? alternatives[0], rng, name);
  }
  if (schema.allOf) {
    return sample(Object.assign({}, ...schema.allOf) as Schema, rng, name);
  }
  switch (typeOf(schema)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set(schema.required ?? []);
      for (const [key, prop] of Object.entries(schema.properties ?? {})) {
        if (required.has(key) || rng.next() < 0.6) out[key] = sample(prop, rng, key);
      }
      return out;
    }
    case 'array': {
      const n = Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, rng.int(0, 2)));
      return Array.from({ length: n }, () => sample(schema.items, rng, name));
    }
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum ?? -1) + 1;
      const max = Math.min(schema.maximum ?? min + 1000, min + 1000);
      const n = rng.int(Math.ceil(min), Math.floor(Math.max(min, max)));
      return n;
    }
    case 'boolean':
      return rng.next() < 0.5;
    case 'string':
      return sampleString(schema, rng, name);
    case undefined:
    default:
      return 'fuzz';
  }
}

function sampleString(schema: Schema, rng: Rng, name: string): string {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Math.max(min, 24);
  const fit = (s: string) => s.length >= min && s.length <= max;
  const pattern = patternOf(schema);
  const ok = (s: string) => fit(s) && (!pattern || pattern.test(s));
  const byName: string[] = [];
  if (schema.format === 'uuid' || /(^|_)id$|uuid/.test(name)) byName.push(UUID);
  if (schema.format === 'date-time' || /^(from|to)$|_at$/.test(name))
    byName.push('2026-01-02T03:04:05.000Z', '2026-01-02');
  if (schema.format === 'date') byName.push('2026-01-02');
  if (/ip$/.test(name)) byName.push('73.162.10.20');
  const length = rng.int(min, Math.min(max, Math.max(min, 16)));
  const letters = Array.from({ length }, () =>
    'abcdefghijklmnopqrstuvwxyz0123456789'.charAt(rng.int(0, 35)),
  ).join('');
  const candidates = [
    ...byName,
    letters,
    '1'.repeat(Math.max(min, 1)),
    'A'.repeat(Math.max(min, 1)),
    `A${'1'.repeat(Math.max(min - 1, 5))}`,
  ];
  return candidates.find(ok) ?? letters;
}

/** A valid path value by the parameter's name (the document types every path value a string). */
function pathValue(name: string, path: string, callers: Callers): string {
  if (name === 'telegram_id') return String(callers.other);
  if (name === 'id' && /\/admins\//.test(path)) return String(callers.other);
  if (name === 'code') return 'FUZZPROMO';
  if (name === 'type') return 'ip';
  if (name === 'value') return '203.0.113.7';
  if (name === 'model_id') return 'basic';
  return UUID;
}

// ------------------------------------------------------------------------------- invalid inputs

/** Control characters every API string refuses (NUL first: it broke Postgres). */
export const CONTROL_CHARACTERS = ['\u0000', '\u0001', '\u0007', '\u001b', '\u007f'] as const;
/** A value well over any declared string or URL limit. */
export const HUGE = 'x'.repeat(70_000);

interface Mutation {
  readonly label: string;
  readonly invalid: boolean;
  apply(base: FuzzCase): FuzzCase;
}

const withBody = (base: FuzzCase, body: unknown): FuzzCase => ({ ...base, body, raw: undefined });

/** Mutations of an object body by its schema (each applies to a copy of the valid body). */
function bodyMutations(schema: Schema, rng: Rng, valid: Record<string, unknown>): Mutation[] {
  const out: Mutation[] = [];
  const props = schema.properties ?? {};
  for (const key of schema.required ?? []) {
    out.push({
      label: `body without required ${key}`,
      invalid: true,
      apply: (b) => {
        const body = { ...valid };
        delete body[key];
        return withBody(b, body);
      },
    });
  }
  if (schema.additionalProperties === false) {
    out.push({
      label: 'body with an unknown field',
      invalid: true,
      apply: (b) => withBody(b, { ...valid, fuzz_unknown_field: 1 }),
    });
  }
  for (const [key, prop] of Object.entries(props)) {
    const set = (label: string, value: unknown, invalid = true): Mutation => ({
      label: `body.${key} ${label}`,
      invalid,
      apply: (b) => withBody(b, { ...valid, [key]: value }),
    });
    const type = typeOf(prop);
    if (singleTyped(prop)) {
      if (type === 'string') {
        out.push(set('as a number', 12345));
        out.push(set('as null', null));
      } else if (type === 'integer' || type === 'number') {
        out.push(set('as a numeric string', '12'));
        out.push(set('as true', true));
        out.push(set('as a hex string', '0x10'));
      } else if (type === 'boolean') {
        out.push(set('as the string "true"', 'true'));
      } else if (type === 'object') {
        out.push(set('as a string', 'x'));
      } else if (type === 'array') {
        out.push(set('as an object', {}));
      }
    }
    if (type === 'integer' && singleTyped(prop)) out.push(set('as 1.5', 1.5));
    if ((type === 'integer' || type === 'number') && prop.maximum !== undefined) {
      if (prop.maximum < Number.MAX_SAFE_INTEGER)
        out.push(set('over its maximum', prop.maximum + 1));
    }
    if ((type === 'integer' || type === 'number') && prop.minimum !== undefined) {
      if (prop.minimum > Number.MIN_SAFE_INTEGER)
        out.push(set('under its minimum', prop.minimum - 1));
    }
    if (prop.enum && prop.enum.every((v) => typeof v === 'string')) {
      out.push(set('outside its enum', 'fuzz_not_in_enum'));
    }
    if (type === 'string' && !prop.enum && prop.const === undefined) {
      const base = typeof valid[key] === 'string' ? valid[key] : 'fuzz';
      const c = rng.pick(CONTROL_CHARACTERS);
      out.push(set(`with ${escape(c)}`, `${base.slice(0, 8)}${c}${base.slice(8)}`));
      if (prop.maxLength !== undefined)
        out.push(set('over its maxLength', 'y'.repeat(prop.maxLength + 1)));
      // Without a limit a huge string may be valid: only the answer's shape is checked.
      else out.push(set('huge (no declared limit)', HUGE, false));
      const pattern = patternOf(prop);
      if (pattern && !pattern.test('a\nb') && (prop.maxLength ?? 3) >= 3) {
        out.push(set('with a line break (one-line field)', 'a\nb'));
      }
    }
    if (type === 'array' && prop.items && typeOf(prop.items) === 'string' && singleTyped(prop)) {
      out.push(set('with NUL in an item', ['a\u0000b']));
    }
    if (type === 'object' && prop.properties) {
      out.push(set('with NUL in a nested key', { 'k\u0000': 'v' }));
    }
  }
  return out;
}

const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

function encodeForm(value: unknown): string {
  const params = new URLSearchParams();
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) params.set(k, String(v));
  } else params.set('value', String(value));
  return params.toString() || 'a=1';
}

/**
 * The requests for one operation: the valid one first, then up to `limit` invalid ones chosen
 * by the seeded `rng` from every mutation its schemas allow (the generic ones — control
 * characters in path and query values, a form body, a JSON `null` body — for every operation,
 * documented or not yet).
 */
export function casesFor(op: Operation, rng: Rng, callers: Callers, limit: number): FuzzCase[] {
  const path: Record<string, string> = {};
  const query: Record<string, string> = {};
  const headers: Record<string, string> = {};
  for (const p of op.params) {
    if (p.in === 'path') path[p.name] = pathValue(p.name, op.path, callers);
    else if (p.in === 'query') {
      if (p.required || rng.next() < 0.5) query[p.name] = String(sample(p.schema, rng, p.name));
      if (p.name === 'telegram_id') query[p.name] = String(callers.other);
    } else if (p.in === 'header') headers[p.name] = `fuzz-${rng.int(1, 1e9)}-${callers.self}`;
  }
  const takesBody = op.method !== 'GET';
  const validBody = op.body ? sample(op.body, rng) : undefined;
  const valid: FuzzCase = {
    label: 'valid',
    invalid: false,
    path,
    query,
    headers,
    body: validBody,
  };

  const mutations: Mutation[] = [];
  for (const p of op.params.filter((x) => x.in === 'path')) {
    const set = (label: string, value: string, invalid: boolean): Mutation => ({
      label: `path ${p.name} ${label}`,
      invalid,
      apply: (b) => ({ ...b, path: { ...b.path, [p.name]: value } }),
    });
    for (const c of CONTROL_CHARACTERS) {
      mutations.push(set(`with ${escape(c)}`, `${path[p.name]}${c}`, true));
    }
    mutations.push(set('as a line break', '\n', true));
    mutations.push(set('huge', HUGE.slice(0, 5000), false));
    mutations.push(set('as a word', 'fuzz', false));
    mutations.push(set('as hex', '0x10', false));
    mutations.push(set('as a negative number', '-1', false));
    mutations.push(set('as 99999999999999999999', '99999999999999999999', false));
  }
  for (const p of op.params.filter((x) => x.in === 'query')) {
    const schema = p.schema ?? {};
    const set = (label: string, value: string, invalid: boolean): Mutation => ({
      label: `query ${p.name} ${label}`,
      invalid,
      apply: (b) => ({ ...b, query: { ...b.query, [p.name]: value } }),
    });
    const type = typeOf(schema);
    const pattern = patternOf(schema);
    mutations.push(set('with \\u0000', `a\u0000b`, true));
    mutations.push(
      set(`with ${escape(rng.pick(CONTROL_CHARACTERS))}`, `1${rng.pick(CONTROL_CHARACTERS)}`, true),
    );
    if (type === 'integer' || type === 'number' || (pattern && !pattern.test('0x10'))) {
      mutations.push(set('as hex', '0x10', true));
      mutations.push(set('as a word', 'ten', true));
      if (type === 'integer') mutations.push(set('as 1.5', '1.5', true));
      mutations.push(set('as 1e3', '1e3', true));
    }
    if (schema.enum) mutations.push(set('outside its enum', 'fuzz_not_in_enum', true));
    if (schema.maxLength !== undefined) {
      mutations.push(set('over its maxLength', 'y'.repeat(schema.maxLength + 1), true));
    } else if (type === 'string') {
      mutations.push(set('huge', HUGE.slice(0, 6000), false));
    }
  }
  // Every operation: a query value nobody declared still may not carry NUL.
  mutations.push({
    label: 'undeclared query value with \\u0000',
    invalid: true,
    apply: (b) => ({ ...b, query: { ...b.query, fuzz: 'a\u0000b' } }),
  });
  if (takesBody) {
    mutations.push({
      label: 'form-urlencoded body',
      invalid: true,
      apply: (b) => ({
        ...b,
        body: undefined,
        raw: { type: 'application/x-www-form-urlencoded', text: encodeForm(validBody ?? {}) },
      }),
    });
    mutations.push({
      label: 'text/plain body',
      invalid: true,
      apply: (b) => ({ ...b, body: undefined, raw: { type: 'text/plain', text: 'fuzz' } }),
    });
    // `null` where the operation takes an object body is refused; without a documented body
    // the route reads none, so only the answer's shape is checked.
    mutations.push({
      label: 'JSON null body',
      invalid: op.body !== undefined,
      apply: (b) => withBody(b, null),
    });
    mutations.push({
      label: 'invalid JSON body',
      invalid: true,
      apply: (b) => ({ ...b, body: undefined, raw: { type: 'application/json', text: '{"a":' } }),
    });
  }
  if (op.body && typeOf(op.body) === 'object') {
    mutations.push({ label: 'JSON array body', invalid: true, apply: (b) => withBody(b, []) });
    mutations.push({ label: 'JSON string body', invalid: true, apply: (b) => withBody(b, 'x') });
    mutations.push(...bodyMutations(op.body, rng, (validBody ?? {}) as Record<string, unknown>));
  }
  const chosen = rng.shuffle(mutations).slice(0, limit);
  return [valid, ...chosen.map((m) => ({ ...m.apply(valid), label: m.label, invalid: m.invalid }))];
}

/** The URL path and query of a case (path values percent-encoded, so `\0` travels as %00). */
export function urlOf(op: Operation, c: FuzzCase): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
    encodeURIComponent(c.path[name] ?? 'x'),
  );
  const query = new URLSearchParams(c.query).toString();
  return query ? `${path}?${query}` : path;
}

// ------------------------------------------------------------------------------- the verdict

const ERROR_KEYS = new Set(['status', 'code', 'message', 'errors']);
const INTERNAL_KEYS = new Set(['statusCode', 'error', 'stack', 'cause', 'details', 'metadata']);

/**
 * What is wrong with one answer, or undefined: a 5xx; a 2xx to an invalid input; an error body
 * other than `{"status":"error","code","message"}` (plus `errors` naming fields, plus the
 * properties the operation's documented error body for that status declares).
 */
export function problemOf(
  op: Operation,
  c: FuzzCase,
  status: number,
  contentType: string,
  text: string,
): string | undefined {
  if (status >= 500) return `answered ${status}`;
  if (status < 300 && c.invalid) return `accepted an invalid input with ${status}`;
  if (status < 400) return undefined;
  if (!contentType.startsWith('application/json'))
    return `error answer is ${contentType || 'untyped'}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'error body is not JSON';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return 'error body is not an object';
  }
  const record = body as Record<string, unknown>;
  if (record.status !== 'error') return 'error body status is not "error"';
  if (typeof record.code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(record.code)) {
    return 'error body code is not a snake_case string';
  }
  if (typeof record.message !== 'string' || record.message.length === 0) {
    return 'error body message is not a non-empty string';
  }
  if (record.errors !== undefined) {
    const items = record.errors;
    const itemOk = (e: unknown) =>
      typeof e === 'object' &&
      e !== null &&
      Object.keys(e).sort().join() === 'field,message' &&
      typeof (e as { field: unknown }).field === 'string' &&
      typeof (e as { message: unknown }).message === 'string';
    if (!Array.isArray(items) || !items.every(itemOk)) return 'error body errors are malformed';
  }
  // Beyond the keys the error body and the operation's error answer name, the error body
  // schema lets a code carry safe details (`retry_after_s`, `current_version`, `model_id`, …):
  // plain values only, never Fastify's `statusCode`/`error` or anything internal.
  const declared = op.errorProperties.get(String(status)) ?? new Set<string>();
  for (const [key, value] of Object.entries(record)) {
    if (ERROR_KEYS.has(key) || declared.has(key)) continue;
    if (INTERNAL_KEYS.has(key)) return `error body has the internal key ${key}`;
    if (!/^[a-z][a-z0-9_]*$/.test(key)) return `error body has the key ${JSON.stringify(key)}`;
    if (value !== null && typeof value === 'object') {
      return `error body detail ${key} is not a plain value`;
    }
  }
  return undefined;
}
