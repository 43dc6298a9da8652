import type { Scenario } from '../scenario';
import { BENCH_ID_BASE, benchIp, signedLoginBody } from './telegram-payload';

// The profile route allows 300 requests/min per user: 1,000 users carry ~5,000 req/s.
const USERS = 1_000;

/** Authenticated GET /api/user/profile: JWT verify, revocation MGET, rate limit, gRPC, Postgres. */
export const profile: Scenario = {
  name: 'profile',
  description: `GET /api/user/profile with ${USERS} logged-in bench users (token verify + revocation check + gRPC)`,
  prepare: async ({ baseUrl, log }) => {
    log(`logging in ${USERS} bench users`);
    const tokens: string[] = [];
    for (let i = 0; i < USERS; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, USERS - i) }, async (_, j) => {
          const res = await fetch(`${baseUrl}/api/auth/telegram`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-forwarded-for': benchIp(i + j + 1),
              'user-agent': 'trafficshare-bench',
            },
            body: signedLoginBody(BENCH_ID_BASE + i + j),
          });
          if (res.status !== 200)
            throw new Error(`bench login failed: ${res.status} ${await res.text()}`);
          return ((await res.json()) as { token: string }).token;
        }),
      );
      tokens.push(...batch);
    }
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
