import { EventEmitter } from 'node:events';

import type { Redis } from 'ioredis';
import { register } from 'prom-client';
import type { WebSocket } from 'ws';

import { encodeLive, userLiveChannel } from '@trafficshare/realtime';

import { LiveHub } from './live-hub';

/** The slice of a subscribed ioredis connection the hub uses. */
class FakeSubscriber extends EventEmitter {
  readonly channels = new Set<string>();
  async subscribe(channel: string): Promise<number> {
    this.channels.add(channel);
    return this.channels.size;
  }
  async unsubscribe(channel: string): Promise<number> {
    this.channels.delete(channel);
    return this.channels.size;
  }
}

function fakeSocket(): WebSocket & { sent: string[] } {
  const sent: string[] = [];
  return { OPEN: 1, readyState: 1, sent, send: (m: string) => void sent.push(m) } as never;
}

const dropped = async (type: string): Promise<number> =>
  (await register.getSingleMetric('gateway_live_messages_dropped_total')?.get())?.values.find(
    (v) => v.labels.type === type,
  )?.value ?? 0;

describe(LiveHub.name, () => {
  const prefix = 't:';
  let redis: FakeSubscriber;
  let sut: LiveHub;

  beforeEach(() => {
    redis = new FakeSubscriber();
    sut = new LiveHub(redis as unknown as Redis, prefix);
  });

  it('forwards a well-formed message, as published, to every socket of that user only', async () => {
    const [mine, mineToo, theirs] = [fakeSocket(), fakeSocket(), fakeSocket()];
    await sut.add('7', mine);
    await sut.add('7', mineToo);
    await sut.add('8', theirs);
    const raw = encodeLive({
      type: 'balance_update',
      data: { balance_usd: 1.5, delta_usd: 0.5, reason: 'bonus', transfer_id: 'promo:1' },
    });
    redis.emit('message', userLiveChannel(prefix, '7'), raw);
    expect(mine.sent).toEqual([raw]);
    expect(mineToo.sent).toEqual([raw]);
    expect(theirs.sent).toEqual([]);
  });

  it('drops a message whose data does not match its type, or that only the gateway may send, and counts it', async () => {
    const socket = fakeSocket();
    await sut.add('7', socket);
    const before = await dropped('traffic_update');
    const channel = userLiveChannel(prefix, '7');
    redis.emit('message', channel, JSON.stringify({ type: 'traffic_update', at: 'x', data: {} }));
    redis.emit('message', channel, 'not json');
    redis.emit(
      'message',
      channel,
      encodeLive({ type: 'connected', data: { telegram_id: 7, subscription_version: 1 } }),
    );
    expect(socket.sent).toEqual([]);
    expect(await dropped('traffic_update')).toBe(before + 1);
  });

  it('subscribes on the first socket of a user and unsubscribes after the last', async () => {
    const [a, b] = [fakeSocket(), fakeSocket()];
    await sut.add('7', a);
    await sut.add('7', b);
    expect([...redis.channels]).toEqual([userLiveChannel(prefix, '7')]);
    sut.remove('7', a);
    expect(sut.count('7')).toBe(1);
    sut.remove('7', b);
    expect(redis.channels.size).toBe(0);
    expect(sut.count('7')).toBe(0);
  });
});
