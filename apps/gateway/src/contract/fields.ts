/* eslint-disable no-control-regex -- these patterns exist to find control characters */
import { z } from 'zod/v4';

// What strings the API accepts. No string may carry a C0 control character (U+0000–U+001F) or
// DEL: NUL breaks Postgres text columns, and the others have no business in ids, names or
// queries. Free text that people type (notes, reasons, messages, support text) may carry tab and
// line breaks (\t \n \r) and nothing else of that range. Two layers say the same thing:
// `line`/`text` below on each field (so the OpenAPI document states it), and the boundary guard
// (input-guard.ts) over every string of every request, for a field someone left a plain string.

/** Control characters refused in free text: every C0 character except \t \n \r, and DEL. */
export const FORBIDDEN_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** Control characters refused in one-line strings (ids, names, codes, query and path values). */
export const FORBIDDEN_IN_LINE = /[\u0000-\u001F\u007F]/;

const NO_CONTROL_MESSAGE = 'must not contain control characters';

/** A one-line string of at most `max` characters: no control characters at all. */
export const line = (max: number): z.ZodString =>
  z
    .string()
    .max(max)
    .regex(/^[^\u0000-\u001F\u007F]*$/, NO_CONTROL_MESSAGE);

/** Free text of at most `max` characters: tab and line breaks allowed, other controls refused. */
export const text = (max: number): z.ZodString =>
  z
    .string()
    .max(max)
    .regex(/^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/, NO_CONTROL_MESSAGE);

/** JSON Schemas the OpenAPI document shows instead of zod's (query numbers: see queryInt). */
export const documentedAs = z.registry<{ jsonSchema: Record<string, unknown> }>();

/**
 * An integer in a query string: decimal digits only (an optional leading minus when `min` < 0),
 * so `0x10`, `1e3`, ` 12`, `12.0` and the empty string are refused instead of coerced.
 * Documented as an integer with its bounds.
 */
export function queryInt(
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): z.ZodPipe<z.ZodPipe<z.ZodString, z.ZodTransform<number, string>>, z.ZodNumber> {
  const schema = z
    .string()
    .regex(min < 0 ? /^-?\d{1,16}$/ : /^\d{1,16}$/, {
      message: 'must be a decimal integer',
      abort: true, // the number checks below would only repeat it (NaN)
    })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
  documentedAs.add(schema, { jsonSchema: { type: 'integer', minimum: min, maximum: max } });
  return schema;
}
