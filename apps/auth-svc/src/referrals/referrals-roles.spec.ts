import { IdentityException, userId, type CallerInfo } from '@trafficshare/identity';

import { ReferralsService } from './referrals.service';

/** Any repository touch fails the test: the role check must come before any read or write. */
const untouchable = new Proxy(
  {},
  {
    get: () => () => {
      throw new Error('reached storage before the role check');
    },
  },
);

const caller = (role: CallerInfo['role']): CallerInfo => ({
  telegramId: userId(1001),
  role,
  sessionId: 's',
  ip: '127.0.0.1',
  userAgent: 'jest',
});

const service = () =>
  new ReferralsService(
    untouchable as never,
    untouchable as never,
    { REFERRAL_TIERS: 3 } as never,
    untouchable as never,
    untouchable as never,
    untouchable as never,
  );

const denied = async (p: () => Promise<unknown>) => {
  const err: unknown = await p().then(
    () => null,
    (e: unknown) => e,
  );
  // IdentityException 'forbidden' answers gRPC PERMISSION_DENIED (gateway 403).
  expect(err).toBeInstanceOf(IdentityException);
  expect((err as IdentityException).kind).toBe('permission_denied');
  expect((err as IdentityException).message).toMatch(/superadmin role/);
};

describe('ReferralsService role checks (defence in depth behind the gateway)', () => {
  it('refuses a moderator voiding a referral', async () => {
    await denied(() => service().void(caller('moderator'), userId(2002), 'note', true));
  });

  it('refuses a moderator reading another user’s referrals', async () => {
    await denied(() => service().get(caller('moderator'), userId(2002), 20, 0));
  });

  it('refuses a plain user voiding a referral', async () => {
    await denied(() => service().void(caller('user'), userId(2002), 'note', false));
  });

  it('lets the superadmin past the role check (then it reaches storage)', async () => {
    await expect(service().void(caller('superadmin'), userId(2002), 'note', true)).rejects.toThrow(
      /reached storage/,
    );
  });
});
