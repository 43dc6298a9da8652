import { generateKeyPairSync, randomBytes } from 'node:crypto';

import { signedLoginPayload } from '../../tools/simulate/credentials';
import { Stack } from '../stack';
import {
  casesFor,
  hashSeed,
  operationsOf,
  problemOf,
  Rng,
  urlOf,
  type FuzzCase,
  type OpenApiDocument,
  type Operation,
} from './openapi-fuzz';

// Schema-driven fuzzing of the whole platform (every app its own process): every operation of
// the OpenAPI document the gateway serves gets a valid request and a seeded selection of invalid
// ones (openapi-fuzz.ts), sent as a user and as an admin. Any 5xx, any error body of another
// shape and any 2xx to an invalid input fails the test, listing the operation, input and answer.
// Inputs come from each route's documented schemas, so a new route is fuzzed with no change
// here. FUZZ_SEED and FUZZ_CASES (invalid inputs per operation and role)
// widen a local run; the defaults keep CI fast.
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_204);
const CASES = Number(process.env.FUZZ_CASES ?? 14);
const PARALLEL = 8;

const USER_BASE = 6_100_000_000;
const ADMIN_BASE = 6_200_000_000;
const MAX_OPERATIONS = 200;

/** `fn` over `items`, at most `limit` at a time, results in order. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

interface Failure {
  readonly operation: string;
  readonly role: string;
  readonly input: string;
  readonly request: string;
  readonly problem: string;
  readonly answer: string;
}

describe('OpenAPI fuzz (every operation, user and admin)', () => {
  let stack: Stack;
  const botToken = `${7_000_000_000 + (SEED % 1_000_000)}:${randomBytes(26).toString('base64url')}`;
  let loginIp = 0;

  beforeAll(async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const admins = Array.from({ length: MAX_OPERATIONS }, (_, i) => ADMIN_BASE + i);
    stack = await Stack.start('e2e_fuzz', {
      env: {
        TELEGRAM_BOT_TOKEN: botToken,
        JWT_PRIVATE_KEY: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
        JWT_PUBLIC_KEY: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
        ADMIN_IDS: admins.join(','),
        // One user sends a few dozen requests per operation; the per-route limits stay.
        RATE_LIMIT_DEFAULT_POINTS: '100000',
      },
    });
    await stack.waitReady();
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  /** Logs in through the Login Widget route like a phone (each from its own address). */
  const login = async (id: number): Promise<string> => {
    loginIp += 1;
    const res = await fetch(`${stack.gatewayUrl}/api/auth/telegram`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': `198.51.${loginIp >> 8}.${loginIp & 255}`,
      },
      body: JSON.stringify(signedLoginPayload(botToken, id, `fuzz_${id}`)),
    });
    const body = (await res.json()) as { token?: string };
    if (!res.ok || !body.token)
      throw new Error(`login ${id}: ${res.status} ${JSON.stringify(body)}`);
    return body.token;
  };

  const clip = (text: string, max: number): string =>
    text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;

  async function send(
    op: Operation,
    c: FuzzCase,
    token: string,
    ip: string,
  ): Promise<Failure | undefined> {
    const url = urlOf(op, c);
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      'x-forwarded-for': ip,
      ...c.headers,
    };
    let body: string | undefined;
    if (c.raw) {
      headers['content-type'] = c.raw.type;
      body = c.raw.text;
    } else if (c.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(c.body);
    }
    const res = await fetch(`${stack.gatewayUrl}${url}`, { method: op.method, headers, body });
    const text = await res.text();
    const problem = problemOf(op, c, res.status, res.headers.get('content-type') ?? '', text);
    if (!problem) return undefined;
    return {
      operation: op.key,
      role: '',
      input: c.label,
      request: `${op.method} ${JSON.stringify(clip(url, 200))} ${c.raw ? c.raw.type : ''} ${clip(body === undefined ? '(no body)' : JSON.stringify(body), 300)}`,
      problem,
      answer: `${res.status} ${clip(text, 400)}`,
    };
  }

  it('answers every generated request without a 5xx, with the one error body, refusing invalid input', async () => {
    const res = await fetch(`${stack.gatewayUrl}/docs-json`);
    expect(res.status).toBe(200);
    const operations = operationsOf((await res.json()) as OpenApiDocument);
    expect(operations.length).toBeGreaterThan(50);
    expect(operations.length).toBeLessThan(MAX_OPERATIONS);

    const failures: Failure[] = [];
    let sent = 0;
    // Fresh callers per operation (a logout, a ban or a route's own limit hits no other one),
    // logged in before the clock starts.
    const tokens = await mapLimit(
      operations.flatMap((_, i) => [USER_BASE + i, ADMIN_BASE + i]),
      PARALLEL,
      login,
    );
    const started = Date.now();
    for (const [i, op] of operations.entries()) {
      const user = { id: USER_BASE + i, role: 'user', token: tokens[2 * i] };
      const admin = { id: ADMIN_BASE + i, role: 'admin', token: tokens[2 * i + 1] };
      await Promise.all(
        [user, admin].map(async (caller) => {
          const rng = new Rng(hashSeed(SEED, `${op.key} ${caller.role}`));
          const other = caller === user ? admin.id : user.id;
          const [valid, ...invalid] = casesFor(op, rng, { self: caller.id, other }, CASES);
          const ip = `73.162.${10 + (i % 200)}.${caller === user ? 20 : 21}`;
          const record = (failure: Failure | undefined) => {
            sent += 1;
            if (failure) failures.push({ ...failure, role: caller.role });
          };
          await mapLimit(invalid, PARALLEL / 2, async (c) =>
            record(await send(op, c, caller.token, ip)),
          );
          // The valid one last: a logout or a token renewal ends the caller's session.
          record(await send(op, valid, caller.token, ip));
        }),
      );
    }
    const report = failures
      .map(
        (f) =>
          `${f.operation} as ${f.role} — ${f.input}: ${f.problem}\n    request: ${f.request}\n    answer:  ${f.answer}`,
      )
      .join('\n');
    if (process.env.E2E_DEBUG) console.log(`fuzz: ${sent} requests in ${Date.now() - started} ms`);
    // Bounded: the whole run stays well under a minute in CI.
    if (failures.length > 0) {
      throw new Error(
        `${failures.length} of ${sent} fuzz requests failed (FUZZ_SEED=${SEED}, FUZZ_CASES=${CASES}):\n${report}`,
      );
    }
    expect(sent).toBeGreaterThan(operations.length * 2);
  }, 170_000);
});
