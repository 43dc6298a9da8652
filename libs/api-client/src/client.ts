import type { paths } from './schema';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The paths that have an operation for `M`. */
export type PathsWith<M extends Method> = {
  [P in keyof paths]: paths[P][M] extends { responses: unknown } ? P : never;
}[keyof paths];

type Operation<P extends keyof paths, M extends Method> = Extract<
  paths[P][M],
  { responses: unknown }
>;

type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;
type Responses<O> = O extends { responses: infer R } ? R : never;

/** The JSON body of each status an operation answers, by status. */
type Answers<O> = { [S in keyof Responses<O>]: JsonOf<Responses<O>[S]> };

/** One answer: `status` narrows `body` to that status's schema. */
export type ApiAnswer<O> = {
  [S in keyof Answers<O>]: {
    status: S;
    ok: S extends 200 | 201 | 202 | 204 ? true : false;
    body: Answers<O>[S];
  };
}[keyof Answers<O>];

type Params<O> = O extends { parameters: infer Q } ? Q : never;
type BodyOf<O> = O extends { requestBody?: { content: { 'application/json': infer B } } }
  ? B
  : never;

/** What a call sends: path and query parameters and the JSON body, as the operation declares. */
export type ApiRequest<O> = {
  path?: Params<O> extends { path?: infer X } ? X : never;
  query?: Params<O> extends { query?: infer X } ? X : never;
  body?: BodyOf<O>;
  token?: string;
  headers?: Record<string, string>;
};

export interface ApiClient {
  request<M extends Method, P extends PathsWith<M>>(
    method: M,
    path: P,
    request?: ApiRequest<Operation<P, M>>,
  ): Promise<ApiAnswer<Operation<P, M>>>;
}

/**
 * A minimal typed client over fetch for the web client: paths, parameters, bodies and answers
 * (per status) come from the gateway's OpenAPI document (schema.d.ts, `npm run api:gen`).
 */
export function createApiClient(baseUrl: string, fetchImpl: typeof fetch = fetch): ApiClient {
  return {
    async request(method, path, request = {}) {
      let url = String(path).replace(/\{(\w+)\}/g, (_m, name: string) =>
        encodeURIComponent(String((request.path as Record<string, unknown> | undefined)?.[name])),
      );
      const query = Object.entries((request.query ?? {}) as Record<string, unknown>).filter(
        ([, v]) => v !== undefined,
      );
      if (query.length > 0) {
        url += `?${new URLSearchParams(query.map(([k, v]): [string, string] => [k, String(v)])).toString()}`;
      }
      const headers: Record<string, string> = { ...request.headers };
      if (request.token) headers.authorization = `Bearer ${request.token}`;
      if (request.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetchImpl(`${baseUrl}${url}`, {
        method: method.toUpperCase(),
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
      });
      const text = await res.text();
      const answer = {
        status: res.status,
        ok: res.ok,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      };
      return answer as never;
    },
  };
}
