import { applyDecorators, Body, Query, type PipeTransform } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod/v4';

import { toJsonSchema } from '../contract/openapi';
import { fieldErrors, validationFailed } from '../errors/validation-error';

/**
 * Validates with a zod schema; failures are 400 `validation_failed` listing each field. No body
 * at all is `{}`; a JSON `null` (or array, string) where an object is expected is refused.
 */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value === undefined ? {} : value);
    if (result.success) return result.data;
    throw validationFailed(fieldErrors(result.error.issues));
  }
}

/** `@ValidBody(schema)` on a parameter: parsed, validated body. */
export const ValidBody = <S extends z.ZodType>(schema: S): ParameterDecorator =>
  Body(new ZodPipe(schema));

/** `@ValidQuery(schema)` on a parameter: parsed, validated query string. */
export const ValidQuery = <S extends z.ZodType>(schema: S): ParameterDecorator =>
  Query(new ZodPipe(schema));

/** Documents a zod body schema in OpenAPI. */
export const ApiZodBody = (schema: z.ZodType, description?: string): MethodDecorator =>
  applyDecorators(ApiBody({ description, schema: toOpenApi(schema) }));

/** Documents each field of a zod object as a query parameter. */
export const ApiZodQuery = (schema: z.ZodObject): MethodDecorator => {
  const json = toOpenApi(schema) as { properties?: Record<string, object>; required?: string[] };
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, prop]) =>
      ApiQuery({ name, required: json.required?.includes(name) ?? false, schema: prop }),
    ),
  );
};

/** A zod schema as an OpenAPI 3.1 schema object (what a client sends). */
export const toOpenApi = toJsonSchema;

export { line, queryInt, text } from '../contract/fields';
export { z };
