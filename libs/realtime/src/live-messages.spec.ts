import {
  encodeLive,
  LIVE_MESSAGE_TYPES,
  parseLiveMessage,
  publishLive,
  telegramIdOfChannel,
  userLiveChannel,
  userLivePattern,
  type LiveUpdate,
} from './live-messages';

/** One well-formed update of every type, as the services publish them. */
const SAMPLES: { [T in LiveUpdate['type']]: Extract<LiveUpdate, { type: T }> } = {
  traffic_update: {
    type: 'traffic_update',
    data: {
      session_id: '7d1e3c52-64b3-4a3e-9d55-1b7a5f0e9c21',
      status: 'active',
      used_mb: 12.5,
      current_speed: 0.8,
      duration_s: 42,
      report_count: 3,
      missing_reports: 0,
    },
  },
  balance_update: {
    type: 'balance_update',
    data: { balance_usd: 1.25, delta_usd: 0.02, mb: 12.5, reason: 'income', transfer_id: 'in:1' },
  },
  session_status: {
    type: 'session_status',
    data: {
      session_id: '7d1e3c52-64b3-4a3e-9d55-1b7a5f0e9c21',
      status: 'completed',
      used_mb: 12.5,
      duration_s: null,
      stop_reason: 'user',
      final: true,
    },
  },
  price_update: {
    type: 'price_update',
    data: { date: '2026-03-05', price_per_gb: 1.65, message: 'Narx oshdi', change: '+0.15' },
  },
  subscription_update: {
    type: 'subscription_update',
    data: {
      action: 'grant',
      model_id: 'premium',
      version: 2,
      subscriptions: [
        {
          model_id: 'premium',
          name: 'Premium',
          is_free: false,
          is_premium: true,
          color: '#f5a623',
          granted_by: 1,
          granted_at: '2026-03-05T10:00:00.000Z',
          expiry_date: null,
        },
      ],
    },
  },
  notification: {
    type: 'notification',
    data: {
      id: 'n-1',
      kind: 'payout_completed',
      title: 'Pul yechildi',
      body: '$5.00 yuborildi',
      sent_at: '2026-03-05T10:00:00.000Z',
    },
  },
};

describe('live messages', () => {
  it('names one channel per user under the key prefix', () => {
    expect(userLiveChannel('ts:', 42)).toBe('ts:live:user:42');
    expect(userLivePattern('ts:')).toBe('ts:live:user:*');
    expect(telegramIdOfChannel('ts:', 'ts:live:user:42')).toBe('42');
    expect(telegramIdOfChannel('ts:', 'other:live:user:42')).toBeUndefined();
  });

  it('publishes {type, at, data} JSON on the user channel that parses back', async () => {
    const sent: Array<[string, string]> = [];
    const redis = { publish: async (c: string, m: string) => (sent.push([c, m]), 1) };
    await expect(publishLive(redis, 'p:', '7', SAMPLES.traffic_update)).resolves.toBe(1);
    const [channel, raw] = sent[0];
    expect(channel).toBe('p:live:user:7');
    // The wire format clients parse: these three keys in this order.
    expect(Object.keys(JSON.parse(raw) as object)).toEqual(['type', 'at', 'data']);
    expect(parseLiveMessage(raw)).toEqual({
      type: 'traffic_update',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      data: SAMPLES.traffic_update.data,
    });
  });

  it('accepts a well-formed message of every published type', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...LIVE_MESSAGE_TYPES].sort());
    for (const sample of Object.values(SAMPLES)) {
      const raw = encodeLive(sample, new Date('2026-03-05T10:00:00.000Z'));
      expect(parseLiveMessage(raw)).toEqual({ ...sample, at: '2026-03-05T10:00:00.000Z' });
    }
    // The opening message of a START (before any report) is a session_status too.
    expect(
      parseLiveMessage(
        encodeLive({
          type: 'session_status',
          data: { session_id: 's', status: 'active', used_mb: 0, current_speed: 0 },
        }),
      ),
    ).toBeDefined();
  });

  it('tolerates extra fields but refuses a missing or mistyped declared one', () => {
    const at = '2026-03-05T10:00:00.000Z';
    const raw = (type: string, data: unknown) => JSON.stringify({ type, at, data });
    const traffic = SAMPLES.traffic_update.data;
    expect(parseLiveMessage(raw('traffic_update', { ...traffic, battery: 80 }))).toBeDefined();
    expect(
      parseLiveMessage(raw('traffic_update', { ...traffic, used_mb: '12.5' })),
    ).toBeUndefined();
    const { session_id: _dropped, ...noSession } = traffic;
    expect(parseLiveMessage(raw('traffic_update', noSession))).toBeUndefined();
    expect(
      parseLiveMessage(raw('balance_update', { ...SAMPLES.balance_update.data, reason: 'gift' })),
    ).toBeUndefined();
    expect(
      parseLiveMessage(
        raw('subscription_update', { ...SAMPLES.subscription_update.data, version: -1 }),
      ),
    ).toBeUndefined();
  });

  it('refuses what is not a published message: bad JSON, unknown type, no time, connected', () => {
    const data = SAMPLES.price_update.data;
    expect(parseLiveMessage('not json')).toBeUndefined();
    expect(parseLiveMessage('null')).toBeUndefined();
    expect(parseLiveMessage('{"type":1}')).toBeUndefined();
    expect(parseLiveMessage(JSON.stringify({ type: 'price_update', data }))).toBeUndefined();
    expect(
      parseLiveMessage(JSON.stringify({ type: 'toString', at: '2026-03-05', data })),
    ).toBeUndefined();
    // Only the gateway says `connected`; a published one would impersonate it.
    expect(
      parseLiveMessage(
        encodeLive({ type: 'connected', data: { telegram_id: 1, subscription_version: 1 } }),
      ),
    ).toBeUndefined();
  });

  it('does not compile an update whose data does not match its type, and refuses it at run time', async () => {
    const sent: string[] = [];
    const redis = { publish: async (_c: string, m: string) => (sent.push(m), 1) };
    // tsc (npm run lint) fails if any of these compiles.
    // @ts-expect-error traffic_update data lacks session_id and friends
    await publishLive(redis, 'p:', 1, { type: 'traffic_update', data: { used_mb: 1 } });
    const bag: Record<string, unknown> = { ...SAMPLES.balance_update.data };
    // @ts-expect-error an untyped bag of fields is not a live message
    await publishLive(redis, 'p:', 1, { type: 'balance_update', data: bag });
    // @ts-expect-error unknown type
    await publishLive(redis, 'p:', 1, { type: 'chat', data: {} });
    const gift = { ...SAMPLES.balance_update.data, reason: 'gift' };
    // @ts-expect-error the balance reason is a closed set
    await publishLive(redis, 'p:', 1, { type: 'balance_update', data: gift });
    // The bag happens to be well-formed; the other three would be dropped by the gateway.
    expect(sent.map((m) => parseLiveMessage(m) !== undefined)).toEqual([false, true, false, false]);
  });
});
