import { afterEach, describe, expect, it, vi } from 'vitest';

import { FakeSocket } from '../test/fake-api';
import { connectLive, liveNumber, liveString, liveUrl, parseLive } from './live';

afterEach(() => vi.useRealTimers());

describe('the live channel', () => {
  it('reads a message’s fields only when they have the declared type', () => {
    const data = { balance_usd: 11.4, id: 'n1', nan: Number.NaN, text: '5' };
    expect([
      liveNumber(data, 'balance_usd'),
      liveNumber(data, 'nan'),
      liveNumber(data, 'text'),
    ]).toEqual([11.4, undefined, undefined]);
    expect([
      liveString(data, 'id'),
      liveString(data, 'balance_usd'),
      liveString(null, 'id'),
    ]).toEqual(['n1', undefined, undefined]);
  });

  it('builds ws/wss URLs from the page', () => {
    expect(liveUrl({ protocol: 'https:', host: 'x.uz' })).toBe('wss://x.uz/api/notifications/live');
    expect(liveUrl({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe(
      'ws://127.0.0.1:8080/api/notifications/live',
    );
  });

  it('parses only well-formed messages', () => {
    expect(parseLive('{"type":"balance_update","at":"t","data":{"balance_usd":1}}')).toEqual({
      type: 'balance_update',
      at: 't',
      data: { balance_usd: 1 },
    });
    expect(parseLive('nope')).toBeUndefined();
    expect(parseLive('{"data":1}')).toBeUndefined();
  });

  it('sends the token as a subprotocol, delivers messages, reconnects, stops on 4401', () => {
    vi.useFakeTimers();
    const got: string[] = [];
    const stop = connectLive({
      url: 'ws://test/live',
      token: () => 'jwt-1',
      onMessage: (m) => got.push(m.type),
      socketFactory: (url, protocols) => new FakeSocket(url, protocols) as unknown as WebSocket,
    });
    const first = FakeSocket.last!;
    expect(first.protocols).toEqual(['bearer', 'jwt-1']);
    first.emit({ type: 'traffic_update', data: {} });
    expect(got).toEqual(['traffic_update']);
    first.onclose?.({ code: 1006 });
    vi.advanceTimersByTime(1_000);
    const second = FakeSocket.last!;
    expect(second).not.toBe(first);
    second.onclose?.({ code: 4401 });
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.last).toBe(second);
    stop();
    expect(second.closed).toBe(true);
  });
});
