import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { setAccessToken } from '../../api/client';
import { I18nProvider } from '../../i18n/i18n';
import { errorResponse, fakeApi, type FakeApi } from '../../test/fake-api';
import { AdminReferralsPage, AdminSummary, ReportsPage } from './Insights';

let api: FakeApi;
beforeEach(() => {
  setAccessToken('tok');
  api = fakeApi();
});

const wrap = (node: React.ReactNode) => render(<I18nProvider language="en">{node}</I18nProvider>);

describe('admin overview, reports and referrals', () => {
  it('shows the summary cards and one chart per series', async () => {
    api.on('GET /api/admin/dashboard/summary', {
      status: 'success',
      users: { total: 1200, banned: 3, new_today: 14, active_api_keys: 2, sold_mb_total: 5000 },
      balances: { total_available_usd: 321.5, total_held_usd: 12, pending_withdraw_holds: 1 },
      sessions: null,
      today: { credited_usd: 40, credited_mb: 2048, bonus_usd: 1, withdrawn_usd: 3 },
      payouts: { today_count: 2, today_usd: 7, pending_withdrawals: 4 },
      pending_filter_reviews: 5,
      degraded: ['telemetry'],
      generated_at: '2026-12-04T10:00:00Z',
    });
    api.on('GET /api/admin/dashboard/charts', {
      status: 'success',
      days: 7,
      new_users: [
        { date: '2026-12-03', value: 4 },
        { date: '2026-12-04', value: 6 },
      ],
      daily_active_users: null,
      mb: [{ date: '2026-12-04', value: 100 }],
      credited_usd: [{ date: '2026-12-04', value: 2 }],
      payouts_usd: [{ date: '2026-12-04', value: 1 }],
      degraded: [],
    });
    wrap(<AdminSummary />);
    const summary = await screen.findByTestId('summary');
    expect(summary.textContent).toContain('1,200');
    expect(summary.textContent).toContain('14 new today · 3 banned');
    expect(summary.textContent).toContain('$321.50');
    expect(summary.textContent).toContain('2 paid · 4 waiting');
    expect(screen.getByText('Some data is temporarily unavailable: telemetry')).toBeTruthy();
    const charts = await screen.findByTestId('charts');
    // daily_active_users is null (its source is down): four charts, not five.
    expect(charts.querySelectorAll('svg')).toHaveLength(4);
    fireEvent.change(screen.getByTestId('chart-days'), { target: { value: '7' } });
    await waitFor(() => expect(api.calls.at(-1)!.path).toBe('/api/admin/dashboard/charts?days=7'));
  });

  it('exports the transactions CSV with the token in a header, `to` exclusive', async () => {
    api.on(
      'GET /api/admin/reports/export',
      () => new Response('id,amount\n', { status: 200, headers: { 'content-type': 'text/csv' } }),
    );
    const created = vi.fn(() => 'blob:x');
    vi.stubGlobal(
      'URL',
      Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() }),
    );
    const click = vi
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => undefined);
    wrap(<ReportsPage />);
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-11-30' } });
    fireEvent.click(screen.getByTestId('report-csv'));
    expect(await screen.findByText('Saved transactions-2026-11-01-2026-12-01.csv')).toBeTruthy();
    const call = api.calls.find((c) => c.path.startsWith('/api/admin/reports/export'))!;
    const query = new URLSearchParams(call.path.split('?')[1]);
    expect(Object.fromEntries(query)).toEqual({
      type: 'csv',
      report: 'transactions',
      from: '2026-11-01T00:00:00Z',
      to: '2026-12-01T00:00:00Z',
    });
    expect(call.auth).toBe('Bearer tok');
    expect(click).toHaveBeenCalledTimes(1);
  });

  it('offers every report as CSV, XLSX and PDF for the chosen period', async () => {
    const types: string[] = [];
    api.on('GET /api/admin/reports/export', (req: Request) => {
      const q = new URL(req.url).searchParams;
      types.push(`${q.get('report')}.${q.get('type')}`);
      return new Response('PK\u0003\u0004', {
        status: 200,
        headers: {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
      });
    });
    vi.stubGlobal(
      'URL',
      Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() }),
    );
    const names: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      names.push(this.download);
    });
    wrap(<ReportsPage />);
    const kinds = [...screen.getByTestId<HTMLSelectElement>('report-kind').options].map(
      (o) => o.value,
    );
    expect(kinds).toEqual(['transactions', 'users', 'sessions', 'withdraws', 'daily']);
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-11-07' } });
    fireEvent.change(screen.getByTestId('report-kind'), { target: { value: 'users' } });
    fireEvent.click(screen.getByTestId('report-xlsx'));
    expect(await screen.findByText('Saved users-2026-11-01-2026-11-08.xlsx')).toBeTruthy();
    fireEvent.change(screen.getByTestId('report-kind'), { target: { value: 'daily' } });
    fireEvent.click(screen.getByTestId('report-pdf'));
    expect(await screen.findByText('Saved daily-2026-11-01-2026-11-08.pdf')).toBeTruthy();
    fireEvent.change(screen.getByTestId('report-kind'), { target: { value: 'withdraws' } });
    fireEvent.click(screen.getByTestId('report-csv'));
    expect(await screen.findByText('Saved withdraws-2026-11-01-2026-11-08.csv')).toBeTruthy();
    expect(types).toEqual(['users.xlsx', 'daily.pdf', 'withdraws.csv']);
    expect(names).toEqual([
      'users-2026-11-01-2026-11-08.xlsx',
      'daily-2026-11-01-2026-11-08.pdf',
      'withdraws-2026-11-01-2026-11-08.csv',
    ]);
    expect(api.calls.every((c) => c.auth === 'Bearer tok')).toBe(true);
  });

  it('says export_too_large and daily_window_exceeded in words, with their numbers', async () => {
    api.on('GET /api/admin/reports/export', (req: Request) =>
      new URL(req.url).searchParams.get('report') === 'daily'
        ? errorResponse(400, 'daily_window_exceeded', { max_days: 90 })
        : errorResponse(400, 'export_too_large', { limit: 5 }),
    );
    const click = vi
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => undefined);
    wrap(<ReportsPage />);
    fireEvent.click(screen.getByTestId('report-xlsx'));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Too many rows for this format (at most 5): choose a shorter period or CSV',
    );
    fireEvent.change(screen.getByTestId('report-kind'), { target: { value: 'daily' } });
    fireEvent.click(screen.getByTestId('report-pdf'));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'Daily totals cover the last 90 days only; choose a later start',
      ),
    );
    expect(click).not.toHaveBeenCalled();
    expect(screen.queryByText(/^Saved/)).toBeNull();
  });

  it('looks up a user’s referrals and voids one with a note', async () => {
    api.on('GET /api/admin/referrals/500', {
      status: 'success',
      telegram_id: 500,
      code: 'ZZ99',
      referred_by: null,
      referred_status: null,
      counts: [{ tier: 1, counted: 1, not_counted: 0 }],
      total: 1,
      earnings: { total_usd: 0.2, tiers: [{ tier: 1, earned_usd: 0.2, income_usd: 2 }] },
      referrals: [
        {
          telegram_id: 501,
          referrer_id: 500,
          name_masked: 'Ka***',
          tier: 1,
          status: 'counted',
          reason: null,
          via: 'bot',
          joined_at: '2026-11-01T00:00:00Z',
          earned_usd: 0.2,
        },
      ],
      flags: [],
    });
    api.on('POST /api/admin/referrals/501/void', (req: Request) =>
      req
        .clone()
        .json()
        .then(() => ({ status: 'success', voided: true, referral: {} })),
    );
    wrap(<AdminReferralsPage />);
    fireEvent.change(screen.getByTestId('ref-user'), { target: { value: '500' } });
    fireEvent.click(screen.getByRole('button', { name: 'Open' }));
    expect((await screen.findByTestId('admin-ref-table')).textContent).toContain('Ka***');
    expect(screen.getByText('Joined without an invitation')).toBeTruthy();
    const voidButton = screen.getByRole('button', { name: 'Void' });
    expect(voidButton).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByLabelText('Note (required)'), {
      target: { value: 'same person' },
    });
    fireEvent.click(voidButton);
    expect(await screen.findByText('Referral voided')).toBeTruthy();
    expect(api.calls.find((c) => c.method === 'POST')!.body).toEqual({
      note: 'same person',
      claw_back: false,
    });
  });
});
