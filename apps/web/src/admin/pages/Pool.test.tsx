import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';

import { setAccessToken } from '../../api/client';
import { I18nProvider } from '../../i18n/i18n';
import { errorResponse, fakeApi, type FakeApi } from '../../test/fake-api';
import { AdminPoolPage } from './Pool';

let api: FakeApi;
beforeEach(() => {
  setAccessToken('tok');
  api = fakeApi();
});

describe('the admin Traffic Pool page', () => {
  it('shows the pool and its nodes, registers a node, runs the rotation check', async () => {
    api.on('GET /api/admin/traffic/pool', {
      status: 'success',
      nodes: [
        {
          id: 'relay-1',
          url: 'wss://relay-1.example',
          region: 'uz-tas',
          registered: true,
          status: 'up',
          last_heartbeat_at: '2026-12-04T10:00:00Z',
          streams_open: 7,
          setup_p50_ms: 40,
          setup_p99_ms: 180,
          devices: [
            {
              session_id: 's',
              telegram_id: 42,
              device_id: 'd',
              exit_ip: '84.54.1.2',
              country: 'UZ',
              streams: 7,
              mb_per_s: 1.5,
              connected_at: '2026-12-04T09:00:00Z',
            },
          ],
          added_at: null,
        },
        {
          id: 'relay-2',
          url: 'wss://relay-2.example',
          region: 'uz-sam',
          registered: true,
          status: 'never',
          last_heartbeat_at: null,
          streams_open: 0,
          setup_p50_ms: 0,
          setup_p99_ms: 0,
          devices: [],
          added_at: null,
        },
      ],
      devices_sharing: 1,
      distinct_ips: 1,
      countries: [{ country: 'UZ', devices: 1 }],
      pool_size: 100,
      free_slots: 99,
      streams_open: 7,
      mb_per_s: 1.5,
    });
    api.on('POST /api/admin/traffic/pool/add', () => errorResponse(400, 'validation_failed'));
    api.on('GET /api/admin/traffic/pool/check', {
      status: 'success',
      minutes: 60,
      from: '',
      to: '',
      keys: [{ key_id: 'k1', connections: 30, distinct_exit_ips: 12, mb: 50, exit_ips: [] }],
    });
    render(
      <I18nProvider language="en">
        <AdminPoolPage />
      </I18nProvider>,
    );
    const summary = await screen.findByTestId('pool-summary');
    expect(summary.textContent).toContain('99 of 100 slots free');
    const nodes = screen.getByTestId('pool-nodes').textContent;
    expect(nodes).toContain('relay-1');
    expect(nodes).toContain('42 UZ 84.54.1.2');
    expect(nodes).toContain('Never heard from');
    expect(nodes).toContain('40 / 180 ms');

    fireEvent.change(screen.getByTestId('node-id'), { target: { value: 'relay-3' } });
    fireEvent.change(screen.getByTestId('node-url'), { target: { value: 'ftp://x' } });
    fireEvent.change(screen.getByTestId('node-region'), { target: { value: 'UZ-TAS' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    await screen.findByRole('alert');
    expect(api.calls.find((c) => c.method === 'POST')!.body).toEqual({
      node_id: 'relay-3',
      url: 'ftp://x',
      region: 'uz-tas',
    });

    fireEvent.click(screen.getByTestId('pool-check'));
    await waitFor(() =>
      expect(screen.getByTestId('rotation').textContent).toContain(
        'Connections: 30 · Distinct exit IPs: 12',
      ),
    );
    expect(api.calls.at(-1)!.path).toBe('/api/admin/traffic/pool/check?minutes=60');
  });
});
