import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { DeviceSession, UsageBatch, UsageSink } from '../access/authorities';
import { FileUsageJournal } from './usage-journal';
import { UsageMeter } from './usage-meter';

class RecordingSink implements UsageSink {
  readonly batches: UsageBatch[] = [];
  failNext = 0;
  async record(batch: UsageBatch): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('owner unavailable');
    }
    this.batches.push(batch);
  }
}

const device: DeviceSession = { sessionId: 's1', telegramId: 7, deviceId: 'd1', country: 'UZ' };
const grant = { keyId: 'k1', type: 'rotation' as const, limitBytes: 1_000, usedBytes: 100 };

describe(UsageMeter.name, () => {
  it('flushNow writes bytes counted while a write is in flight (a closed tunnel’s last bytes)', async () => {
    let release: () => void = () => undefined;
    const sink = new RecordingSink();
    const record = sink.record.bind(sink);
    let hold = true;
    sink.record = async (batch) => {
      if (hold) await new Promise<void>((r) => (release = r));
      return record(batch);
    };
    const sut = new UsageMeter(sink);
    sut.admit(grant);
    sut.count('k1', device, 10, 0);
    const first = sut.flush();
    await new Promise((r) => setImmediate(r));
    sut.count('k1', device, 0, 20); // after the in-flight batch was cut
    expect(sut.flush()).toBe(first); // a plain flush only joins the write in flight
    const now = sut.flushNow();
    hold = false;
    release();
    await now;
    expect(sink.batches.map((b) => b.keys)).toEqual([
      [{ keyId: 'k1', bytes: 10 }],
      [{ keyId: 'k1', bytes: 20 }],
    ]);
    expect(sut.unflushedBytes).toBe(0);
  });

  it('keeps bytes counted while the journal writes a batch (they ride in the next one)', async () => {
    const sink = new RecordingSink();
    const saved: UsageBatch[] = [];
    let release: () => void = () => undefined;
    let failSave = false;
    const journal = {
      load: async () => [],
      save: async (batch: UsageBatch) => {
        await new Promise<void>((r) => (release = r));
        if (failSave) throw new Error('disk full');
        saved.push(batch);
      },
      remove: async () => undefined,
    };
    const sut = new UsageMeter(sink, journal);
    sut.admit(grant);
    sut.count('k1', device, 104, 0); // the request
    const first = sut.flush();
    await new Promise((r) => setImmediate(r));
    sut.count('k1', device, 0, 200_000); // the answer, while the journal writes
    expect(sut.unflushedBytes).toBe(200_104);
    release();
    await first;
    const second = sut.flush();
    await new Promise((r) => setImmediate(r));
    failSave = true; // a batch that never reaches the journal goes back to the counts
    sut.count('k1', device, 0, 1);
    release();
    await expect(second).rejects.toThrow('disk full');
    failSave = false;
    const third = sut.flush();
    await new Promise((r) => setImmediate(r));
    release();
    await third;
    expect(sink.batches.map((b) => b.keys[0].bytes)).toEqual([104, 200_001]);
    expect(sink.batches[1].sessions).toEqual([
      { sessionId: 's1', telegramId: 7, deviceId: 'd1', bytesUp: 0, bytesDown: 200_001 },
    ]);
    expect(saved).toHaveLength(2);
    expect(sut.unflushedBytes).toBe(0);
  });

  it('writes per-key and per-session counts in one batch', async () => {
    const sink = new RecordingSink();
    const sut = new UsageMeter(sink);
    sut.admit(grant);
    sut.count('k1', device, 10, 90);
    sut.count('k1', device, 5, 5);
    await sut.flush();
    expect(sink.batches).toHaveLength(1);
    expect(sink.batches[0].keys).toEqual([{ keyId: 'k1', bytes: 110 }]);
    expect(sink.batches[0].sessions).toEqual([
      { sessionId: 's1', telegramId: 7, deviceId: 'd1', bytesUp: 15, bytesDown: 95 },
    ]);
    await sut.flush();
    expect(sink.batches).toHaveLength(1);
  });

  it('retries a failed batch with the same id before counting anything twice', async () => {
    const sink = new RecordingSink();
    const sut = new UsageMeter(sink);
    sut.count('k1', device, 1, 1);
    sink.failNext = 1;
    await expect(sut.flush()).rejects.toThrow('owner unavailable');
    sut.count('k1', device, 3, 0);
    await sut.flush();
    expect(sink.batches.map((b) => b.keys)).toEqual([
      [{ keyId: 'k1', bytes: 2 }],
      [{ keyId: 'k1', bytes: 3 }],
    ]);
    expect(new Set(sink.batches.map((b) => b.batchId)).size).toBe(2);
  });

  it('cuts every live connection of a key when it reaches its limit, and refuses it after', () => {
    const sut = new UsageMeter(new RecordingSink());
    expect(sut.admit(grant)).toBe(true);
    const cut = jest.fn();
    const untrack = sut.track('k1', cut);
    sut.count('k1', device, 400, 400);
    expect(cut).not.toHaveBeenCalled();
    sut.count('k1', device, 50, 50);
    expect(cut).toHaveBeenCalledTimes(1);
    untrack();
    expect(sut.admit(grant)).toBe(false);
  });

  it('never forgets local usage when a stale grant arrives', () => {
    const sut = new UsageMeter(new RecordingSink());
    sut.admit(grant);
    sut.count('k1', device, 900, 0);
    // auth-svc has not seen the 900 bytes yet: its grant still says 100 used.
    expect(sut.admit(grant)).toBe(false);
  });
});

describe('UsageMeter with a journal', () => {
  let dir = '';
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'relay-journal-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a batch left unacknowledged by a dead meter is sent by the next one, same id, once', async () => {
    const sink = new RecordingSink();
    sink.failNext = 1;
    const dead = new UsageMeter(sink, new FileUsageJournal(dir));
    dead.count('k1', device, 100, 900);
    await expect(dead.flush()).rejects.toThrow('owner unavailable');
    expect(readdirSync(dir)).toHaveLength(1);

    const next = new UsageMeter(sink, new FileUsageJournal(dir));
    expect(await next.restore()).toBe(1);
    expect(next.unflushedBytes).toBe(1_000);
    next.count('k1', device, 1, 1);
    await next.flush();
    expect(sink.batches.map((b) => b.keys)).toEqual([
      [{ keyId: 'k1', bytes: 1_000 }],
      [{ keyId: 'k1', bytes: 2 }],
    ]);
    expect(new Set(sink.batches.map((b) => b.batchId)).size).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('bytes count toward the key limit while their batch waits', async () => {
    const sink = new RecordingSink();
    sink.failNext = 5;
    const sut = new UsageMeter(sink, new FileUsageJournal(dir));
    sut.admit(grant);
    sut.count('k1', device, 500, 0);
    await expect(sut.flush()).rejects.toThrow();
    // auth-svc still says 100 used: the journaled 500 are added to it.
    expect(sut.admit({ ...grant, usedBytes: 100 })).toBe(true);
    sut.count('k1', device, 400, 0);
    expect(sut.admit({ ...grant, usedBytes: 100 })).toBe(false);
  });
});
