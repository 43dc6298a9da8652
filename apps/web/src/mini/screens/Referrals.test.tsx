import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { setAccessToken } from '../../api/client';
import { I18nProvider } from '../../i18n/i18n';
import { fakeApi, type FakeApi } from '../../test/fake-api';
import { dailyTotals, ReferralsScreen } from './Referrals';

let api: FakeApi;
beforeEach(() => {
  setAccessToken('tok');
  api = fakeApi();
  api.on('GET /api/referrals', {
    status: 'success',
    code: 'AB12CD',
    links: {
      bot: 'https://t.me/ts_bot?start=ref_AB12CD',
      mini_app: 'https://t.me/ts_bot/app?startapp=ref_AB12CD',
      web: 'https://ts.example/r/AB12CD',
    },
    rates: [
      { tier: 1, percent: 10 },
      { tier: 2, percent: 2.5 },
    ],
    bonus: { usd: 0.5, after_mb: 1024 },
    counts: [
      { tier: 1, counted: 3, not_counted: 1 },
      { tier: 2, counted: 1, not_counted: 0 },
    ],
    total: 2,
    earnings: {
      total_usd: 1.25,
      tiers: [
        { tier: 1, earned_usd: 1.1, income_usd: 11 },
        { tier: 2, earned_usd: 0.15, income_usd: 6 },
      ],
    },
    referrals: [
      {
        id_masked: '•••2114',
        name_masked: 'Al***',
        tier: 1,
        status: 'counted',
        reason: null,
        via: 'bot',
        joined_at: '2026-11-01T10:00:00Z',
        earned_usd: 1.1,
        shared_mb: 900,
        bonus_paid: true,
      },
      {
        id_masked: '•••0007',
        name_masked: 'Bo***',
        tier: 1,
        status: 'not_counted',
        reason: 'same_device',
        via: 'mini_app',
        joined_at: '2026-11-02T10:00:00Z',
        earned_usd: null,
        shared_mb: null,
        bonus_paid: false,
      },
    ],
    limit: 100,
    offset: 0,
  });
  api.on('GET /api/referrals/earnings', {
    status: 'success',
    from: '2026-11-05',
    to: '2026-12-04',
    total_usd: 0.3,
    days: [
      { date: '2026-12-02', tier: 1, earned_usd: 0.1, income_usd: 1 },
      { date: '2026-12-02', tier: 2, earned_usd: 0.05, income_usd: 2 },
      { date: '2026-12-01', tier: 1, earned_usd: 0.15, income_usd: 1.5 },
    ],
  });
});

describe('the Referrals screen', () => {
  it('shows the code and links with copy buttons, per-level figures and masked referrals with reasons', async () => {
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    render(
      <I18nProvider language="en">
        <ReferralsScreen />
      </I18nProvider>,
    );
    expect((await screen.findByTestId('ref-code')).textContent).toBe('AB12CD');
    fireEvent.click(screen.getByRole('button', { name: 'Copy: Mini App' }));
    await waitFor(() =>
      expect(writeText).toHaveBeenCalledWith('https://t.me/ts_bot/app?startapp=ref_AB12CD'),
    );
    expect(await screen.findByText('Copied')).toBeTruthy();
    const tiers = screen.getByTestId('ref-tiers').textContent;
    expect(tiers).toContain('Level 1 · 10% of their earnings');
    expect(tiers).toContain('Level 2 · 2.5% of their earnings');
    expect(tiers).toContain('Counted: 3 · Not counted: 1');
    expect(screen.getByTestId('ref-total').textContent).toBe('$1.25');
    const table = screen.getByTestId('ref-table').textContent;
    expect(table).toContain('Al*** •••2114');
    expect(table).toContain('same device as another account');
    expect(await screen.findByText('Earned in total: $0.30')).toBeTruthy();
    const from = api.calls.find((c) => c.path.startsWith('/api/referrals/earnings'))!.path;
    expect(from).toMatch(/from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/);
  });

  it('sums the daily earnings over levels, oldest first', () => {
    expect(
      dailyTotals([
        { date: '2026-12-02', tier: 1, earned_usd: 0.1, income_usd: 0 },
        { date: '2026-12-01', tier: 1, earned_usd: 0.2, income_usd: 0 },
        { date: '2026-12-02', tier: 2, earned_usd: 0.05, income_usd: 0 },
      ]).map((p) => [p.label, Number(p.value.toFixed(2))]),
    ).toEqual([
      ['12-01', 0.2],
      ['12-02', 0.15],
    ]);
  });
});
