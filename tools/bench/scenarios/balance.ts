import type { Scenario } from '../scenario';
import { loginBenchUsers } from './bench-users';

const USERS = 1_000;

/**
 * GET /api/user/balance, what the app (and the credit-lag probes) poll: token checks, one gRPC
 * call to ledger-svc, whose summary reads balance, earnings, the last 10 transfers and the last
 * refresh from Postgres.
 */
export const balance: Scenario = {
  name: 'balance',
  description: `GET /api/user/balance with ${USERS} logged-in bench users (token checks + ledger summary)`,
  prepare: async ({ baseUrl, log }) => {
    const tokens = await loginBenchUsers(baseUrl, USERS, log);
    let n = 0;
    return {
      next: () => {
        n += 1;
        return {
          method: 'GET',
          path: '/api/user/balance',
          headers: { authorization: `Bearer ${tokens[n % tokens.length]}` },
        };
      },
      expectedStatuses: [200],
    };
  },
};
