import { z } from 'zod/v4';

/**
 * The body of every error the gateway answers: `{"status":"error","code","message"}`, `errors`
 * naming each field of a `validation_failed`, and the safe details some codes carry
 * (`retry_after_s`, `session_id`, …). Never Fastify's own `statusCode`/`error` fields.
 */
export const ErrorBodySchema = z
  .looseObject({
    status: z.literal('error'),
    code: z.string().regex(/^[a-z][a-z0-9_]*$/),
    message: z.string(),
    errors: z.array(z.strictObject({ field: z.string(), message: z.string() })).optional(),
  })
  .refine((body) => !('statusCode' in body) && !('error' in body), {
    message: 'an error body has no statusCode or error field',
  });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
