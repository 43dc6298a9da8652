import { common, telemetry } from '@trafficshare/contracts';

import {
  callerAs,
  newUser,
  startTelemetryHarness,
  type TelemetryHarness,
} from '../test/telemetry-harness';

// The admin dashboard's traffic part, over gRPC against the real Postgres: sessions running now
// and today's MB equal the sessions started and the reports accepted; users are refused.
describe('telemetry-svc GetAdminStats', () => {
  let h: TelemetryHarness;
  const users = [newUser(), newUser()];
  const sessions: string[] = [];

  const start = async (u: number): Promise<string> => {
    const started = await h.client.startSession({
      caller: callerAs(u),
      deviceId: `phone-${u}`,
      clientIp: '149.101.100.1',
      clientLocalIp: '',
      networkType: common.NetworkType.NETWORK_TYPE_MOBILE,
      appVersion: '1.0.0',
      os: 'Android',
      batteryLevel: 80,
      language: common.Language.LANGUAGE_EN,
    });
    expect(started.status).toBe(telemetry.StartStatus.START_STATUS_OK);
    return started.sessionId;
  };

  beforeAll(async () => {
    h = await startTelemetryHarness('telemetry_admin_stats');
    for (const u of users) {
      const sessionId = await start(u);
      sessions.push(sessionId);
      const res = await h.client.ingestReports({
        reports: [
          {
            caller: callerAs(u),
            sessionId,
            deviceId: `phone-${u}`,
            seq: 1,
            cumulativeMilliMb: 2_500,
            deltaMilliMb: 2_500,
            speedMilliMbS: 100,
            batteryLevel: 80,
            networkType: common.NetworkType.NETWORK_TYPE_MOBILE,
            clientTimestamp: '',
          },
        ],
      });
      expect(res.results[0].outcome).toBe(telemetry.ReportOutcome.REPORT_OUTCOME_ACCEPTED);
    }
    await h.client.stopSession({
      caller: callerAs(users[1]),
      sessionId: sessions[1],
      deviceId: `phone-${users[1]}`,
    });
  }, 60_000);
  afterAll(() => h?.stop(), 30_000);

  it('counts active sessions, sessions started and MB sent today', async () => {
    const s = await h.client.getAdminStats({ caller: callerAs(42, 'superadmin'), days: 7 });
    expect(s.days).toHaveLength(7);
    expect(s.today).toMatchObject({
      date: new Date().toISOString().slice(0, 10),
      sessions: 2,
      sentMilliMb: 5_000,
      activeUsers: 2,
    });
    expect(s.activeSessions).toBe(1);
    expect(s.activeUsers).toBe(1);
  });

  it('refuses users and a bad range', async () => {
    await expect(h.client.getAdminStats({ caller: callerAs(users[0]), days: 7 })).rejects.toThrow(
      /PERMISSION_DENIED|forbidden/i,
    );
    // Moderators too: the dashboard's numbers are the superadmin's.
    await expect(
      h.client.getAdminStats({ caller: callerAs(43, 'moderator'), days: 7 }),
    ).rejects.toThrow(/PERMISSION_DENIED|forbidden/i);
    await expect(
      h.client.getAdminStats({ caller: callerAs(42, 'superadmin'), days: 0 }),
    ).rejects.toThrow(/days must be 1-90/);
  });

  it('ExportSessions pages through the sessions started in the period once, oldest first', async () => {
    const admin = callerAs(42, 'superadmin');
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const p1 = await h.client.exportSessions({ caller: admin, from, to, after: '', limit: 1 });
    expect(p1.sessions).toHaveLength(1);
    const p2 = await h.client.exportSessions({ caller: admin, from, to, after: p1.next, limit: 1 });
    const p3 = await h.client.exportSessions({ caller: admin, from, to, after: p2.next, limit: 1 });
    expect(p3).toEqual({ sessions: [], next: '' });
    const rows = [...p1.sessions, ...p2.sessions];
    expect(rows.map((r) => r.sessionId)).toEqual(sessions);
    expect(rows[0]).toMatchObject({
      telegramId: users[0],
      deviceId: `phone-${users[0]}`,
      status: 'active',
      endedAt: '',
      serverCountedMilliMb: 2_500,
      ipAddress: '149.101.100.1',
      networkType: 'mobile',
      appVersion: '1.0.0',
    });
    expect(rows[1].status).not.toBe('active');
    expect(rows[1].endedAt).not.toBe('');
    await expect(
      h.client.exportSessions({ caller: callerAs(users[0]), from, to, after: '', limit: 1 }),
    ).rejects.toThrow(/PERMISSION_DENIED|forbidden/i);
    await expect(
      h.client.exportSessions({ caller: admin, from, to, after: '', limit: 5001 }),
    ).rejects.toThrow(/limit must be 1-5000/);
  });
});
