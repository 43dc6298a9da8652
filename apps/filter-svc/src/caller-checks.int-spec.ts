import { status } from '@grpc/grpc-js';

import { SERVICES } from '@trafficshare/config';
import { common, filter } from '@trafficshare/contracts';
import { GrpcHealthChecker } from '@trafficshare/grpc';

import { callerAs, newUser, startFilterHarness, type FilterHarness } from './test/filter-harness';

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

// filter-svc's own checks, called straight over gRPC (no gateway in front): every FilterService
// RPC is a superadmin tool, checked in the service; Decide and ReleaseIp live on the internal
// service.
describe('filter-svc caller checks (gRPC, no gateway)', () => {
  let h: FilterHarness;

  beforeAll(async () => {
    h = await startFilterHarness('filter_callers');
  });
  afterAll(() => h?.stop());

  /** Every FilterService RPC once, as `caller`. */
  const everyAdminRpc = (caller: common.Caller | undefined): Array<[string, Promise<unknown>]> => [
    ['getPolicy', h.client.getPolicy({ caller })],
    [
      'patchPolicy',
      h.client.patchPolicy({ caller, note: 'take over', maxDevicesPerIp: 1_000 } as never),
    ],
    [
      'listReviews',
      h.client.listReviews({ caller, status: 0, telegramId: 0, limit: 10, offset: 0 }),
    ],
    [
      'resolveReview',
      h.client.resolveReview({
        caller,
        ticketId: 'ra_nothing',
        action: filter.ReviewAction.REVIEW_ACTION_APPROVE,
        note: '',
      }),
    ],
    ['getSessionAudit', h.client.getSessionAudit({ caller, sessionId: 'sess-x' })],
    ['listWhitelist', h.client.listWhitelist({ caller })],
    [
      'addWhitelistEntry',
      h.client.addWhitelistEntry({
        caller,
        type: filter.WhitelistEntryType.WHITELIST_ENTRY_TYPE_IP,
        value: '0.0.0.0/0',
        note: 'everyone',
      }),
    ],
    [
      'removeWhitelistEntry',
      h.client.removeWhitelistEntry({
        caller,
        type: filter.WhitelistEntryType.WHITELIST_ENTRY_TYPE_ASN,
        value: '1',
        note: '',
      }),
    ],
    [
      'check',
      h.client.check({
        caller,
        clientIp: '149.101.100.1',
        networkType: common.NetworkType.NETWORK_TYPE_WIFI,
        telegramId: 0,
        language: common.Language.LANGUAGE_EN,
      }),
    ],
  ];

  it.each(['user', 'moderator'] as const)(
    'a %s cannot call any admin RPC (superadmins only, checked in the service)',
    async (role) => {
      const attempts = everyAdminRpc(callerAs(newUser(), role));
      const results = await Promise.all(
        attempts.map(async ([rpc, p]) => ({ rpc, ...(await failure(p)) })),
      );
      expect(results).toEqual(
        attempts.map(([rpc]) => ({ rpc, status: status.PERMISSION_DENIED, code: 'forbidden' })),
      );
      // Nothing changed: the whitelist is as it was.
      const whitelist = await h.client.listWhitelist({ caller: callerAs(1, 'superadmin') });
      expect(whitelist.ips).not.toContain('0.0.0.0/0');
    },
  );

  it('refuses a request without a valid caller as unauthenticated', async () => {
    const attempts = everyAdminRpc(undefined);
    const results = await Promise.all(attempts.map(([, p]) => failure(p)));
    expect(new Set(results.map((r) => `${r.status}:${r.code}`))).toEqual(
      new Set([`${status.UNAUTHENTICATED}:caller_missing`]),
    );
  });

  it('a superadmin reaches them', async () => {
    const policy = await h.client.getPolicy({ caller: callerAs(1, 'superadmin') });
    expect(policy.policy?.version).toBeGreaterThanOrEqual(1);
  });

  it('Decide judges by the forwarded caller: a user is filtered, an admin bypasses', async () => {
    expect(
      (await h.decide({ role: 'user', clientIp: '175.16.199.40', networkType: 'wifi' })).decision,
    ).toBe('deny');
    expect(
      (await h.decide({ role: 'moderator', clientIp: '175.16.199.40', networkType: 'wifi' }))
        .decision,
    ).toBe('skipped');
    expect(
      await failure(
        h.internal.decide({
          caller: undefined,
          deviceId: 'd',
          sessionId: '',
          clientIp: '149.101.100.1',
          networkType: 0,
          appVersion: '',
          os: '',
          clientLocalIp: '',
          language: 0,
          dryRun: false,
        }),
      ),
    ).toEqual({ status: status.UNAUTHENTICATED, code: 'caller_missing' });
  });

  it('serves FilterInternalService on the same port, and health reports both services', async () => {
    expect(
      await h.internal.releaseIp({ deviceId: 'no-such-device', telegramId: 0, sessionId: '' }),
    ).toEqual({
      released: false,
    });
    const svc = SERVICES['filter-svc'];
    const health = new GrpcHealthChecker(h.service.grpcAddress);
    try {
      await health.check(2_000, `${svc.protoPackage}.${svc.protoService}`);
      await health.check(2_000, `${svc.protoPackage}.${svc.internal!.protoService}`);
    } finally {
      health.close();
    }
  });
});
