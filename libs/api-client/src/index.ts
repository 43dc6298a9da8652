// The gateway's API for TypeScript clients (the web client): the types generated from the
// OpenAPI document (schema.d.ts; regenerate with `npm run api:gen`, checked by `npm run
// api:check` and the tests) and a small typed fetch client over them.
export type { components, operations, paths } from './schema';
export { createApiClient, type ApiAnswer, type ApiClient, type ApiRequest } from './client';
