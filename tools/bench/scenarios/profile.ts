import { authenticatedGet } from './bench-users';

// The profile route allows 300 requests/min per user: 1,000 users carry ~5,000 req/s.
const USERS = 1_000;

/** Authenticated GET /api/user/profile: JWT verify, revocation MGET, rate limit, gRPC, Postgres. */
export const profile = authenticatedGet({
  name: 'profile',
  description: `GET /api/user/profile with ${USERS} logged-in bench users (token verify + revocation check + gRPC)`,
  path: '/api/user/profile',
  users: USERS,
});
