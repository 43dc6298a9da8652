import { Writable } from 'node:stream';

import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context, trace, TraceFlags } from '@opentelemetry/api';

import { createLogger, maskIp } from './logger';

function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString('utf8'));
      cb();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe(createLogger.name, () => {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  beforeAll(() => context.setGlobalContextManager(contextManager));
  afterAll(() => context.disable());

  it('redacts tokens, hashes and secrets and masks client IPs', () => {
    const out = capture();
    const sut = createLogger({ app: 'test', level: 'info', destination: out.stream });
    sut.info(
      {
        login: { token: 'eyJ.secret.jwt', hash: 'abc123', ip: '203.0.113.77', user: 'alice' },
        req: { headers: { authorization: 'Bearer zzz' } },
        peer: { client_ip: '2001:db8:85a3::8a2e:370:7334' },
      },
      'login',
    );
    const [line] = out.lines();
    const text = JSON.stringify(line);
    expect(text).not.toContain('eyJ.secret.jwt');
    expect(text).not.toContain('abc123');
    expect(text).not.toContain('Bearer zzz');
    expect(text).not.toContain('203.0.113.77');
    expect(line).toMatchObject({
      app: 'test',
      level: 'info',
      msg: 'login',
      login: { token: '[redacted]', hash: '[redacted]', ip: '203.0.113.x', user: 'alice' },
      peer: { client_ip: '2001:db8:85a3:x' },
    });
  });

  it('stamps the active trace and span id on every line', () => {
    const out = capture();
    const sut = createLogger({ app: 'test', level: 'info', destination: out.stream });
    const span = trace.wrapSpanContext({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
    });
    context.with(trace.setSpan(context.active(), span), () => sut.info('inside'));
    sut.info('outside');
    const [inside, outside] = out.lines();
    expect(inside).toMatchObject({
      trace_id: '0af7651916cd43dd8448eb211c80319c',
      span_id: 'b7ad6b7169203331',
    });
    expect(outside?.trace_id).toBeUndefined();
  });

  it('masks IPv4 and IPv6 addresses', () => {
    expect(maskIp('10.1.2.3')).toBe('10.1.2.x');
    expect(maskIp('::1')).toBe('1:x');
    expect(maskIp(42)).toBe(42);
  });
});
