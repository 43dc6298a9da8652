import type { Scenario } from '../scenario';
import { loginBenchUsers } from './bench-users';

// The profile route allows 300 requests/min per user: 1,000 users carry ~5,000 req/s.
const USERS = 1_000;

/** Authenticated GET /api/user/profile: JWT verify, revocation MGET, rate limit, gRPC, Postgres. */
export const profile: Scenario = {
  name: 'profile',
  description: `GET /api/user/profile with ${USERS} logged-in bench users (token verify + revocation check + gRPC)`,
  prepare: async ({ baseUrl, log }) => {
    const tokens = await loginBenchUsers(baseUrl, USERS, log);
    let n = 0;
    return {
      next: () => {
        n += 1;
        return {
          method: 'GET',
          path: '/api/user/profile',
          headers: { authorization: `Bearer ${tokens[n % tokens.length]}` },
        };
      },
      expectedStatuses: [200],
    };
  },
};
