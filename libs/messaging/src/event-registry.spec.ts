import { events } from '@trafficshare/contracts';

import {
  decodeEvent,
  encodeEvent,
  EVENT_TYPES,
  isEventType,
  type EventType,
  type EventMessage,
} from './event-registry';
import {
  dlqSubject,
  eventSubject,
  eventsStreamName,
  eventTypeOfSubject,
  outboxChannel,
} from './naming';

describe('event registry', () => {
  it('round-trips every registered event through protobuf', () => {
    for (const type of EVENT_TYPES) {
      const sample = sampleOf(type);
      const bytes = encodeEvent(type, sample);
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect(bytes.length).toBeGreaterThan(0);
      expect(decodeEvent(type, bytes)).toEqual(sample);
    }
  });

  it('keeps int64 fields exact up to MAX_SAFE_INTEGER', () => {
    const message: EventMessage<'ReportIngested'> = {
      sessionId: 's-1',
      telegramId: Number.MAX_SAFE_INTEGER,
      deviceId: 'd-1',
      seq: 7,
      deltaMilliMb: 123_456,
      countedAt: '2025-01-01T00:00:10.000Z',
    };
    expect(decodeEvent('ReportIngested', encodeEvent('ReportIngested', message))).toEqual(message);
  });

  it('registers every message of the events contract', () => {
    const codecs = Object.entries(events)
      .filter(
        ([, value]) =>
          typeof value === 'object' && value !== null && 'encode' in value && 'decode' in value,
      )
      .map(([name]) => name)
      .sort();
    expect([...EVENT_TYPES].sort()).toEqual(codecs);
  });

  it('rejects unknown types and truncated payloads', () => {
    expect(isEventType('ReportIngested')).toBe(true);
    expect(isEventType('toString')).toBe(false);
    expect(() =>
      encodeEvent('Nope' as 'ReportIngested', {} as EventMessage<'ReportIngested'>),
    ).toThrow(/Unknown event type/);
    // Field 1 (string) announcing 100 bytes and ending after 2.
    expect(() => decodeEvent('ReportIngested', Uint8Array.from([0x0a, 100, 0x41, 0x42]))).toThrow();
  });
});

/** A message of `type` with every scalar field set to a non-default value. */
function sampleOf<T extends EventType>(type: T): EventMessage<T> {
  const base = { ...decodeEvent(type, new Uint8Array()) } as Record<string, unknown>;
  let n = 0;
  for (const [key, value] of Object.entries(base)) {
    n += 1;
    if (typeof value === 'string') base[key] = `${key}-${n}`;
    else if (typeof value === 'number') base[key] = 1_000 + n;
    else if (typeof value === 'boolean') base[key] = true;
  }
  return base as unknown as EventMessage<T>;
}

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
