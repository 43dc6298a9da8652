import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';

import { setAccessToken } from '../../api/client';
import { I18nProvider } from '../../i18n/i18n';
import { errorResponse, fakeApi, type FakeApi } from '../../test/fake-api';
import { toChecksumAddress } from '../../wallet/address';
import { BlacklistPage } from './Blacklist';

let api: FakeApi;
beforeEach(() => {
  setAccessToken('tok');
  api = fakeApi();
});

const wrap = (node: React.ReactNode) => render(<I18nProvider language="en">{node}</I18nProvider>);

const OLD = '0x' + 'ab'.repeat(20);
const NEW = toChecksumAddress('0x' + '5c'.repeat(10) + 'e7'.repeat(10));

describe('withdrawal blacklist', () => {
  it('lists, adds an address (checksum checked, note required) and removes one with a note', async () => {
    const entries = [
      { address: OLD, reason: 'scam reports', added_by: 1, created_at: '2026-12-01T10:00:00Z' },
    ];
    api.on('GET /api/admin/withdraws/blacklist', () => ({
      status: 'success',
      entries: [...entries],
      total: entries.length,
      limit: 50,
      offset: 0,
    }));
    api.on('POST /api/admin/withdraws/blacklist', async (req: Request) => {
      const body = (await req.json()) as { address: string; note: string };
      const entry = {
        address: body.address.toLowerCase(),
        reason: body.note,
        added_by: 7,
        created_at: '2026-12-05T10:00:00Z',
      };
      entries.unshift(entry);
      return { status: 'success', entry, created: true };
    });
    api.on(`DELETE /api/admin/withdraws/blacklist/${OLD}`, () => {
      entries.splice(
        entries.findIndex((e) => e.address === OLD),
        1,
      );
      return { status: 'success', removed: true };
    });
    wrap(<BlacklistPage />);
    const table = await screen.findByTestId('bl-table');
    expect(table.textContent).toContain(OLD);
    expect(table.textContent).toContain('scam reports');
    expect(screen.getByTestId('bl-total').textContent).toBe('1–1 of 1');

    // A mistyped checksum is caught as it is typed: nothing can be sent.
    const add = screen.getByTestId('bl-add');
    const wrong = NEW.slice(0, 2) + NEW.slice(2).replace(/[a-f]/, (c) => c.toUpperCase());
    fireEvent.change(screen.getByTestId('bl-address'), { target: { value: wrong } });
    fireEvent.change(screen.getByTestId('bl-note'), { target: { value: 'fraud' } });
    expect(screen.getByTestId('bl-address-state').getAttribute('data-kind')).toBe('bad_checksum');
    expect(add).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByTestId('bl-address'), { target: { value: NEW } });
    expect(screen.getByTestId('bl-address-state').getAttribute('data-kind')).toBe('ok');
    // The note is mandatory.
    fireEvent.change(screen.getByTestId('bl-note'), { target: { value: '  ' } });
    expect(add).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByTestId('bl-note'), { target: { value: 'fraud ring' } });
    fireEvent.click(add);
    expect(await screen.findByText(`${NEW.toLowerCase()} is blacklisted`)).toBeTruthy();
    expect(api.calls.find((c) => c.method === 'POST')!.body).toEqual({
      address: NEW,
      note: 'fraud ring',
    });
    await waitFor(() => expect(screen.getByTestId('bl-total').textContent).toBe('1–2 of 2'));

    // Removing asks for a note too.
    fireEvent.click(screen.getByRole('button', { name: `Remove ${OLD}` }));
    const form = screen.getByTestId('bl-remove-form');
    const confirm = within(form).getByTestId('bl-remove-confirm');
    expect(confirm).toHaveProperty('disabled', true);
    fireEvent.change(within(form).getByTestId('bl-remove-note'), {
      target: { value: 'owner verified' },
    });
    fireEvent.click(confirm);
    expect(await screen.findByText(`${OLD} is off the blacklist`)).toBeTruthy();
    const del = api.calls.find((c) => c.method === 'DELETE')!;
    expect(del.path).toBe(`/api/admin/withdraws/blacklist/${OLD}`);
    expect(del.body).toEqual({ note: 'owner verified' });
    expect(del.auth).toBe('Bearer tok');
    await waitFor(() => expect(screen.getByTestId('bl-table').textContent).not.toContain(OLD));
  });

  it('says the API’s refusals in words', async () => {
    api.on('GET /api/admin/withdraws/blacklist', {
      status: 'success',
      entries: [{ address: OLD, reason: 'x', added_by: null, created_at: '2026-12-01T10:00:00Z' }],
      total: 1,
      limit: 50,
      offset: 0,
    });
    api.on(`DELETE /api/admin/withdraws/blacklist/${OLD}`, () =>
      errorResponse(404, 'address_not_blacklisted'),
    );
    wrap(<BlacklistPage />);
    fireEvent.click(await screen.findByRole('button', { name: `Remove ${OLD}` }));
    fireEvent.change(screen.getByTestId('bl-remove-note'), { target: { value: 'gone' } });
    fireEvent.click(screen.getByTestId('bl-remove-confirm'));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This address is not on the blacklist',
    );
  });

  it('pages through a long list', async () => {
    api.on('GET /api/admin/withdraws/blacklist', (req: Request) => {
      const offset = Number(new URL(req.url).searchParams.get('offset'));
      const n = offset === 0 ? 50 : 3;
      return {
        status: 'success',
        entries: Array.from({ length: n }, (_, k) => ({
          address: `0x${(offset + k).toString(16).padStart(40, '0')}`,
          reason: 'r',
          added_by: 1,
          created_at: '2026-12-01T10:00:00Z',
        })),
        total: 53,
        limit: 50,
        offset,
      };
    });
    wrap(<BlacklistPage />);
    expect((await screen.findByTestId('bl-total')).textContent).toBe('1–50 of 53');
    expect(screen.getByRole('button', { name: 'Previous' })).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(screen.getByTestId('bl-total').textContent).toBe('51–53 of 53'));
    expect(screen.getByRole('button', { name: 'Next' })).toHaveProperty('disabled', true);
    expect(api.calls.at(-1)!.path).toBe('/api/admin/withdraws/blacklist?limit=50&offset=50');
  });
});
