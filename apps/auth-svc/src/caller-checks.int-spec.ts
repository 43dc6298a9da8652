import { status } from '@grpc/grpc-js';

import { SERVICES } from '@trafficshare/config';
import { common } from '@trafficshare/contracts';
import { GrpcHealthChecker } from '@trafficshare/grpc';

import {
  failure,
  newUser,
  startAuthHarness,
  type AuthHarness,
  type LoggedIn,
} from './test/auth-harness';

const FORBIDDEN = { status: status.PERMISSION_DENIED, code: 'forbidden' };

// auth-svc's own checks, called straight over gRPC (no gateway in front): the caller in the
// message is the only identity, a user reaches only their own data, admin RPCs check the role.
describe('auth-svc caller checks (gRPC, no gateway)', () => {
  let h: AuthHarness;
  const superadminId = newUser();
  let superadmin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;

  beforeAll(async () => {
    h = await startAuthHarness('auth_callers', { adminIds: [superadminId] });
    superadmin = await h.login(superadminId);
    alice = await h.login(newUser());
    bob = await h.login(newUser());
  });
  afterAll(() => h?.stop());

  it('logins carry the role as common.Role', () => {
    expect(superadmin.caller.role).toBe(common.Role.ROLE_SUPERADMIN);
    expect(alice.caller.role).toBe(common.Role.ROLE_USER);
  });

  it('refuses a request without a valid caller as unauthenticated', async () => {
    const missing = { status: status.UNAUTHENTICATED, code: 'caller_missing' };
    expect(await failure(h.client.getProfile({ caller: undefined }))).toEqual(missing);
    expect(
      await failure(
        h.client.getProfile({
          caller: { ...alice.caller, role: common.Role.ROLE_UNSPECIFIED },
        }),
      ),
    ).toEqual(missing);
    expect(
      await failure(h.client.getSettings({ caller: { ...alice.caller, telegramId: 0 } })),
    ).toEqual(missing);
  });

  it('a user reads their own profile, sessions and subscriptions, never another user’s', async () => {
    const profile = await h.client.getProfile({ caller: alice.caller });
    expect(profile.telegramId).toBe(alice.telegramId);
    const history = await h.client.getLoginHistory({ caller: alice.caller, limit: 50 });
    expect(history.history.map((r) => r.sessionId)).toEqual([alice.sessionId]);
    const subs = await h.client.getMySubscriptions({ caller: alice.caller });
    expect(subs.subscriptions.map((s) => s.model?.id)).toEqual(['free']);
  });

  it('a user cannot end another user’s session by naming it', async () => {
    // Alice's caller with Bob's login session id: the session belongs to Bob, nothing happens.
    await h.client.logout({ caller: { ...alice.caller, sessionId: bob.sessionId } });
    const bobsHistory = await h.client.getLoginHistory({ caller: bob.caller, limit: 5 });
    expect(bobsHistory.history.find((r) => r.sessionId === bob.sessionId)?.active).toBe(true);
    expect(await h.client.renewToken({ caller: bob.caller, code: '' })).toMatchObject({
      tokens: { sessionId: bob.sessionId },
    });
    expect(
      await failure(
        h.client.renewToken({ caller: { ...alice.caller, sessionId: bob.sessionId }, code: '' }),
      ),
    ).toEqual({ status: status.UNAUTHENTICATED, code: 'session_revoked' });
  });

  it('a user cannot call any admin RPC, whoever it names', async () => {
    const caller = alice.caller;
    const target = bob.telegramId;
    const keyId = '00000000-0000-4000-8000-000000000000';
    const attempts: Array<[string, Promise<unknown>]> = [
      ['listUsers', h.client.listUsers({ caller, query: '', limit: 10, offset: 0 })],
      ['banUser', h.client.banUser({ caller, telegramId: target, reason: 'x' })],
      ['unbanUser', h.client.unbanUser({ caller, telegramId: target })],
      ['resetUserToken', h.client.resetUserToken({ caller, telegramId: target })],
      ['listUserSessions', h.client.listUserSessions({ caller, telegramId: target })],
      ['listAdmins', h.client.listAdmins({ caller })],
      [
        'addAdmin',
        h.client.addAdmin({
          caller,
          telegramId: caller.telegramId,
          username: '',
          phone: '',
          role: common.Role.ROLE_SUPERADMIN,
        }),
      ],
      ['updateAdmin', h.client.updateAdmin({ caller, telegramId: target })],
      ['removeAdmin', h.client.removeAdmin({ caller, telegramId: target })],
      [
        'grantSubscription',
        h.client.grantSubscription({
          caller,
          telegramId: caller.telegramId,
          modelId: 'free',
          days: 0,
          reason: 'self-grant',
        }),
      ],
      [
        'revokeSubscription',
        h.client.revokeSubscription({ caller, telegramId: target, modelId: 'free', reason: '' }),
      ],
      [
        'getSubscriptionHistory',
        h.client.getSubscriptionHistory({ caller, telegramId: target, limit: 5, offset: 0 }),
      ],
      [
        'createApiKey',
        h.client.createApiKey({ caller, telegramId: target, type: 1, limitMb: 10, days: 1 }),
      ],
      ['listApiKeys', h.client.listApiKeys({ caller, telegramId: 0, limit: 10, offset: 0 })],
      ['updateApiKey', h.client.updateApiKey({ caller, id: keyId, status: 2 })],
      ['deleteApiKey', h.client.deleteApiKey({ caller, id: keyId })],
    ];
    const results = await Promise.all(
      attempts.map(async ([rpc, p]) => ({ rpc, ...(await failure(p)) })),
    );
    expect(results).toEqual(attempts.map(([rpc]) => ({ rpc, ...FORBIDDEN })));
    // Nothing changed: Bob still logs in and holds his session and free model.
    expect((await h.client.getProfile({ caller: bob.caller })).telegramId).toBe(bob.telegramId);
    expect((await h.client.getMySubscriptions({ caller: bob.caller })).version).toBe(1);
    expect((await h.client.getProfile({ caller: alice.caller })).role).toBe(common.Role.ROLE_USER);
  });

  it('a moderator cannot manage admins (superadmin only)', async () => {
    const moderator = await h.login(newUser());
    await h.client.addAdmin({
      caller: superadmin.caller,
      telegramId: moderator.telegramId,
      username: '',
      phone: '',
      role: common.Role.ROLE_MODERATOR,
    });
    const asModerator = { ...moderator.caller, role: common.Role.ROLE_MODERATOR };
    expect(await failure(h.client.listAdmins({ caller: asModerator }))).toEqual(FORBIDDEN);
    expect(
      await failure(
        h.client.updateAdmin({
          caller: asModerator,
          telegramId: moderator.telegramId,
          role: common.Role.ROLE_SUPERADMIN,
        }),
      ),
    ).toEqual(FORBIDDEN);
    // The same RPC with the superadmin's caller works: the refusal was the role.
    expect((await h.client.listAdmins({ caller: superadmin.caller })).admins).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          telegramId: moderator.telegramId,
          role: common.Role.ROLE_MODERATOR,
        }),
      ]),
    );
  });

  it('serves AuthInternalService on the same port, and health reports both services', async () => {
    expect(await h.internal.checkTwoFactorCode({ telegramId: alice.telegramId, code: '' })).toEqual(
      { required: false, valid: true },
    );
    const svc = SERVICES['auth-svc'];
    const health = new GrpcHealthChecker(h.service.grpcAddress);
    try {
      await health.check(2_000, `${svc.protoPackage}.${svc.protoService}`);
      await health.check(2_000, `${svc.protoPackage}.${svc.internal!.protoService}`);
    } finally {
      health.close();
    }
  });
});
