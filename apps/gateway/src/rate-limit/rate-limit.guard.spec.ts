import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import type { AppConfig } from '../config';
import { configSpec } from '../config';
import { parseRateLimitOverrides, RATE_LIMIT, RateLimit } from './rate-limit.decorator';
import { RateLimitGuard } from './rate-limit.guard';
import type { RateLimitService } from './rate-limit.service';

class Routes {
  @RateLimit({ name: 'spec_login', points: 20, windowS: 60, by: 'ip' })
  login(): void {}
  open(): void {}
}

function guardWith(overrides: string) {
  const hits: { name: string; points: number; windowS: number }[] = [];
  const limiter = {
    hit: async (rule: { name: string; points: number; windowS: number }) => {
      hits.push({ name: rule.name, points: rule.points, windowS: rule.windowS });
      return { allowed: true, limit: rule.points, remaining: rule.points - 1, resetS: 1 };
    },
  } as unknown as RateLimitService;
  const config = {
    RATE_LIMIT_DEFAULT_POINTS: 600,
    RATE_LIMIT_DEFAULT_WINDOW_S: 60,
    RATE_LIMIT_OVERRIDES: overrides,
  } as AppConfig;
  const guard = new RateLimitGuard(new Reflector(), limiter, config);
  const call = (handler: () => void) =>
    guard.canActivate({
      getType: () => 'http',
      getHandler: () => handler,
      getClass: () => Routes,
      switchToHttp: () => ({
        getRequest: () => ({ ip: '203.0.113.9' }),
        getResponse: () => ({ header: () => undefined }),
      }),
    } as unknown as ExecutionContext);
  return { guard, hits, call };
}

describe('RATE_LIMIT_OVERRIDES', () => {
  it('parses name=points/window_s lists', () => {
    expect([...parseRateLimitOverrides(' spec_login=100/60 , default=5/1')]).toEqual([
      ['spec_login', { points: 100, windowS: 60 }],
      ['default', { points: 5, windowS: 1 }],
    ]);
    expect(parseRateLimitOverrides('').size).toBe(0);
  });

  it('the config refuses malformed lists with the expected shape in the message', () => {
    const shape = configSpec.shape.RATE_LIMIT_OVERRIDES;
    expect(shape.safeParse('auth_login=100/60,push_send=5/60').success).toBe(true);
    for (const bad of ['auth_login=100', 'auth_login=0/60', 'Auth=1/1', 'a=1/1;b=2/2']) {
      const parsed = shape.safeParse(bad);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0].message).toContain('name=points/window_s');
    }
  });

  it('replaces the named limit’s points and window; other limits keep theirs', async () => {
    const { hits, call } = guardWith('spec_login=100/30');
    await call(Routes.prototype.login);
    await call(Routes.prototype.open);
    expect(Reflect.getMetadata(RATE_LIMIT, Routes.prototype.login)).toMatchObject({ points: 20 });
    expect(hits).toEqual([
      { name: 'spec_login', points: 100, windowS: 30 },
      { name: 'default', points: 600, windowS: 60 },
    ]);
  });

  it('refuses to start with a name no route declares (a typo would change nothing)', () => {
    expect(() => guardWith('spec_logn=100/60').guard.onModuleInit()).toThrow(
      /unknown limits: spec_logn; known: .*spec_login/,
    );
    expect(() => guardWith('spec_login=100/60,default=1/1').guard.onModuleInit()).not.toThrow();
  });
});
