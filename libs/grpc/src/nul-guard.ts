import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Observable } from 'rxjs';

import { DomainException } from './domain-error';

/** Fields named in one refusal at most (a message full of NULs stays a short answer). */
const MAX_FIELDS = 10;
const MESSAGE = 'must not contain NUL (\\u0000) characters';

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** 400 `validation_failed` in the gateway's error shape (`errors: [{field, message}]`). */
export class ValidationFailedException extends DomainException {
  constructor(errors: readonly FieldError[]) {
    super(
      'invalid_argument',
      'validation_failed',
      errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      { errors },
    );
  }
}

// Request messages arrive camelCased by proto-loader (keepCase false); the API and the
// .proto files speak snake_case, so paths are named the way a client wrote them.
const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const safeKey = (key: string): string => snake(key.replaceAll('\0', '\\u0000').slice(0, 64));

/**
 * Paths of the strings (values or map keys) holding a NUL character anywhere in a decoded
 * request message: `device_id`, `inner.text`, `items[2].device_id`. Bytes fields are skipped.
 */
export function findNulStrings(value: unknown, path = '', out: string[] = []): string[] {
  if (out.length >= MAX_FIELDS) return out;
  if (typeof value === 'string') {
    if (value.includes('\0')) out.push(path || '(message)');
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => findNulStrings(item, `${path}[${i}]`, out));
  } else if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${safeKey(key)}` : safeKey(key);
      if (key.includes('\0') && out.length < MAX_FIELDS) out.push(at);
      findNulStrings(item, at, out);
    }
  }
  return out;
}

/**
 * Refuses, before any handler runs, a gRPC request carrying a NUL character in any string:
 * Postgres text cannot hold one (the insert fails as a 500 after earlier side effects, such as
 * an IP claim, already happened). Registered on every service's server by service-kit, so it
 * covers every RPC whatever reached it (the gateway, another service, a tool), before any
 * repository or cache is touched. Answer: INVALID_ARGUMENT `validation_failed` naming each
 * field, which the gateway turns into 400.
 */
@Injectable()
export class NulStringGuard implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'rpc') {
      const fields = findNulStrings(context.switchToRpc().getData());
      if (fields.length > 0) {
        throw new ValidationFailedException(fields.map((field) => ({ field, message: MESSAGE })));
      }
    }
    return next.handle();
  }
}
