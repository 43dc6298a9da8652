import { IdentityException, userId, type CallerInfo } from '@trafficshare/identity';

import { LedgerAdminService } from './ledger-admin.service';

/** Any storage touch fails the test: the role check must come first. */
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
  new LedgerAdminService(
    untouchable as never,
    untouchable as never,
    untouchable as never,
    untouchable as never,
  );

describe('LedgerAdminService role checks (defence in depth behind the gateway)', () => {
  it.each(['moderator', 'user'] as const)('refuses a %s running the ledger check', async (role) => {
    const err: unknown = await service()
      .check(caller(role))
      .then(
        () => null,
        (e: unknown) => e,
      );
    // IdentityException 'forbidden' answers gRPC PERMISSION_DENIED (gateway 403).
    expect(err).toBeInstanceOf(IdentityException);
    expect((err as IdentityException).kind).toBe('permission_denied');
  });

  it('lets the superadmin past the role check (then it reaches storage)', async () => {
    await expect(service().check(caller('superadmin'))).rejects.toThrow(/reached storage/);
  });
});
