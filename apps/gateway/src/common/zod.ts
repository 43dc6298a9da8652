import { applyDecorators, Body, HttpException, Query, type PipeTransform } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod/v4';

/** Validates with a zod schema; failures are 400 `validation_failed` listing each field. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    const errors = result.error.issues.map((i) => ({
      field: i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(',') : '(body)'),
      message: i.message,
    }));
    throw new HttpException(
      {
        status: 'error',
        code: 'validation_failed',
        message: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
        errors,
      },
      400,
    );
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

/** A zod schema as an OpenAPI (draft-7 JSON Schema) object. */
export function toOpenApi(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, {
    target: 'draft-7',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return json;
}

export { z };
