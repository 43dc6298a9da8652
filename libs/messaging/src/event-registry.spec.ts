import { loadSync } from '@grpc/proto-loader';

import { events, PROTO_ROOT } from '@trafficshare/contracts';

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

/**
 * Messages of the events contract that are never published on their own, only carried as
 * items inside a registered event (ReportIngested: the items of ReportsIngested;
 * IncomeCredited: the items of IncomesCredited).
 */
const ITEM_MESSAGES: readonly string[] = ['ReportIngested', 'IncomeCredited', 'ReferralReward'];

/** Every .proto file of the trafficshare.events.v1 package. */
const EVENT_FILES = [
  'trafficshare/events/v1/events.proto',
  'trafficshare/events/v1/referral_events.proto',
  'trafficshare/events/v1/payout_events.proto',
  'trafficshare/events/v1/settings_events.proto',
  'trafficshare/events/v1/admin_events.proto',
  'trafficshare/events/v1/news_events.proto',
  'trafficshare/events/v1/security_events.proto',
];

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
    const message: EventMessage<'ReportsIngested'> = {
      reports: [
        {
          sessionId: 's-1',
          telegramId: Number.MAX_SAFE_INTEGER,
          deviceId: 'd-1',
          seq: 7,
          deltaMilliMb: 123_456,
          countedAt: '2025-01-01T00:00:10.000Z',
        },
      ],
    };
    expect(decodeEvent('ReportsIngested', encodeEvent('ReportsIngested', message))).toEqual(
      message,
    );
  });

  it('registers every message of the events contract', () => {
    const codecs = Object.entries(events)
      .filter(
        ([, value]) =>
          typeof value === 'object' && value !== null && 'encode' in value && 'decode' in value,
      )
      .map(([name]) => name)
      .sort();
    for (const item of ITEM_MESSAGES) expect(codecs).toContain(item);
    expect([...EVENT_TYPES].sort()).toEqual(codecs.filter((name) => !ITEM_MESSAGES.includes(name)));
  });

  it('uses every item message as a field of a registered event', () => {
    const definitions = loadSync(EVENT_FILES, { includeDirs: [PROTO_ROOT] });
    const fieldTypes = new Set<string>();
    for (const type of EVENT_TYPES) {
      const definition = definitions[`trafficshare.events.v1.${type}`];
      expect(definition).toBeDefined();
      const descriptor = definition.type as { field?: Array<{ typeName?: string }> };
      for (const field of descriptor.field ?? []) {
        if (field.typeName) fieldTypes.add(field.typeName.split('.').pop()!);
      }
    }
    for (const item of ITEM_MESSAGES) expect(fieldTypes).toContain(item);
  });

  it('rejects unknown types and truncated payloads', () => {
    expect(isEventType('ReportsIngested')).toBe(true);
    expect(isEventType('ReportIngested')).toBe(false);
    expect(isEventType('IncomesCredited')).toBe(true);
    expect(isEventType('IncomeCredited')).toBe(false);
    expect(isEventType('toString')).toBe(false);
    expect(() =>
      encodeEvent('Nope' as 'ReportsIngested', {} as EventMessage<'ReportsIngested'>),
    ).toThrow(/Unknown event type/);
    // Field 1 (length-delimited) announcing 100 bytes and ending after 2.
    expect(() =>
      decodeEvent('ReportsIngested', Uint8Array.from([0x0a, 100, 0x41, 0x42])),
    ).toThrow();
  });
});

/** A message of `type` with every scalar field set to a non-default value. */
function sampleOf<T extends EventType>(type: T): EventMessage<T> {
  const base = withScalars(decodeEvent(type, new Uint8Array()));
  if (type === 'ReportsIngested') {
    // Two items, so the sample also checks that the order of a repeated field survives.
    base.reports = [10, 20].map((offset) =>
      withScalars(events.ReportIngested.decode(new Uint8Array()), offset),
    );
  }
  if (type === 'ReferralRewarded') {
    base.rewards = [10, 20].map((offset) =>
      withScalars(events.ReferralReward.decode(new Uint8Array()), offset),
    );
  }
  if (type === 'IncomesCredited') {
    base.credits = [10, 20].map((offset) =>
      withScalars(events.IncomeCredited.decode(new Uint8Array()), offset),
    );
  }
  return base as unknown as EventMessage<T>;
}

/** `message` with every string, number and boolean field set to a non-default value. */
function withScalars(message: object, offset = 0): Record<string, unknown> {
  const out: Record<string, unknown> = { ...message };
  let n = offset;
  for (const [key, value] of Object.entries(out)) {
    n += 1;
    if (typeof value === 'string') out[key] = `${key}-${n}`;
    else if (typeof value === 'number') out[key] = 1_000 + n;
    else if (typeof value === 'boolean') out[key] = true;
  }
  return out;
}

describe('naming', () => {
  it('derives stream, subject and DLQ names from the prefix', () => {
    expect(eventsStreamName('')).toBe('EVENTS');
    expect(eventSubject('', 'ReportsIngested')).toBe('events.ReportsIngested');
    expect(eventsStreamName('Tab12_')).toBe('Tab12_EVENTS');
    expect(eventSubject('Tab12_', 'IncomesCredited')).toBe('Tab12_events.IncomesCredited');
    expect(dlqSubject('Tab12_', 'ledger-reports')).toBe('Tab12_dlq.ledger-reports');
    expect(eventTypeOfSubject('Tab12_', 'Tab12_events.SessionStarted')).toBe('SessionStarted');
    expect(eventTypeOfSubject('Tab12_', 'other.SessionStarted')).toBeUndefined();
  });

  it('keeps outbox channel names within the Postgres identifier limit', () => {
    expect(outboxChannel('ledger')).toBe('outbox_ledger');
    expect(outboxChannel('x'.repeat(80))).toHaveLength(63);
  });
});
