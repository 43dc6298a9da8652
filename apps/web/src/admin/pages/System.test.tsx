import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { setAccessToken } from '../../api/client';
import { I18nProvider } from '../../i18n/i18n';
import { errorResponse, fakeApi, FakeSocket, type FakeApi } from '../../test/fake-api';
import { AdminLogsPage, AdminSettingsPage } from './System';

let api: FakeApi;
beforeEach(() => {
  setAccessToken('tok');
  api = fakeApi();
  vi.stubGlobal('WebSocket', FakeSocket);
});
const wrap = (node: React.ReactNode) => render(<I18nProvider language="en">{node}</I18nProvider>);

const setting = (value: Record<string, unknown>) => ({
  key: 'k',
  value,
  updated_at: null,
  updated_by: null,
});

describe('admin Settings', () => {
  it('shows every app’s status, saves security and cron, and follows a backup to done', async () => {
    api.on('GET /api/admin/settings/status', {
      status: 'success',
      gateway: { version: '1.2.3', instance: 'h:1', uptime_s: 7200, event_loop_lag_ms: 3.2 },
      apps: [
        {
          app: 'ledger-svc',
          ok: true,
          version: '1.2.3',
          instance: 'h:2',
          uptime_s: 90,
          ready: true,
          event_loop_lag_ms: 1.5,
          outbox_backlog: 0,
          dlq_size: 2,
          schema_bytes: 5 * 1024 * 1024,
          schema_head: '1796400000000-withdrawals',
        },
        {
          app: 'payout-svc',
          ok: false,
          version: null,
          instance: null,
          uptime_s: null,
          ready: false,
          event_loop_lag_ms: null,
          outbox_backlog: null,
          dlq_size: null,
          schema_bytes: null,
          schema_head: null,
        },
      ],
      nats: { ok: true, events: 100, dlq: 2 },
      postgres: { ok: true, database_bytes: 2 * 1024 * 1024 * 1024 },
      generated_at: '2026-12-04T10:00:00Z',
    });
    api.on('GET /api/admin/settings', {
      status: 'success',
      security: setting({
        access_token_ttl_s: 900,
        refresh_token_ttl_s: 2592000,
        two_factor_max_renewals_without_code: 3,
      }),
      cron: setting({ ledger_reconciliation: '10m' }),
    });
    api.on('PATCH /api/admin/settings/security', () => errorResponse(400, 'invalid_setting'));
    api.on('POST /api/admin/settings/cron', { status: 'success', setting: setting({}) });
    let polls = 0;
    const job = (status: string) => ({
      id: '33333333-3333-4333-8333-333333333333',
      status,
      file: 'ts-20261204.dump',
      size_bytes: status === 'done' ? 1048576 : null,
      error: null,
      requested_by: 1,
      started_at: '2026-12-04T10:00:00Z',
      finished_at: null,
    });
    api.on('POST /api/admin/settings/backup', { status: 'success', job: job('running') });
    api.on('GET /api/admin/settings/backup/33333333-3333-4333-8333-333333333333', () => {
      polls += 1;
      return { status: 'success', job: job(polls < 2 ? 'running' : 'done') };
    });
    wrap(<AdminSettingsPage pollMs={10} />);
    const table = await screen.findByTestId('apps-status');
    expect(table.textContent).toContain(
      'ledger-svc1.2.31m 30syes1.5 ms025.0 MB · 1796400000000-withdrawals',
    );
    expect(table.textContent).toContain('payout-svc—');
    expect(screen.getByText('2.0 GB')).toBeTruthy();

    expect(await screen.findByTestId('access-ttl')).toHaveProperty('value', '900');
    fireEvent.change(screen.getByTestId('access-ttl'), { target: { value: '1200' } });
    fireEvent.click(screen.getAllByRole('button', { name: 'Save' })[0]);
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Invalid setting/);
    expect(api.calls.find((c) => c.method === 'PATCH')!.body).toEqual({
      access_token_ttl_s: 1200,
      refresh_token_ttl_s: 2592000,
      two_factor_max_renewals_without_code: 3,
    });

    expect(screen.getByTestId('cron-ledger_reconciliation')).toHaveProperty('value', '10m');
    fireEvent.change(screen.getByTestId('cron-session_timeout_sweep'), {
      target: { value: '30s' },
    });
    fireEvent.change(screen.getByTestId('cron-ledger_reconciliation'), { target: { value: '' } });
    fireEvent.click(screen.getAllByRole('button', { name: 'Save' })[1]);
    await waitFor(() =>
      expect(api.calls.find((c) => c.path === '/api/admin/settings/cron')?.body).toEqual({
        jobs: {
          subscription_expiry_sweep: null,
          session_timeout_sweep: '30s',
          ledger_reconciliation: null,
          filter_audit_cleanup: null,
        },
      }),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Start a backup' }));
    await waitFor(() =>
      expect(screen.getByTestId('backup-job').textContent).toBe('ts-20261204.dump: done · 1.0 MB'),
    );
    expect(polls).toBe(2);
  });
});

describe('admin Logs & Monitoring', () => {
  it('lists the security log, pages older entries by cursor, switches to errors, shows the live monitor', async () => {
    const entry = (id: string, action: string) => ({
      id,
      at: '2026-12-04T10:00:00Z',
      action,
      level: 'info',
      actor_id: 1,
      target_id: 42,
      ip: '10.0.0.1',
      details: {},
    });
    api.on('GET /api/admin/logs/auth', (req: Request) =>
      new URL(req.url).searchParams.get('cursor') === 'c2'
        ? { status: 'success', items: [entry('b', 'auth.logout')], next_cursor: null }
        : { status: 'success', items: [entry('a', 'auth.login')], next_cursor: 'c2' },
    );
    api.on('GET /api/admin/logs/errors', {
      status: 'success',
      items: [
        {
          id: '1-0',
          at: '2026-12-04T10:00:00Z',
          app: 'gateway',
          kind: 'http_5xx',
          level: 'error',
          request_id: 'req-1',
          route: 'GET /api/x',
          status: 500,
          code: 'internal',
          error: 'TypeError',
          user_id: 0,
          ip: '',
        },
      ],
      next_cursor: null,
    });
    wrap(<AdminLogsPage />);
    expect((await screen.findByTestId('log-table')).textContent).toContain('auth.login');
    fireEvent.click(screen.getByRole('button', { name: 'Older' }));
    await waitFor(() =>
      expect(screen.getByTestId('log-table').textContent).toContain('auth.logout'),
    );
    expect(api.calls.at(-1)!.path).toBe('/api/admin/logs/auth?limit=50&cursor=c2');

    fireEvent.click(screen.getByRole('button', { name: 'Errors' }));
    await waitFor(() =>
      expect(screen.getByTestId('log-table').textContent).toContain('gateway · GET /api/x · 500'),
    );

    await waitFor(() => expect(FakeSocket.last?.url).toMatch(/\/ws\/admin\/monitor$/));
    expect(FakeSocket.last!.protocols).toEqual(['bearer', 'tok']);
    await screen.findByText('● Connected');
    act(() =>
      FakeSocket.last!.emit({
        type: 'monitor',
        at: '2026-12-04T10:00:02Z',
        data: {
          tick_ms: 2000,
          filter: { allowed: 10, denied: 2, allowed_per_s: 5, denied_per_s: 1 },
          active_sessions: 12,
          reports_per_s: 3.5,
          credited_usd_per_min: 0.25,
          pending_withdrawals: 4,
          errors_per_s: 0,
          degraded: [],
        },
      }),
    );
    const monitor = screen.getByTestId('monitor').textContent;
    expect(monitor).toContain('Active sessions12');
    expect(monitor).toContain('START allowed/s5.0');
    expect(monitor).toContain('Pending withdrawals4');
  });
});
