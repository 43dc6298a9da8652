import { randomUUID } from 'node:crypto';

import { pollUntil } from '@trafficshare/testing';

import { newUser, startFilterHarness, type FilterHarness } from '../test/filter-harness';

// 89.160.20.112/28 is Sweden (EU, Wi-Fi allowed) in MaxMind's test databases.
describe('IP claims: a reservation until the session starts (integration)', () => {
  let h: FilterHarness;
  const PENDING_S = 1;

  beforeAll(async () => {
    h = await startFilterHarness('filter_claims', { IP_CLAIM_PENDING_TTL_S: String(PENDING_S) });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const decide = (ip: string, device: string, sessionId = randomUUID()) =>
    h.decide({ clientIp: ip, networkType: 'wifi', deviceId: device, sessionId });
  // What telemetry's outbox publishes when the session row commits.
  const sessionStarted = (sessionId: string, deviceId: string) =>
    h.service.context.dataSource.transaction((m) =>
      h.service.context.outbox.add(m, 'SessionStarted', {
        sessionId,
        telegramId: newUser(),
        deviceId,
        networkType: 'wifi',
        bypass: false,
        startedAt: new Date().toISOString(),
      }),
    );
  const confirmations = async (outcome: string): Promise<number> => {
    const text = await (await fetch(`http://127.0.0.1:${h.service.opsPort}/metrics`)).text();
    const line = text
      .split('\n')
      .find(
        (l) =>
          l.startsWith('filter_ip_claim_confirmations_total{') &&
          l.includes(`outcome="${outcome}"`),
      );
    return line ? Number(line.split(' ').pop()) : 0;
  };
  const claimOf = (device: string) => h.service.context.redis.hgetall(`filter:ipclaim:${device}`);

  it('an allow decision whose session never starts blocks other devices only until the reservation lapses', async () => {
    const ip = '89.160.20.116';
    expect((await decide(ip, 'ghost-1')).decision).toBe('allow');
    const blocked = await decide(ip, 'phone-1');
    expect(blocked).toMatchObject({ decision: 'deny', reasons: ['ip_in_use'], httpStatus: 409 });
    // Each poll is a new user: denied STARTs count towards a user's daily lock.
    await pollUntil(async () => (await decide(ip, 'phone-1')).decision === 'allow', {
      timeoutMs: 10_000,
      intervalMs: 200,
      description: 'the unconfirmed reservation lapses',
    });
  });

  it('SessionStarted makes the claim durable past the reservation; ReleaseIp of that session frees it', async () => {
    const ip = '89.160.20.117';
    const session = randomUUID();
    const startedAt = Date.now();
    expect((await decide(ip, 'phone-2', session)).decision).toBe('allow');
    await sessionStarted(session, 'phone-2');
    await pollUntil(async () => (await claimOf('phone-2')).state === 'held', {
      timeoutMs: 15_000,
      description: 'the claim is confirmed by SessionStarted',
    });
    // Past the reservation the running session still holds its IP.
    await pollUntil(async () => Date.now() - startedAt > PENDING_S * 1000 + 300, {
      timeoutMs: 5_000,
      intervalMs: 100,
    });
    expect((await decide(ip, 'phone-3')).reasons).toEqual(['ip_in_use']);
    expect(
      await h.internal.releaseIp({ deviceId: 'phone-2', telegramId: 0, sessionId: session }),
    ).toEqual({ released: true });
    expect((await decide(ip, 'phone-3')).decision).toBe('allow');
  });

  it('a release for another session frees nothing; a released session’s late start takes nothing', async () => {
    const ip = '89.160.20.118';
    const failed = randomUUID();
    expect((await decide(ip, 'phone-4', failed)).decision).toBe('allow');
    expect(
      await h.internal.releaseIp({ deviceId: 'phone-4', telegramId: 0, sessionId: randomUUID() }),
    ).toEqual({ released: false });
    expect((await decide(ip, 'phone-5')).reasons).toEqual(['ip_in_use']);
    // The START failed: telemetry frees its claim; the device tries again at once.
    expect(
      await h.internal.releaseIp({ deviceId: 'phone-4', telegramId: 0, sessionId: failed }),
    ).toEqual({ released: true });
    const retry = randomUUID();
    expect((await decide(ip, 'phone-4', retry)).decision).toBe('allow');
    // An event of the failed session arriving late must not make the retry's claim durable.
    const before = await confirmations('released');
    await sessionStarted(failed, 'phone-4');
    await pollUntil(async () => (await confirmations('released')) > before, {
      timeoutMs: 15_000,
      description: 'the late SessionStarted is consumed',
    });
    expect(await claimOf('phone-4')).toMatchObject({ state: 'pending', session: retry });
    expect(
      await h.internal.releaseIp({ deviceId: 'phone-4', telegramId: 0, sessionId: retry }),
    ).toEqual({ released: true });
    expect((await decide(ip, 'phone-5')).decision).toBe('allow');
  });

  it('the same device starting again keeps a running session’s claim', async () => {
    const ip = '89.160.20.119';
    const session = randomUUID();
    expect((await decide(ip, 'phone-6', session)).decision).toBe('allow');
    await sessionStarted(session, 'phone-6');
    await pollUntil(async () => (await claimOf('phone-6')).state === 'held', { timeoutMs: 15_000 });
    // A second START of the device (it loses to the running session's unique index) neither
    // turns the claim back into a reservation nor takes it over.
    expect((await decide(ip, 'phone-6')).decision).toBe('allow');
    expect(await claimOf('phone-6')).toMatchObject({ state: 'held', session });
  });
});
