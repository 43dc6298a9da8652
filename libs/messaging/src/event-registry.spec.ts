import { events } from '@trafficshare/contracts';

import { decodeEvent, encodeEvent, EVENT_REGISTRY, EVENT_TYPES, isEventType, type EventMessage } from './event-registry';
import { dlqSubject, eventSubject, eventsStreamName, eventTypeOfSubject, outboxChannel } from './naming';

describe('event registry', () => {
  it('round-trips every registered event through protobuf', () => {
    const samples: { [K in keyof typeof EVENT_REGISTRY]: EventMessage<K> } = {
      SessionStarted: {
        sessionId: 's-1',
        telegramId: 42,
        deviceId: 'd-1',
        networkType: 'wifi',
        bypass: true,
        startedAt: '2025-01-01T00:00:00.000Z',
      },
      ReportIngested: {
        sessionId: 's-1',
        telegramId: 9_007_199_254_740_991,
        deviceId: 'd-1',
        seq: 7,
        deltaMilliMb: 123_456,
        countedAt: '2025-01-01T00:00:10.000Z',
      },
      SessionStopped: {
        sessionId: 's-1',
        telegramId: 42,
        deviceId: 'd-1',
        status: 'completed',
        serverCountedMilliMb: 1_000,
        durationS: 60,
        stoppedAt: '2025-01-01T00:01:00.000Z',
      },
      IncomeCredited: {
        telegramId: 42,
        transferId: 't-1',
        amountMicroUsd: 1_500,
        milliMb: 3_000,
        reportCount: 2,
        pricePerGbMicroUsd: 500_000,
        balanceMicroUsd: 10_000,
        creditedAt: '2025-01-01T00:02:00.000Z',
      },
      PayoutCompleted: {
        withdrawId: 'w-1',
        telegramId: 42,
        amountMicroUsd: 5_000_000,
        amountUsdt: '5.000000',
        network: 'TRC20',
        walletAddress: 'TXyz',
        txHash: '0xabc',
        completedAt: '2025-01-01T00:03:00.000Z',
      },
    };
    for (const type of EVENT_TYPES) {
      const bytes = encodeEvent(type, samples[type]);
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect(bytes.length).toBeGreaterThan(0);
      expect(decodeEvent(type, bytes)).toEqual(samples[type]);
    }
  });

  it('registers every message of the events contract', () => {
    const codecs = Object.entries(events)
      .filter(([, value]) => typeof value === 'object' && value !== null && 'encode' in value && 'decode' in value)
      .map(([name]) => name)
      .sort();
    expect([...EVENT_TYPES].sort()).toEqual(codecs);
  });

  it('rejects unknown types and truncated payloads', () => {
    expect(isEventType('ReportIngested')).toBe(true);
    expect(isEventType('toString')).toBe(false);
    expect(() => encodeEvent('Nope' as 'ReportIngested', {} as EventMessage<'ReportIngested'>)).toThrow(/Unknown event type/);
    // Field 1 (string) announcing 100 bytes and ending after 2.
    expect(() => decodeEvent('ReportIngested', Uint8Array.from([0x0a, 100, 0x41, 0x42]))).toThrow();
  });
});

describe('naming', () => {
  it('derives stream, subject and DLQ names from the prefix', () => {
    expect(eventsStreamName('')).toBe('EVENTS');
    expect(eventSubject('', 'ReportIngested')).toBe('events.ReportIngested');
    expect(eventsStreamName('Tab12_')).toBe('Tab12_EVENTS');
    expect(eventSubject('Tab12_', 'IncomeCredited')).toBe('Tab12_events.IncomeCredited');
    expect(dlqSubject('Tab12_', 'ledger-reports')).toBe('Tab12_dlq.ledger-reports');
    expect(eventTypeOfSubject('Tab12_', 'Tab12_events.SessionStarted')).toBe('SessionStarted');
    expect(eventTypeOfSubject('Tab12_', 'other.SessionStarted')).toBeUndefined();
  });

  it('keeps outbox channel names within the Postgres identifier limit', () => {
    expect(outboxChannel('ledger')).toBe('outbox_ledger');
    expect(outboxChannel('x'.repeat(80))).toHaveLength(63);
  });
});
