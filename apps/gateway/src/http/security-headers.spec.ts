import Fastify from 'fastify';

import { registerSecurityHeaders, securityHeaders } from './security-headers';

const options = {
  frameablePaths: ['/app'],
  frameAncestors: 'https://web.telegram.org https://*.telegram.org',
};

describe('security headers', () => {
  it('denies framing except under the Mini App paths, which Telegram alone may frame', () => {
    const http = (url: string) => securityHeaders({ url, protocol: 'http' }, options);
    expect(http('/api/user/profile')).toEqual({
      'x-content-type-options': 'nosniff',
      'content-security-policy': "frame-ancestors 'none'",
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
    });
    for (const url of ['/app', '/app/', '/app/index.html?x=1']) {
      expect(http(url)).toEqual({
        'x-content-type-options': 'nosniff',
        'content-security-policy': `frame-ancestors ${options.frameAncestors}`,
      });
    }
    // A prefix is a path segment, not a string prefix; /apply is not the Mini App.
    expect(http('/apply')['x-frame-options']).toBe('DENY');
    expect(http('/apiary')['cache-control']).toBeUndefined();
  });

  it('sends HSTS only when a trusted proxy (or the connection) says HTTPS', async () => {
    const fastify = Fastify({ trustProxy: ['10.0.0.1'] });
    registerSecurityHeaders(fastify, options);
    fastify.get('/health', async () => ({ status: 'ok' }));
    const hsts = async (remoteAddress: string) =>
      (
        await fastify.inject({
          url: '/health',
          remoteAddress,
          headers: { 'x-forwarded-proto': 'https' },
        })
      ).headers['strict-transport-security'];
    expect(await hsts('10.0.0.1')).toBe('max-age=31536000; includeSubDomains');
    // Anyone else can write X-Forwarded-Proto: not believed.
    expect(await hsts('203.0.113.9')).toBeUndefined();
    await fastify.close();
  });
});
