import { common } from '@trafficshare/contracts';
import { DomainException } from '@trafficshare/grpc';

import {
  assertSelfOrAdmin,
  callerOf,
  isAdmin,
  protoCallerOf,
  requireRole,
  subjectOf,
  type CallerInfo,
} from './caller';
import { userId } from './user-id';

const protoCaller = (over: Partial<common.Caller> = {}): common.Caller => ({
  telegramId: 1001,
  role: common.Role.ROLE_USER,
  sessionId: 'sid-1',
  ip: '203.0.113.7',
  userAgent: 'okhttp/4.12',
  ...over,
});

const caller = (role: CallerInfo['role'], id = 1001): CallerInfo =>
  callerOf(protoCaller({ telegramId: id, role: { user: 1, moderator: 2, superadmin: 3 }[role] }));

/** The domain error a call throws, as the gateway and gRPC clients would see it. */
function failure(fn: () => unknown): { kind: string; code: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainException)
      return { kind: err.kind, code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a DomainException');
}

describe('callerOf', () => {
  it('checks the proto caller and keeps every field', () => {
    expect(callerOf(protoCaller({ role: common.Role.ROLE_SUPERADMIN }))).toEqual({
      telegramId: 1001,
      role: 'superadmin',
      sessionId: 'sid-1',
      ip: '203.0.113.7',
      userAgent: 'okhttp/4.12',
    });
  });

  it('round-trips through protoCallerOf (what a forwarding service sends on)', () => {
    const original = protoCaller({ role: common.Role.ROLE_MODERATOR });
    expect(protoCallerOf(callerOf(original))).toEqual(original);
  });

  it.each([
    ['no caller', undefined],
    ['telegram id 0', protoCaller({ telegramId: 0 })],
    ['a negative id', protoCaller({ telegramId: -5 })],
    ['an unsafe id', protoCaller({ telegramId: 2 ** 60 })],
    ['ROLE_UNSPECIFIED', protoCaller({ role: common.Role.ROLE_UNSPECIFIED })],
    ['an unknown role value', protoCaller({ role: 9 as common.Role })],
  ])('refuses %s as unauthenticated caller_missing', (_label, input) => {
    expect(failure(() => callerOf(input))).toMatchObject({
      kind: 'unauthenticated',
      code: 'caller_missing',
    });
  });
});

describe('requireRole and isAdmin', () => {
  it('lets the named roles through and refuses the others with forbidden', () => {
    expect(() => requireRole(caller('superadmin'), 'superadmin')).not.toThrow();
    expect(() => requireRole(caller('moderator'), 'superadmin', 'moderator')).not.toThrow();
    expect(failure(() => requireRole(caller('moderator'), 'superadmin'))).toEqual({
      kind: 'permission_denied',
      code: 'forbidden',
      message: 'This action needs the superadmin role',
    });
    expect(failure(() => requireRole(caller('user'), 'superadmin', 'moderator')).message).toBe(
      'This action needs the superadmin or moderator role',
    );
  });

  it('admins are moderators and superadmins', () => {
    expect([
      isAdmin(caller('user')),
      isAdmin(caller('moderator')),
      isAdmin(caller('superadmin')),
    ]).toEqual([false, true, true]);
  });
});

describe('assertSelfOrAdmin and subjectOf', () => {
  it('a user reaches their own data only', () => {
    expect(() => assertSelfOrAdmin(caller('user', 7), 7)).not.toThrow();
    expect(failure(() => assertSelfOrAdmin(caller('user', 7), 8))).toEqual({
      kind: 'permission_denied',
      code: 'forbidden',
      message: 'You can only reach your own data',
    });
  });

  it('an admin reaches anyone', () => {
    expect(() => assertSelfOrAdmin(caller('moderator', 7), 8)).not.toThrow();
    expect(subjectOf(caller('superadmin', 7), 8)).toBe(8);
  });

  it('0 is the caller; another id is checked before it is validated', () => {
    expect(subjectOf(caller('user', 7), 0)).toBe(7);
    expect(subjectOf(caller('user', 7), 7)).toBe(7);
    // A user probing with a malformed id learns nothing but "forbidden".
    expect(failure(() => subjectOf(caller('user', 7), -1)).code).toBe('forbidden');
    expect(failure(() => subjectOf(caller('superadmin', 7), -1))).toEqual({
      kind: 'invalid_argument',
      code: 'invalid_argument',
      message: 'telegram_id must be a positive integer',
    });
    expect(subjectOf(caller('superadmin', 7), 8)).toBe(userId(8));
  });
});
