import type { Scenario } from '../scenario';
import { BENCH_ID_BASE, benchIp, signedLoginBody } from './telegram-payload';

const USERS = 2_000;

/** POST /api/auth/telegram: signature check, user upsert, session + refresh token, JWT. */
export const login: Scenario = {
  name: 'login',
  description: `POST /api/auth/telegram with signed Login Widget payloads (${USERS} bench users, one IP each)`,
  prepare: async () => {
    let n = 0;
    return {
      next: () => {
        n += 1;
        const user = n % USERS;
        return {
          method: 'POST',
          path: '/api/auth/telegram',
          headers: {
            'content-type': 'application/json',
            'x-forwarded-for': benchIp(n),
            'user-agent': 'trafficshare-bench',
          },
          body: signedLoginBody(BENCH_ID_BASE + user),
        };
      },
      expectedStatuses: [200],
    };
  },
};
