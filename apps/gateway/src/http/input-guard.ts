import type { FastifyInstance } from 'fastify';

import { FORBIDDEN_IN_LINE, FORBIDDEN_IN_TEXT } from '../contract/fields';
import { validationFailed } from '../errors/validation-error';

/**
 * The path (`a.b.0`, `''` for `value` itself) of the first string (or key) in `value` that
 * matches `forbidden`, or undefined. Builds no path unless it finds one (it runs on every request).
 */
export function findControlCharacter(value: unknown, forbidden: RegExp): string | undefined {
  if (typeof value === 'string') return forbidden.test(value) ? '' : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (forbidden.test(key)) return '(key)';
    const found = findControlCharacter(record[key], forbidden);
    if (found !== undefined) return found === '' ? key : `${key}.${found}`;
  }
  return undefined;
}

/**
 * The boundary guard of fields.ts: before any handler (Nest or Fastify's own), a control
 * character in a path parameter, a query value or a body string is 400 `validation_failed`
 * naming the field — path and query values are one-line, body strings may hold \t \n \r.
 */
export function registerInputGuard(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, _reply, done) => {
    const field =
      findControlCharacter(request.params, FORBIDDEN_IN_LINE) ??
      findControlCharacter(request.query, FORBIDDEN_IN_LINE) ??
      findControlCharacter(request.body, FORBIDDEN_IN_TEXT);
    if (field === undefined) return done();
    done(
      validationFailed([
        { field: field || '(body)', message: 'must not contain control characters' },
      ]),
    );
  });
}
