import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';

import { setAccessToken } from '../../api/client';
import { I18nProvider } from '../../i18n/i18n';
import { errorResponse, fakeApi, type FakeApi } from '../../test/fake-api';
import { allowedActions, AdminWithdrawsPage } from './Withdraws';

const row = (over: Record<string, unknown> = {}) => ({
  id: 'aaaaaaaa-0000-4000-8000-000000000001',
  status: 'pending_manual_review',
  amount_usd: 80,
  fee_usd: 0.5,
  amount_usdt: 72,
  net_usdt: 71.55,
  wallet_address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  network: 'BEP20',
  tx_hash: null,
  tx_url: null,
  failure_reason: null,
  created_at: '2026-12-04T10:00:00Z',
  updated_at: '2026-12-04T10:00:00Z',
  processed_at: null,
  telegram_id: 4242,
  provider: 'nowpayments',
  payout_id: null,
  risk_score: 70,
  risk_factors: ['new_address', 'large_amount'],
  attempts: 0,
  note: '',
  ...over,
});

let api: FakeApi;
let current: Record<string, unknown>;
beforeEach(() => {
  setAccessToken('tok');
  api = fakeApi();
  current = row();
  api.on('GET /api/admin/withdraws', () => ({
    status: 'success',
    withdraws: [current],
    total: 1,
    limit: 50,
    offset: 0,
  }));
  api.on(`GET /api/admin/withdraws/${row().id}`, () => ({
    status: 'success',
    withdraw: current,
    audit: [
      {
        kind: 'admin_action',
        endpoint: 'approve',
        status_code: 0,
        signature_valid: true,
        body: '',
        actor: 1,
        note: 'looked fine',
        created_at: '2026-12-04T10:05:00Z',
      },
    ],
    history: [current],
  }));
});

describe('the admin Withdraws page', () => {
  it('lists the review queue, shows risk factors, and approves only with a note', async () => {
    api.on(`POST /api/admin/withdraws/${row().id}/approve`, () => {
      current = row({ status: 'pending', note: 'ok by phone' });
      return { status: 'success', withdraw: current };
    });
    render(
      <I18nProvider language="en">
        <AdminWithdrawsPage />
      </I18nProvider>,
    );
    const table = await screen.findByTestId('wd-table');
    expect(table.textContent).toContain('new_address, large_amount');
    expect(api.calls[0].path).toBe('/api/admin/withdraws?limit=50&status=pending_manual_review');
    fireEvent.click(within(table).getByRole('button', { name: 'Details' }));
    expect((await screen.findByTestId('risk')).textContent).toBe('70 · new_address, large_amount');
    expect((await screen.findByTestId('audit')).textContent).toContain('looked fine');
    const approve = screen.getByRole('button', { name: 'Approve' });
    expect(approve).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Reject and refund' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    fireEvent.change(screen.getByTestId('action-note'), { target: { value: 'ok by phone' } });
    fireEvent.click(approve);
    expect(await screen.findByText('Done: Queued')).toBeTruthy();
    const post = api.calls.find((c) => c.method === 'POST')!;
    expect(post.body).toEqual({ note: 'ok by phone' });
  });

  it('says a refused action in words and filters by status', async () => {
    current = row({ status: 'failed', failure_reason: 'provider said no' });
    api.on(`POST /api/admin/withdraws/${row().id}/retry`, () =>
      errorResponse(409, 'withdraw_state_conflict'),
    );
    render(
      <I18nProvider language="en">
        <AdminWithdrawsPage />
      </I18nProvider>,
    );
    fireEvent.change(await screen.findByTestId('wd-status'), { target: { value: 'failed' } });
    await waitFor(() =>
      expect(api.calls.at(-1)!.path).toBe('/api/admin/withdraws?limit=50&status=failed'),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Details' }));
    expect(await screen.findByText('Reason: provider said no')).toBeTruthy();
    fireEvent.change(screen.getByTestId('action-note'), { target: { value: 'again' } });
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The withdrawal’s state no longer allows this',
    );
  });

  it('offers the actions each state allows', () => {
    expect(allowedActions('pending_manual_review')).toEqual([
      'approve',
      'reject',
      'mark_paid',
      'blacklist',
    ]);
    expect(allowedActions('failed')).toEqual(['retry', 'blacklist']);
    expect(allowedActions('completed')).toEqual(['blacklist']);
  });
});
