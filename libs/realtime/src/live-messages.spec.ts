import {
  parseLiveMessage,
  publishLive,
  telegramIdOfChannel,
  userLiveChannel,
  userLivePattern,
} from './live-messages';

describe('live messages', () => {
  it('names one channel per user under the key prefix', () => {
    expect(userLiveChannel('ts:', 42)).toBe('ts:live:user:42');
    expect(userLivePattern('ts:')).toBe('ts:live:user:*');
    expect(telegramIdOfChannel('ts:', 'ts:live:user:42')).toBe('42');
    expect(telegramIdOfChannel('ts:', 'other:live:user:42')).toBeUndefined();
  });

  it('publishes JSON that parses back', async () => {
    const sent: Array<[string, string]> = [];
    const redis = { publish: async (c: string, m: string) => (sent.push([c, m]), 1) };
    await expect(publishLive(redis, 'p:', '7', 'traffic_update', { used_mb: 1.5 })).resolves.toBe(
      1,
    );
    const [channel, raw] = sent[0];
    expect(channel).toBe('p:live:user:7');
    expect(parseLiveMessage(raw)).toMatchObject({ type: 'traffic_update', data: { used_mb: 1.5 } });
    expect(parseLiveMessage('not json')).toBeUndefined();
    expect(parseLiveMessage('{"type":1}')).toBeUndefined();
  });
});
