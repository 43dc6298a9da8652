import { z } from 'zod/v4';

import type { Role } from '../auth/auth.types';
import type { RateLimitOptions } from '../rate-limit/rate-limit.decorator';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call: anyone, any logged-in user, or users holding one of these roles. */
export type RouteAccess = 'public' | 'user' | { readonly roles: readonly Role[] };

/**
 * One route, declared once: the handler's input and output types, the request validation, the
 * success envelope, the OpenAPI operation and the response conformance check all come from it.
 */
export interface RouteSpec {
  readonly method: HttpMethod;
  /** Full path, Fastify style (`/api/admin/filter/audit/:session_id`). */
  readonly path: `/${string}`;
  /**
   * Other paths the same handler serves (older forms such as `/api/stats/daily/:telegram_id`
   * beside `/api/stats/daily`), each documented as its own operation. A path parameter that only
   * some of the paths have must be optional in `params`.
   */
  readonly aliases?: readonly `/${string}`[];
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly access: RouteAccess;
  /**
   * `default`: the gateway's default limit; an object: this route's own limit; `none`: no
   * gateway limit (ops probes, and routes whose service limits them, which declare their 429).
   */
  readonly rateLimit?: 'default' | 'none' | RateLimitOptions;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** Status of the success answer (default 200). */
  readonly status?: number;
  /**
   * The success payload. With `envelope` (the default) it is an object the handler returns
   * without `status`, and the answer is `{"status":"success", ...payload}`.
   */
  readonly response: z.ZodType;
  /** `false` for bodies that carry their own `status` (`{"status":"ok"}` of a probe or report). */
  readonly envelope?: boolean;
  /** Other non-error answers the handler may give with another status (full bodies). */
  readonly alternatives?: Readonly<Record<number, z.ZodType>>;
  /** Error codes per status this route answers beyond the ones every route can (common-errors.ts). */
  readonly errors?: Readonly<Record<number, readonly string[]>>;
  /** Media type(s) of the success answer (default application/json). */
  readonly produces?: MediaType | readonly MediaType[];
  /** This route's largest body, when it needs more than BODY_LIMIT_BYTES (an upload). */
  readonly bodyLimitBytes?: number;
  /**
   * The route also takes `multipart/form-data` (an upload), read into the same body as its JSON
   * form (http/multipart.ts); without it a form is 415 like every non-JSON body.
   */
  readonly multipart?: MultipartSpec;
}

/** What a route that also takes `multipart/form-data` declares (`RouteSpec.multipart`). */
export interface MultipartSpec {
  /** The one file field's name; its bytes reach the handler as `{filename, content_base64}`. */
  readonly fileField: string;
  /** The file's largest size; a larger one is 413 with `tooLargeCode`. */
  readonly maxFileBytes: number;
  readonly tooLargeCode: string;
  /** Text fields (names and largest sizes in bytes) the form may carry. */
  readonly fields: Readonly<Record<string, number>>;
}

export type MediaType =
  | 'application/json'
  | 'text/csv'
  | 'text/plain'
  | 'application/pdf'
  | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The media types of a route's success answer. */
export const producesOf = (spec: Pick<RouteSpec, 'produces'>): readonly MediaType[] =>
  spec.produces === undefined
    ? ['application/json']
    : typeof spec.produces === 'string'
      ? [spec.produces]
      : spec.produces;

/** A route spec with its defaults filled in (what the decorator, hooks and docs read). */
export type RouteContract<S extends RouteSpec = RouteSpec> = S & {
  readonly status: number;
  readonly envelope: boolean;
  readonly rateLimit: NonNullable<RouteSpec['rateLimit']>;
  /** `response` with the envelope applied: the schema of the success body on the wire. */
  readonly successBody: z.ZodType;
};

type EnvelopeCheck<S extends RouteSpec> = S['envelope'] extends false
  ? unknown
  : { readonly response: z.ZodObject };

/**
 * Declares a route. The spec is kept literally (`const`), so the handler's types follow it:
 * `RouteInput<typeof Route>` and `RouteReply<typeof Route>`.
 */
export function defineRoute<const S extends RouteSpec>(
  spec: S & EnvelopeCheck<S>,
): RouteContract<S> {
  const envelope = spec.envelope ?? true;
  if (envelope && !(spec.response instanceof z.ZodObject)) {
    throw new Error(`${spec.method} ${spec.path}: an enveloped response must be a z.object`);
  }
  return {
    ...spec,
    status: spec.status ?? 200,
    envelope,
    rateLimit: spec.rateLimit ?? 'default',
    successBody: envelope ? withEnvelope(spec.response as z.ZodObject) : spec.response,
  };
}

/** `{"status":"success", ...payload}` as a schema (the payload object's strictness is kept). */
function withEnvelope(payload: z.ZodObject): z.ZodObject {
  const catchall = payload._zod.def.catchall;
  const body = z.object({ status: z.literal('success'), ...payload.shape });
  return catchall ? body.catchall(catchall) : body;
}

type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined;
type Sent<T> = T extends z.ZodType ? z.input<T> : never;

/** What a handler receives as its first argument: the validated, parsed request. */
export interface RouteInput<C extends RouteSpec> {
  readonly body: Parsed<C['body']>;
  readonly query: Parsed<C['query']>;
  readonly params: Parsed<C['params']>;
}

/** What a handler returns: the success payload (without envelope) or one of its alternatives. */
export type RouteReply<C extends RouteSpec> =
  | Sent<C['response']>
  | (C['alternatives'] extends Readonly<Record<number, z.ZodType>>
      ? Sent<C['alternatives'][keyof C['alternatives']]>
      : never);
