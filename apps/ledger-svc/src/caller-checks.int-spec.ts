import { status } from '@grpc/grpc-js';

import { SERVICES } from '@trafficshare/config';
import { GrpcHealthChecker } from '@trafficshare/grpc';

import {
  callerAs,
  newUser,
  startLedgerHarness,
  transferKind,
  userCaller,
  type LedgerHarness,
} from './test/ledger-harness';

/** A rejection as the caller sees it: gRPC status and the `ts-error-code` trailer. */
async function failure(p: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { code?: number; metadata?: { get(k: string): unknown[] } };
    const code = e.metadata?.get('ts-error-code')?.[0];
    return { status: e.code ?? -1, code: typeof code === 'string' ? code : '' };
  }
  return { status: 0, code: 'resolved' };
}

const FORBIDDEN = { status: status.PERMISSION_DENIED, code: 'forbidden' };

// ledger-svc's own checks, called straight over gRPC (no gateway in front): a user reads only
// their own money, admin RPCs check the role, money movements live on the internal service.
describe('ledger-svc caller checks (gRPC, no gateway)', () => {
  let h: LedgerHarness;
  const alice = newUser();
  const bob = newUser();

  beforeAll(async () => {
    h = await startLedgerHarness('ledger_callers');
    await h.internal.credit({
      transferId: `callers-${bob}`,
      telegramId: bob,
      amountMicroUsd: 5_000_000,
      kind: transferKind('income'),
      reference: '',
      note: '',
    });
  }, 60_000);
  afterAll(() => h?.stop(), 30_000);

  it('a user reads their own balance, transactions and history', async () => {
    const own = await h.client.getBalanceSummary({
      caller: userCaller(bob),
      telegramId: 0,
      recentLimit: 5,
    });
    expect(own.balance).toMatchObject({ telegramId: bob, availableMicroUsd: 5_000_000 });
    const tx = await h.client.listTransactions({
      caller: userCaller(bob),
      telegramId: 0,
      limit: 5,
      offset: 0,
    });
    expect(tx.transactions.map((t) => t.transferId)).toEqual([`callers-${bob}`]);
  });

  it('a user cannot read another user’s money', async () => {
    const asAlice = userCaller(alice);
    expect(
      await failure(
        h.client.getBalanceSummary({ caller: asAlice, telegramId: bob, recentLimit: 5 }),
      ),
    ).toEqual(FORBIDDEN);
    expect(
      await failure(
        h.client.listTransactions({ caller: asAlice, telegramId: bob, limit: 5, offset: 0 }),
      ),
    ).toEqual(FORBIDDEN);
    expect(
      await failure(
        h.client.getBalanceHistory({ caller: asAlice, telegramId: bob, limit: 5, offset: 0 }),
      ),
    ).toEqual(FORBIDDEN);
    // Refresh takes no subject: it is the caller's own balance (Alice's, still zero).
    expect((await h.client.refreshBalance({ caller: asAlice })).balance).toMatchObject({
      telegramId: alice,
      availableMicroUsd: 0,
    });
  });

  it('an admin reads anyone’s balance', async () => {
    const read = await h.client.getBalanceSummary({
      caller: callerAs(newUser(), 'moderator'),
      telegramId: bob,
      recentLimit: 0,
    });
    expect(read.balance?.availableMicroUsd).toBe(5_000_000);
  });

  it('a user cannot call any admin RPC', async () => {
    const caller = userCaller(alice);
    const attempts: Array<[string, Promise<unknown>]> = [
      [
        'adjustBalance',
        h.client.adjustBalance({
          caller,
          transferId: `adj-self-${alice}`,
          telegramId: alice,
          amountMicroUsd: 1_000_000,
          note: 'free money',
        }),
      ],
      ['checkLedger', h.client.checkLedger({ caller })],
      [
        'setDailyPrice',
        h.client.setDailyPrice({
          caller,
          date: '',
          pricePerGbMicroUsd: 99_000_000,
          message: '',
          push: false,
        }),
      ],
      [
        'createPromoCode',
        h.client.createPromoCode({
          caller,
          code: `SELF${alice}`,
          bonusBasisPoints: 10_000,
          expiresAt: '',
          maxBonusMicroUsd: 0,
        }),
      ],
      ['deactivatePromoCode', h.client.deactivatePromoCode({ caller, code: 'ANYCODE' })],
      [
        'listPromoCodes (inactive too)',
        h.client.listPromoCodes({ caller, includeInactive: true, limit: 10, offset: 0 }),
      ],
    ];
    const results = await Promise.all(
      attempts.map(async ([rpc, p]) => ({ rpc, ...(await failure(p)) })),
    );
    expect(results).toEqual(attempts.map(([rpc]) => ({ rpc, ...FORBIDDEN })));
    const aliceNow = await h.client.getBalanceSummary({
      caller,
      telegramId: 0,
      recentLimit: 0,
    });
    expect(aliceNow.balance?.availableMicroUsd).toBe(0);
  });

  it('refuses a request without a valid caller as unauthenticated', async () => {
    expect(
      await failure(
        h.client.getBalanceSummary({ caller: undefined, telegramId: bob, recentLimit: 0 }),
      ),
    ).toEqual({ status: status.UNAUTHENTICATED, code: 'caller_missing' });
    expect(await failure(h.client.checkLedger({ caller: undefined }))).toEqual({
      status: status.UNAUTHENTICATED,
      code: 'caller_missing',
    });
  });

  it('serves LedgerInternalService on the same port, and health reports both services', async () => {
    expect((await h.internal.getBalance({ telegramId: bob })).balance?.availableMicroUsd).toBe(
      5_000_000,
    );
    const svc = SERVICES['ledger-svc'];
    const health = new GrpcHealthChecker(h.service.grpcAddress);
    try {
      await health.check(2_000, `${svc.protoPackage}.${svc.protoService}`);
      await health.check(2_000, `${svc.protoPackage}.${svc.internal!.protoService}`);
    } finally {
      health.close();
    }
  });
});
