import { newUser, startAuthHarness, type AuthHarness } from '../test/auth-harness';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Logins never wait for a second pooled connection inside their transaction: with a pool of 3
// and 15 logins at once, each round starting with the system settings' 2 s cache expired, every
// login succeeds at once. (When the refresh-token lifetime was read inside the transaction, the
// first login to miss the cache asked the pool for a connection that the waiting transactions
// held: every login of the round failed after the 5 s acquire timeout.)
describe('login under a small pool', () => {
  let h: AuthHarness;
  beforeAll(async () => {
    h = await startAuthHarness('auth_login_pool', { env: { DATABASE_POOL_SIZE: '3' } });
  }, 60_000);
  afterAll(() => h?.stop(), 30_000);

  it('15 concurrent logins per round, three rounds with a cold settings cache', async () => {
    for (let round = 0; round < 3; round += 1) {
      await sleep(2_100);
      const started = Date.now();
      const logins = await Promise.allSettled(Array.from({ length: 15 }, () => h.login(newUser())));
      expect(logins.filter((l) => l.status === 'rejected')).toEqual([]);
      // Far below the 5 s a starved pool waits before it gives up.
      expect(Date.now() - started).toBeLessThan(4_500);
    }
  }, 60_000);
});
