// The gateway API for the web client: openapi-fetch typed by the types generated from the
// gateway's OpenAPI document (libs/api-client/src/schema.d.ts, `npm run api:gen`). Every request carries the
// session's access token; an error answer becomes an ApiError with the API's error code,
// which the UI shows in words (i18n `errors.<code>`).
import createClient, { type Client } from 'openapi-fetch';

import type { components, paths } from './schema';

export type ErrorBody = components['schemas']['ErrorBody'];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds to wait before retrying (`retry_after_s` of the body or the Retry-After header). */
    readonly retryAfterS?: number,
    /** The body's other number/string fields (e.g. `limit` of export_too_large), for the words. */
    readonly extra: Readonly<Record<string, string | number>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function retryAfter(body: unknown, response: Response): number | undefined {
  const fromBody = (body as { retry_after_s?: unknown } | undefined)?.retry_after_s;
  if (typeof fromBody === 'number' && Number.isFinite(fromBody)) return Math.ceil(fromBody);
  const header = Number(response.headers.get('retry-after'));
  return response.headers.has('retry-after') && Number.isFinite(header) ? header : undefined;
}

/** The access token of this tab's session (memory only: a reload logs in again). */
let accessToken: string | undefined;
let onUnauthorized: (() => void) | undefined;

export function setAccessToken(token: string | undefined): void {
  accessToken = token;
}

export function getAccessToken(): string | undefined {
  return accessToken;
}

/** Called once per 401 answer (the session ended or the token expired). */
export function setUnauthorizedHandler(handler: (() => void) | undefined): void {
  onUnauthorized = handler;
}

export type ApiClient = Client<paths>;

export function createApi(
  baseUrl: string = typeof location === 'undefined' ? '' : location.origin,
  fetchImpl?: typeof fetch,
): ApiClient {
  const client = createClient<paths>({
    baseUrl,
    // Looked up per call (not captured once), so a page or test may replace fetch.
    fetch: (request: Request) => (fetchImpl ?? globalThis.fetch)(request),
  });
  client.use({
    onRequest({ request }) {
      if (accessToken) request.headers.set('authorization', `Bearer ${accessToken}`);
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401 && accessToken) onUnauthorized?.();
      return response;
    },
  });
  return client;
}

export const api: ApiClient = createApi();

function extraFields(body: ErrorBody): Record<string, string | number> {
  const extra: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'status' || key === 'code' || key === 'message') continue;
    if (typeof value === 'number' || typeof value === 'string') extra[key] = value;
  }
  return extra;
}

function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { status?: unknown }).status === 'error' &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}

/**
 * The data of an openapi-fetch answer, or an ApiError carrying the API's error code
 * (`network_error` when the gateway could not be reached at all).
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let answer: { data?: T; error?: unknown; response: Response };
  try {
    answer = await call;
  } catch (err) {
    throw new ApiError(0, 'network_error', err instanceof Error ? err.message : String(err));
  }
  const { data, error, response } = answer;
  if (response.ok) return data as T;
  if (isErrorBody(error)) {
    throw new ApiError(
      response.status,
      error.code,
      error.message,
      retryAfter(error, response),
      extraFields(error),
    );
  }
  throw new ApiError(response.status, `http_${response.status}`, response.statusText);
}

/** Whether the generated schema has an operation (screens of features other branches add). */
export function hasOperation(
  operations: Readonly<Record<string, unknown>>,
  path: string,
  method: 'get' | 'post' | 'patch' | 'delete',
): boolean {
  const item = operations[path] as Record<string, unknown> | undefined;
  return Boolean(item && typeof item[method] === 'object' && item[method] !== null);
}
