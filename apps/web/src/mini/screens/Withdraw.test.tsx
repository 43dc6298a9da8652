import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';

import { setAccessToken } from '../../api/client';
import { I18nProvider } from '../../i18n/i18n';
import { errorResponse, fakeApi, jsonResponse, type FakeApi } from '../../test/fake-api';
import { WithdrawScreen, type Withdrawal } from './Withdraw';

const ADDRESS = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';

function withdrawal(over: Partial<Withdrawal>): Withdrawal {
  return {
    id: 'w-1',
    status: 'processing',
    amount_usd: 3,
    fee_usd: 0.3,
    amount_usdt: 2.7,
    net_usdt: 2.43,
    wallet_address: ADDRESS,
    network: 'BEP20',
    tx_hash: null,
    tx_url: null,
    failure_reason: null,
    created_at: '2026-12-04T10:00:00Z',
    updated_at: '2026-12-04T10:00:00Z',
    processed_at: null,
    ...over,
  };
}

let api: FakeApi;
let twoFactor = false;
beforeEach(() => {
  twoFactor = false;
  setAccessToken('tok');
  api = fakeApi();
  api.on('GET /api/user/balance', {
    status: 'success',
    balance: { usd: 10, usdt_equivalent: 9, used_mb: 0, last_refreshed: '' },
  });
  api.on('GET /api/user/profile', () => ({ status: 'success', two_factor_enabled: twoFactor }));
  api.on('GET /api/withdraws', { status: 'success', withdraws: [], total: 0, limit: 5, offset: 0 });
});

function renderScreen() {
  return render(
    <I18nProvider language="en">
      <WithdrawScreen pollMs={10} />
    </I18nProvider>,
  );
}

async function fillAndContinue(amount: string, address = ADDRESS) {
  fireEvent.change(await screen.findByLabelText('Amount (USD)'), { target: { value: amount } });
  fireEvent.change(screen.getByLabelText('Wallet address (BEP20)'), {
    target: { value: address },
  });
  fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
}

const posts = () => api.calls.filter((c) => c.method === 'POST' && c.path === '/api/withdraw');

describe('the Withdraw screen', () => {
  it('checks the EIP-55 checksum as the address is typed', async () => {
    renderScreen();
    const input = await screen.findByLabelText('Wallet address (BEP20)');
    fireEvent.change(input, { target: { value: ADDRESS.slice(0, 12) } });
    expect(screen.getByTestId('address-state').textContent).toBe('10 of 40 characters');
    fireEvent.change(input, { target: { value: ADDRESS } });
    expect(screen.getByTestId('address-state').textContent).toBe('✓ Checksum correct');
    fireEvent.change(input, { target: { value: ADDRESS.replace('aAeb', 'aaeb') } });
    expect(screen.getByTestId('address-state').textContent).toBe(
      'Checksum mismatch: a character is wrong',
    );
    expect(input.getAttribute('aria-invalid')).toBe('true');
    // A wrong checksum cannot go on to the confirmation.
    fireEvent.change(screen.getByLabelText('Amount (USD)'), { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The wallet address is not valid');
    expect(screen.queryByText('Confirm the withdrawal')).toBeNull();
  });

  it('confirms, sends one Idempotency-Key, tracks the status to completed with the BscScan link', async () => {
    let polls = 0;
    api.on('POST /api/withdraw', () =>
      jsonResponse(202, {
        status: 'pending',
        withdraw_id: 'w-1',
        amount_usd: 3,
        amount_usdt: 2.7,
        fee_usd: 0.3,
        net_usdt: 2.43,
        message: 'accepted',
      }),
    );
    api.on('GET /api/withdraws/w-1', () => {
      polls += 1;
      return {
        status: 'success',
        withdraw:
          polls < 3
            ? withdrawal({ status: 'processing' })
            : withdrawal({
                status: 'completed',
                tx_hash: `0x${'ab'.repeat(32)}`,
                tx_url: `https://bscscan.com/tx/0x${'ab'.repeat(32)}`,
              }),
      };
    });
    renderScreen();
    await fillAndContinue('3');
    expect(await screen.findByText('Confirm the withdrawal')).toBeTruthy();
    expect(screen.getByTestId('confirm-amount').textContent).toBe('$3.00');
    expect(screen.getByTestId('confirm-address').textContent).toBe(ADDRESS);
    expect(screen.getByText('About 2.70 USDT before the fee')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Confirm and send' }));
    await screen.findByText('Request accepted');
    expect(screen.getByTestId('fee').textContent).toBe('$0.30');
    expect(screen.getByTestId('net').textContent).toBe('2.43 USDT');
    const link = await screen.findByTestId('bscscan');
    expect(link.getAttribute('href')).toBe(`https://bscscan.com/tx/0x${'ab'.repeat(32)}`);
    expect(screen.getByTestId('withdraw-status').textContent).toContain('Completed');
    expect(polls).toBe(3);
    expect(posts()).toHaveLength(1);
    expect(posts()[0].body).toEqual({ amount_usd: '3', wallet_address: ADDRESS, network: 'BEP20' });
    expect(posts()[0].headers['idempotency-key']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('retries with the same key after no answer; a definite refusal starts a new key', async () => {
    let answer: () => Response = () => {
      throw new TypeError('Failed to fetch');
    };
    api.on('POST /api/withdraw', () => answer());
    renderScreen();
    await fillAndContinue('3');
    const confirm = await screen.findByRole('button', { name: 'Confirm and send' });
    fireEvent.click(confirm);
    expect((await screen.findByRole('alert')).textContent).toBe('No connection to the server');
    answer = () => errorResponse(503, 'ledger_unavailable');
    fireEvent.click(confirm);
    await waitFor(() => expect(posts()).toHaveLength(2));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Balances are temporarily unavailable; try again soon',
    );
    expect(posts()[1].headers['idempotency-key']).toBe(posts()[0].headers['idempotency-key']);
    answer = () => errorResponse(400, 'below_minimum');
    fireEvent.click(confirm);
    await screen.findByText('The amount is below the minimum withdrawal');
    answer = () => errorResponse(429, 'rate_limit', { retry_after_s: 42 });
    fireEvent.click(confirm);
    await screen.findByText('Too many withdrawals; try again in 42 s');
    expect(posts()[3].headers['idempotency-key']).not.toBe(posts()[2].headers['idempotency-key']);
    expect(posts()[2].headers['idempotency-key']).toBe(posts()[0].headers['idempotency-key']);
  });

  it('asks for the 2FA code when 2FA is on and says the API codes in words', async () => {
    twoFactor = true;
    api.on('POST /api/withdraw', () => errorResponse(403, 'invalid_two_factor_code'));
    renderScreen();
    await waitFor(() => expect(api.calls.some((c) => c.path === '/api/user/profile')).toBe(true));
    await fillAndContinue('2.5');
    const confirm = await screen.findByRole('button', { name: 'Confirm and send' });
    expect(confirm).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByLabelText('2FA code'), { target: { value: '12a3456' } });
    expect(screen.getByLabelText('2FA code')).toHaveProperty('value', '123456');
    fireEvent.click(confirm);
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong 2FA code');
    expect(posts()[0].body).toMatchObject({ amount_usd: '2.5', two_factor_code: '123456' });
  });

  it('lists the last 5 withdrawals with status and explorer link', async () => {
    api.on('GET /api/withdraws', {
      status: 'success',
      withdraws: [
        withdrawal({
          id: 'a',
          status: 'completed',
          tx_hash: '0x1',
          tx_url: 'https://bscscan.com/tx/0x1',
        }),
        withdrawal({ id: 'b', status: 'failed', failure_reason: 'provider' }),
      ],
      total: 2,
      limit: 5,
      offset: 0,
    });
    renderScreen();
    const list = await screen.findByTestId('recent-withdrawals');
    expect(list.querySelectorAll('li')).toHaveLength(2);
    expect(list.textContent).toContain('Completed');
    expect(list.textContent).toContain('Failed');
    expect(api.calls.find((c) => c.path.startsWith('/api/withdraws'))!.path).toBe(
      '/api/withdraws?limit=5',
    );
  });
});
