import { HttpException } from '@nestjs/common';
import type { z } from 'zod/v4';

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** 400 `validation_failed` naming each bad field (`errors`), the one validation answer. */
export function validationFailed(errors: readonly FieldError[]): HttpException {
  return new HttpException(
    {
      status: 'error',
      code: 'validation_failed',
      message: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      errors,
    },
    400,
  );
}

/** zod issues → the field errors of `validation_failed` (`(body)` when the whole body is bad). */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((i) => ({
    field: i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(',') : '(body)'),
    message: i.message,
  }));
}
