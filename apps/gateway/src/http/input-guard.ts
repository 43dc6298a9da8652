import type { FastifyInstance } from 'fastify';

import { FORBIDDEN_IN_LINE, FORBIDDEN_IN_TEXT } from '../contract/fields';
import { validationFailed } from '../errors/validation-error';

/** The path (`a.b.0`) of the first string (or key) in `value` that matches `forbidden`. */
export function findControlCharacter(
  value: unknown,
  forbidden: RegExp,
  path: string[] = [],
): string | undefined {
  if (typeof value === 'string') return forbidden.test(value) ? path.join('.') : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (forbidden.test(key)) return [...path, '(key)'].join('.');
    const found = findControlCharacter(item, forbidden, [...path, key]);
    if (found !== undefined) return found;
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
