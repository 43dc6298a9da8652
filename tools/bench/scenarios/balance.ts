import { authenticatedGet } from './bench-users';

const USERS = 1_000;

/**
 * GET /api/user/balance, what the app (and the credit-lag probes) poll: token checks, one gRPC
 * call to ledger-svc, whose summary reads balance, earnings, the last 10 transfers and the last
 * refresh from Postgres in one prepared statement.
 */
export const balance = authenticatedGet({
  name: 'balance',
  description: `GET /api/user/balance with ${USERS} logged-in bench users (token checks + ledger summary)`,
  path: '/api/user/balance',
  users: USERS,
});
