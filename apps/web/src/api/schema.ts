// The gateway's API types, generated once by `npm run api:gen` into libs/api-client (CI's
// `api:check` fails when they are stale). The web client uses those same types.
export type { components, operations, paths } from '@trafficshare/api-client';
