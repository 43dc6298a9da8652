import type { FastifyRequest } from 'fastify';

import { common } from '@trafficshare/contracts';

import type { AccessClaims, AuthenticatedRequest } from '../auth/auth.types';
import { toErrorResponse } from '../errors/http-error';
import { callerOf, subjectOf } from './caller';

const claims = (over: Partial<AccessClaims> = {}): AccessClaims => ({
  sub: '1001',
  username: 'alice',
  role: 'user',
  sid: 'sid-1',
  ver: 1,
  iat: 0,
  exp: 0,
  ...over,
});

const requestAs = (user: AccessClaims): FastifyRequest & AuthenticatedRequest =>
  ({
    user,
    ip: '203.0.113.9',
    headers: { 'user-agent': 'okhttp/4.12' },
  }) as unknown as FastifyRequest & AuthenticatedRequest;

/** What a client would see for what `fn` throws. */
function answer(fn: () => unknown): { status: number; body: unknown } {
  try {
    fn();
  } catch (err) {
    return toErrorResponse(err, 'req-1');
  }
  throw new Error('expected a refusal');
}

describe('callerOf', () => {
  it('builds the one common.Caller from the verified token and the request', () => {
    expect(callerOf(requestAs(claims({ role: 'moderator' })))).toEqual({
      telegramId: 1001,
      role: common.Role.ROLE_MODERATOR,
      sessionId: 'sid-1',
      ip: '203.0.113.9',
      userAgent: 'okhttp/4.12',
    });
  });

  it('takes the claims of a route that authenticates itself', () => {
    const request = { ip: '10.0.0.1', headers: {} } as unknown as FastifyRequest;
    expect(callerOf(request, claims({ sub: '7' }))).toMatchObject({
      telegramId: 7,
      ip: '10.0.0.1',
      userAgent: '',
    });
  });
});

describe('subjectOf', () => {
  it('is the caller when no telegram_id is named, or when it names the caller', () => {
    expect(subjectOf(requestAs(claims()), undefined)).toBe(1001);
    expect(subjectOf(requestAs(claims()), 1001)).toBe(1001);
  });

  it('refuses a user naming someone else with the same 403 body as before', () => {
    expect(answer(() => subjectOf(requestAs(claims()), 1002))).toEqual({
      status: 403,
      body: { status: 'error', code: 'forbidden', message: 'You can only reach your own data' },
    });
  });

  it('lets an admin name anyone, and answers 400 for an id that is not one', () => {
    expect(subjectOf(requestAs(claims({ role: 'superadmin' })), 1002)).toBe(1002);
    expect(answer(() => subjectOf(requestAs(claims({ role: 'moderator' })), -1))).toEqual({
      status: 400,
      body: { status: 'error', code: 'validation_failed', message: 'bad telegram_id' },
    });
  });
});
