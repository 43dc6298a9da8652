import type { Scenario } from '../scenario';
import { BENCH_ID_BASE, benchIp, signedLoginBody } from './telegram-payload';

/** Logs in `count` bench users (20 at a time, one client IP each); resolves with their tokens. */
export async function loginBenchUsers(
  baseUrl: string,
  count: number,
  log: (message: string) => void,
): Promise<string[]> {
  log(`logging in ${count} bench users`);
  const tokens: string[] = [];
  for (let i = 0; i < count; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, count - i) }, async (_, j) => {
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
  return tokens;
}

/** A scenario of GETs to `path` by `users` logged-in bench users, round robin. */
export function authenticatedGet(o: {
  readonly name: string;
  readonly description: string;
  readonly path: string;
  readonly users: number;
}): Scenario {
  return {
    name: o.name,
    description: o.description,
    prepare: async ({ baseUrl, log }) => {
      const tokens = await loginBenchUsers(baseUrl, o.users, log);
      let n = 0;
      return {
        next: () => {
          n += 1;
          return {
            method: 'GET',
            path: o.path,
            headers: { authorization: `Bearer ${tokens[n % tokens.length]}` },
          };
        },
        expectedStatuses: [200],
      };
    },
  };
}
