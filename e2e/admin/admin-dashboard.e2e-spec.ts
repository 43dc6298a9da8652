import { generateKeyPairSync } from 'node:crypto';

import ExcelJS from 'exceljs';
import { request } from 'undici';

import { SERVICES } from '@trafficshare/config';
import { common, telemetry } from '@trafficshare/contracts';
import { freePort, pollUntil, readPdf, startApp } from '@trafficshare/testing';

import { boot as bootGateway, type RunningGateway } from '../../apps/gateway/src/boot';
import { startAuthHarness, type AuthHarness } from '../../apps/auth-svc/src/test/auth-harness';
import {
  startLedgerHarness,
  transferKind,
  type LedgerHarness,
} from '../../apps/ledger-svc/src/test/ledger-harness';
import {
  callerAs,
  startTelemetryHarness,
  type TelemetryHarness,
} from '../../apps/telemetry-svc/src/test/telemetry-harness';
import {
  callerAs as payoutCaller,
  FakeAuth,
  newAddress,
  NP,
} from '../../apps/payout-svc/src/test/payout-harness';
import { boot as bootPayout } from '../../apps/payout-svc/src/boot';
import { NowPaymentsEmulator } from '../../apps/payout-svc/src/provider/nowpayments-emulator';
import { PayoutWorker } from '../../apps/payout-svc/src/worker/payout.worker';
import type { RunningService } from '@trafficshare/service-kit';
import { createGrpcClient } from '@trafficshare/grpc';
import type { payout } from '@trafficshare/contracts';
import { mintToken, type Json, type Role } from '../ledger/harness';

// The admin dashboard through the gateway, each number from the service that owns it (auth,
// ledger, telemetry and payout-svc running for real, payout-svc against the NowPayments
// emulator; filter-svc absent, so its part degrades): a scripted day, then the summary and
// charts equal what was done.
describe('admin dashboard (e2e)', () => {
  let authH: AuthHarness;
  let ledgerH: LedgerHarness;
  let telemetryH: TelemetryHarness;
  let gateway: RunningGateway;
  let payoutSvc: RunningService;
  let fakeAuth: FakeAuth;
  let np: NowPaymentsEmulator;
  let privateKey = '';
  // The ledger transfers of the scripted withdrawals (the export lists them too).
  const withdrawTransfers: string[] = [];
  const base = 9_300_000 + Math.floor(Math.random() * 10_000) * 10;
  const users = [base + 1, base + 2];

  const call = async (path: string, role: Role): Promise<{ status: number; body: Json }> => {
    const res = await request(`${gateway.url}${path}`, {
      headers: { authorization: `Bearer ${mintToken(privateKey, 900_000_001, role)}` },
    });
    return { status: res.statusCode, body: (await res.body.json()) as Json };
  };

  beforeAll(async () => {
    [authH, ledgerH, telemetryH] = await Promise.all([
      startAuthHarness('e2e_admin_dash_auth'),
      startLedgerHarness('e2e_admin_dash_ledger'),
      startTelemetryHarness('e2e_admin_dash_tel'),
    ]);
    fakeAuth = await FakeAuth.start();
    np = await NowPaymentsEmulator.start({
      apiKey: NP.apiKey,
      email: NP.email,
      password: NP.password,
      ipnSecret: NP.ipnSecret,
      twoFactorSecret: NP.twoFactorSecret,
      completeAfterMs: -1,
    });
    payoutSvc = await startApp(bootPayout, {
      ...ledgerH.ctx.env,
      GRPC_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      LEDGER_GRPC_URL: ledgerH.service.grpcAddress,
      AUTH_GRPC_URL: fakeAuth.address,
      PAYMENT_PROVIDER: 'nowpayments',
      NOWPAYMENTS_BASE_URL: np.url,
      NOWPAYMENTS_API_KEY: NP.apiKey,
      NOWPAYMENTS_EMAIL: NP.email,
      NOWPAYMENTS_PASSWORD: NP.password,
      NOWPAYMENTS_IPN_SECRET: NP.ipnSecret,
      NOWPAYMENTS_2FA_SECRET: NP.twoFactorSecret,
      PAYOUT_WORKER_ENABLED: 'false',
      PAYOUT_POLL_SCHEDULE_S: '1',
    });
    const keys = generateKeyPairSync('ed25519');
    privateKey = keys.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    gateway = await startApp(bootGateway, {
      ...ledgerH.ctx.env,
      GATEWAY_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      GATEWAY_VALIDATE_RESPONSES: 'true',
      JWT_PUBLIC_KEY: keys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      [SERVICES['auth-svc'].urlEnv]: authH.service.grpcAddress,
      [SERVICES['ledger-svc'].urlEnv]: ledgerH.service.grpcAddress,
      [SERVICES['telemetry-svc'].urlEnv]: telemetryH.service.grpcAddress,
      [SERVICES['filter-svc'].urlEnv]: '127.0.0.1:1',
      [SERVICES['payout-svc'].urlEnv]: payoutSvc.grpcAddress,
      DOCS_ENABLED: 'false',
      // The scripted day makes 5 transfers (2 credits, 3 withdrawal transfers).
      ADMIN_EXPORT_MAX_ROWS: '5',
    });

    // The scripted day: two logins, income 1.5 + 2.5 USD, one session sending 3 MB.
    for (const u of users) await authH.login(u);
    for (const [i, u] of users.entries()) {
      await ledgerH.internal.credit({
        transferId: `dash-${u}`,
        telegramId: u,
        amountMicroUsd: 1_500_000 + i * 1_000_000,
        kind: transferKind('income'),
        reference: '',
        note: '',
      });
    }
    const started = await telemetryH.client.startSession({
      caller: callerAs(users[0]),
      deviceId: `phone-${users[0]}`,
      clientIp: '149.101.100.1',
      clientLocalIp: '',
      networkType: common.NetworkType.NETWORK_TYPE_MOBILE,
      appVersion: '1.0.0',
      os: 'Android',
      batteryLevel: 80,
      language: common.Language.LANGUAGE_EN,
    });
    expect(started.status).toBe(telemetry.StartStatus.START_STATUS_OK);

    // Two withdrawals: $2 of users[1] paid (completed today), $1.39 of users[0] still pending.
    const payoutClient = createGrpcClient<payout.PayoutServiceClient>(SERVICES['payout-svc'], {
      address: payoutSvc.grpcAddress,
      deadlineMs: 20_000,
    });
    const request = (telegramId: number, amountUsd: string) =>
      payoutClient.client.requestWithdraw({
        caller: payoutCaller(telegramId),
        amountUsd,
        walletAddress: newAddress(),
        network: 'BEP20',
        idempotencyKey: '',
        twoFactorCode: '',
        telegramId: 0,
      });
    const paid = await request(users[1], '2');
    expect(paid.acceptedStatus).toBe('pending');
    const worker = payoutSvc.app.get(PayoutWorker);
    await worker.tick();
    np.finish(np.byExternalId(paid.withdraw!.id)!.id);
    // The status poll is due a second after the provider accepted.
    await pollUntil(
      async () => {
        await worker.tick();
        const w = await payoutClient.client.getWithdraw({
          caller: payoutCaller(users[1]),
          withdrawId: paid.withdraw!.id,
        });
        return w.withdraw?.status === 'completed';
      },
      { timeoutMs: 15_000, intervalMs: 200, description: 'withdrawal completed' },
    );
    const waiting = await request(users[0], '1.39');
    expect(waiting.acceptedStatus).toBe('pending');
    const paidId = paid.withdraw!.id;
    withdrawTransfers.push(
      `withdraw:${paidId}`,
      `withdraw:${paidId}:post`,
      `withdraw:${waiting.withdraw!.id}`,
    );
    payoutClient.close();
    await telemetryH.client.ingestReports({
      reports: [
        {
          caller: callerAs(users[0]),
          sessionId: started.sessionId,
          deviceId: `phone-${users[0]}`,
          seq: 1,
          cumulativeMilliMb: 3_000,
          deltaMilliMb: 3_000,
          speedMilliMbS: 100,
          batteryLevel: 80,
          networkType: common.NetworkType.NETWORK_TYPE_MOBILE,
          clientTimestamp: '',
        },
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await payoutSvc?.stop();
    await np?.close();
    await fakeAuth?.close();
    await Promise.all([authH?.stop(), ledgerH?.stop(), telemetryH?.stop()]);
  }, 60_000);

  it('the summary equals what the owning services hold; absent services degrade per part', async () => {
    // Each part has a 2 s deadline: on a loaded machine the first answers may degrade a part.
    const res = await pollUntil(
      async () => {
        const r = await call('/api/admin/dashboard/summary', 'superadmin');
        return r.status === 200 && (r.body.degraded as string[]).length === 1 ? r : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, description: 'summary with only filter degraded' },
    );
    expect(res.body).toMatchObject({
      status: 'success',
      users: { total: 2, banned: 0, new_today: 2, active_api_keys: 0, sold_mb_total: 0 },
      balances: { total_available_usd: 0.61, total_held_usd: 1.39, pending_withdraw_holds: 1 },
      sessions: { active: 1, active_users: 1, started_today: 1, sent_mb_today: 3 },
      today: { credited_usd: 4, bonus_usd: 0, withdrawn_usd: 2 },
      // No buyer is billed yet: nothing sold, the margin is the day's credits, negative.
      revenue: {
        sold_mb_today: 0,
        revenue_usd_today: 0,
        credited_usd_today: 4,
        margin_usd_today: -4,
        buyer_sales: 'none',
      },
      payouts: { today_count: 1, today_usd: 2, pending_withdrawals: 1 },
      pending_filter_reviews: null,
    });
    expect(res.body.degraded).toEqual(['filter_reviews']);
  });

  it('charts give one point per day for 7, 30 and 90 days', async () => {
    const today = new Date().toISOString().slice(0, 10);
    for (const days of [7, 30, 90]) {
      const res = await call(`/api/admin/dashboard/charts?days=${days}`, 'superadmin');
      expect(res.status).toBe(200);
      for (const key of ['new_users', 'daily_active_users', 'mb', 'credited_usd', 'payouts_usd']) {
        expect(res.body[key]).toHaveLength(days);
      }
      expect(res.body.new_users[days - 1]).toEqual({ date: today, value: 2 });
      expect(res.body.mb[days - 1]).toEqual({ date: today, value: 3 });
      expect(res.body.credited_usd[days - 1]).toEqual({ date: today, value: 4 });
      expect(res.body.payouts_usd[days - 1]).toEqual({ date: today, value: 2 });
      const points = res.body.payouts_usd as Array<{ value: number }>;
      expect(points.slice(0, -1).every((p) => p.value === 0)).toBe(true);
      expect(res.body.degraded).toEqual([]);
    }
  });

  it('users and moderators are refused (superadmin only); bad parameters are 400', async () => {
    for (const path of ['/api/admin/dashboard/summary', '/api/admin/dashboard/charts?days=7']) {
      for (const role of ['user', 'moderator'] as const) {
        const res = await call(path, role);
        expect(res).toMatchObject({ status: 403, body: { status: 'error', code: 'forbidden' } });
      }
    }
    for (const q of ['days=8', 'days=0x10', 'days=', 'days=7&x=1']) {
      const res = await call(`/api/admin/dashboard/charts?${q}`, 'superadmin');
      expect(res.status).toBe(400);
      expect(res.body.status).toBe('error');
    }
  });

  it('reports export: the period’s transactions as a streamed CSV; superadmins only; bad params 400', async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const path = `/api/admin/reports/export?type=csv&report=transactions&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const res = await request(`${gateway.url}${path}`, {
      headers: { authorization: `Bearer ${mintToken(privateKey, 900_000_001, 'superadmin')}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="transactions-${from.slice(0, 10)}-${to.slice(0, 10)}.csv"`,
    );
    const lines = (await res.body.text()).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^created_at,transfer_id,telegram_id,kind,/);
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[1])
        .sort(),
    ).toEqual([...users.map((u) => `dash-${u}`), ...withdrawTransfers].sort());
    expect(lines[1]).toContain(',income,posted,');

    expect((await call(path, 'moderator')).status).toBe(403);
    expect((await call(path, 'user')).status).toBe(403);
    const bad = [
      path.replace('type=csv', 'type=doc'),
      path.replace('report=transactions', 'report=nope'),
      `/api/admin/reports/export?type=csv&report=transactions&from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`,
      `/api/admin/reports/export?type=csv&report=transactions&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
      `/api/admin/reports/export?type=csv&report=transactions`,
    ];
    for (const p of bad) {
      const r = await call(p, 'superadmin');
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ status: 'error' });
    }
  });

  // Exports are limited to 10 a minute per admin: each test downloads as its own admin.
  const download = async (path: string, admin = 900_000_002) => {
    const res = await request(`${gateway.url}${path}`, {
      headers: { authorization: `Bearer ${mintToken(privateKey, admin, 'superadmin')}` },
    });
    return {
      status: res.statusCode,
      type: res.headers['content-type'],
      disposition: res.headers['content-disposition'],
      body: Buffer.from(await res.body.arrayBuffer()),
    };
  };
  const period = () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    return { from, to, q: `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}` };
  };

  it('reports: users, sessions and daily as CSV from auth, telemetry and the stats RPCs', async () => {
    const { q } = period();
    const users_ = await download(`/api/admin/reports/export?type=csv&report=users&${q}`);
    expect(users_.status).toBe(200);
    const userLines = users_.body.toString('utf8').trimEnd().split('\r\n');
    expect(userLines[0]).toBe(
      'created_at,telegram_id,username,first_name,role,banned,last_login,last_login_device',
    );
    expect(
      userLines
        .slice(1)
        .map((l) => Number(l.split(',')[1]))
        .sort(),
    ).toEqual([...users].sort());

    const sessions = await download(`/api/admin/reports/export?type=csv&report=sessions&${q}`);
    const sessionLines = sessions.body.toString('utf8').trimEnd().split('\r\n');
    expect(sessionLines).toHaveLength(2);
    const s = Object.fromEntries(
      sessionLines[0].split(',').map((h, i) => [h, sessionLines[1].split(',')[i]]),
    );
    expect(s).toMatchObject({
      telegram_id: String(users[0]),
      device_id: `phone-${users[0]}`,
      status: 'active',
      mb: '3.000',
      ip_address: '149.101.100.1',
    });

    const today = new Date().toISOString().slice(0, 10);
    const dailyFrom = `${today}T00:00:00Z`;
    const daily = await download(
      `/api/admin/reports/export?type=csv&report=daily&from=${dailyFrom}&to=${today}T23:59:59Z`,
    );
    expect(daily.status).toBe(200);
    expect(daily.body.toString('utf8')).toBe(
      `date,new_users,daily_active_users,sessions,mb,credited_usd,bonus_usd,payouts_usd\r\n${today},2,2,1,3.000,4.000000,0.000000,2.000000\r\n`,
    );
    const old = await call(
      '/api/admin/reports/export?type=csv&report=daily&from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z',
      'superadmin',
    );
    expect(old).toMatchObject({
      status: 400,
      body: { code: 'daily_window_exceeded', max_days: 90 },
    });
  });

  it('reports: XLSX parses back with the rows; PDF has the title, totals and a chart; over the row limit is 400', async () => {
    const { from, q } = period();
    // The CSV is the reference: XLSX holds the same rows, the PDF the same total.
    const reference = await download(
      `/api/admin/reports/export?type=csv&report=transactions&${q}`,
      900_000_003,
    );
    const rows = reference.body.toString('utf8').trimEnd().split('\r\n').slice(1);
    expect(rows).toHaveLength(5);
    const csvAmounts = rows.map((line) => Number(line.split(',')[5])).sort((a, b) => a - b);
    const totalUsd = csvAmounts.reduce((a, b) => a + b, 0);
    const xlsx = await download(
      `/api/admin/reports/export?type=xlsx&report=transactions&${q}`,
      900_000_003,
    );
    expect(xlsx.status).toBe(200);
    expect(xlsx.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.disposition).toBe(
      `attachment; filename="transactions-${from.slice(0, 10)}-${period().to.slice(0, 10)}.xlsx"`,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.rowCount).toBe(6);
    const amounts = [2, 3, 4, 5, 6]
      .map((r) => Number(sheet.getRow(r).getCell(6).value))
      .sort((a, b) => a - b);
    expect(amounts).toEqual(csvAmounts);
    expect(amounts).toEqual(expect.arrayContaining([1.5, 2.5]));

    const pdf = await download(
      `/api/admin/reports/export?type=pdf&report=transactions&${q}`,
      900_000_003,
    );
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const read = readPdf(pdf.body);
    expect(read.pages).toBe(1);
    expect(read.text).toContain('TrafficShare: Transactions');
    expect(read.text).toContain(`amount_usd\n${totalUsd.toFixed(6)}`);
    expect(read.filledRects).toBe(1);

    // Six transfers now: more than ADMIN_EXPORT_MAX_ROWS (5) for XLSX and PDF, CSV unlimited.
    await ledgerH.internal.credit({
      transferId: `dash-extra-${base}`,
      telegramId: users[1],
      amountMicroUsd: 1_000_000,
      kind: transferKind('income'),
      reference: '',
      note: '',
    });
    for (const type of ['xlsx', 'pdf']) {
      const r = await download(
        `/api/admin/reports/export?type=${type}&report=transactions&${q}`,
        900_000_003,
      );
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body.toString('utf8'))).toMatchObject({
        code: 'export_too_large',
        limit: 5,
      });
    }
    const csv = await download(
      `/api/admin/reports/export?type=csv&report=transactions&${q}`,
      900_000_003,
    );
    expect(csv.body.toString('utf8').trimEnd().split('\r\n')).toHaveLength(7);
  });

  it('audit: an admin action lands in the chain; verify is ok; superadmins only', async () => {
    await authH.client.banUser({
      caller: {
        telegramId: 900_000_001,
        role: common.Role.ROLE_SUPERADMIN,
        sessionId: 'sid',
        ip: '127.0.0.1',
        userAgent: 'e2e',
      },
      telegramId: users[1],
      reason: 'e2e',
    });
    const page = await pollUntil(
      async () => {
        const r = await call('/api/admin/audit?action=admin.user.', 'superadmin');
        return r.body.entries?.length ? r : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(page.status).toBe(200);
    expect(page.body.entries[0]).toMatchObject({
      id: 1,
      service: 'auth-svc',
      admin_id: 900_000_001,
      action: 'admin.user.ban',
      target: `user:${users[1]}`,
      prev_hash: '0'.repeat(64),
    });
    expect(page.body.next_before).toBeNull();
    const verify = await call('/api/admin/audit/verify', 'superadmin');
    expect(verify).toMatchObject({ status: 200, body: { ok: true, checked: 1 } });
    for (const role of ['user', 'moderator'] as const) {
      expect((await call('/api/admin/audit', role)).status).toBe(403);
      expect((await call('/api/admin/audit/verify', role)).status).toBe(403);
    }
    expect((await call('/api/admin/audit?limit=0', 'superadmin')).status).toBe(400);
  });
});
