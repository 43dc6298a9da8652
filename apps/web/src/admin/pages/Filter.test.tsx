import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';

import { setAccessToken } from '../../api/client';
import { I18nProvider } from '../../i18n/i18n';
import { errorResponse, fakeApi, type FakeApi } from '../../test/fake-api';
import { FilterPage } from './Filter';

let api: FakeApi;
beforeEach(() => {
  setAccessToken('tok');
  api = fakeApi();
});

const wrap = (node: React.ReactNode) => render(<I18nProvider language="en">{node}</I18nProvider>);

const policy = (version: number) => ({
  version,
  allowed_regions: ['UZ', 'EU'],
  vpn_score_block_threshold: 80,
  vpn_score_warn_threshold: 50,
  block_if_proxy: true,
  block_datacenter: false,
  allowed_network_types: ['mobile', 'wifi'],
  admin_whitelist_asns: [15169],
  allowlisted_ips: ['10.0.0.0/8'],
  failure_action: 'pending_admin',
  max_start_attempts_before_lock: 5,
  max_devices_per_ip: 3,
  cache_ttl_ip: 3600,
  admin_bypass: true,
  updated_by: 1,
  updated_at: '2026-12-01T10:00:00Z',
  note: 'initial',
});

const review = (status: string) => ({
  ticket_id: 'T1',
  status,
  telegram_id: 42,
  device_id: 'd1',
  session_id: 'S-1',
  decision_id: 'D1',
  client_ip: '203.0.113.5',
  country: 'UZ',
  asn: 64500,
  isp: 'Example ISP',
  vpn_score: 61,
  reasons: ['vpn_warn'],
  network_type_client: 'mobile',
  network_type_asn: 'wifi',
  created_at: '2026-12-04T10:00:00Z',
  resolved_by: status === 'pending' ? null : 1,
  resolved_at: null,
  note: '',
});

function common(opts: { version?: number } = {}) {
  let decided = false;
  api.on('GET /api/admin/filter/reviews', () => ({
    status: 'success',
    reviews: [review(decided ? 'approved' : 'pending')],
    total: 1,
    limit: 50,
    offset: 0,
  }));
  api.on('POST /api/admin/filter/override/T1', () => {
    decided = true;
    return { status: 'success', review: review('approved') };
  });
  api.on('GET /api/admin/filter/policy', { status: 'success', policy: policy(opts.version ?? 4) });
  api.on('GET /api/admin/filter/whitelist', {
    status: 'success',
    asns: [15169],
    ips: ['10.0.0.0/8'],
    policy_version: opts.version ?? 4,
  });
  api.on('GET /api/admin/filter/audit/S-1', {
    status: 'success',
    session_id: 'S-1',
    entries: [
      {
        id: 'A1',
        session_id: 'S-1',
        telegram_id: 42,
        device_id: 'd1',
        user_role: 'user',
        client_ip: '203.0.113.5',
        asn: 64500,
        country: 'UZ',
        region: null,
        isp: 'Example ISP',
        is_proxy: false,
        vpn_score: 61,
        network_type_client: 'mobile',
        network_type_asn: 'wifi',
        check_sequence: [
          { name: 'geoip', outcome: 'pass', detail: 'UZ allowed' },
          { name: 'reputation', outcome: 'warn', detail: 'score 61' },
        ],
        provider_responses: { ipinfo: { country: 'UZ' } },
        final_decision: 'pending_admin',
        reasons: ['vpn_warn'],
        dry_run: false,
        ticket_id: 'T1',
        admin_override_by: null,
        requested_by: null,
        policy_version: 4,
        cache_hit: false,
        created_at: '2026-12-04T10:00:00Z',
      },
    ],
  });
}

describe('START filter page', () => {
  it('approves a pending ticket with the admin’s note and opens the session’s audit', async () => {
    common();
    wrap(<FilterPage />);
    const table = await screen.findByTestId('review-table');
    expect(table.textContent).toContain('203.0.113.5');
    expect(table.textContent).toContain('UZ · AS64500 · Example ISP');
    fireEvent.change(screen.getByTestId('review-note'), { target: { value: 'known user' } });
    fireEvent.click(within(table).getByRole('button', { name: 'Approve' }));
    expect(await screen.findByText('Ticket Approved')).toBeTruthy();
    expect(api.calls.find((c) => c.method === 'POST')!.body).toEqual({
      action: 'approve',
      note: 'known user',
    });
    await waitFor(() =>
      expect(
        within(screen.getByTestId('review-table')).queryByRole('button', { name: 'Approve' }),
      ).toBeNull(),
    );

    fireEvent.click(
      within(screen.getByTestId('review-table')).getByRole('button', { name: 'Audit' }),
    );
    const entries = await screen.findByTestId('audit-entries');
    expect(entries.textContent).toContain('pending_admin');
    expect(entries.textContent).toContain('geoip: pass · UZ allowed');
    expect(entries.textContent).toContain('reputation: warn · score 61');
    expect(screen.getByTestId<HTMLInputElement>('audit-session').value).toBe('S-1');
  });

  it('saves the policy at the version shown; a concurrent change is said in words', async () => {
    common();
    let conflict = false;
    api.on('PATCH /api/admin/filter/policy', async (req: Request) => {
      if (conflict) return errorResponse(409, 'policy_version_conflict');
      const body = (await req.json()) as Record<string, unknown>;
      return {
        status: 'success',
        policy: { ...policy(5), vpn_score_block_threshold: body.vpn_score_block_threshold },
      };
    });
    wrap(<FilterPage />);
    const form = await screen.findByTestId('policy-form');
    expect(screen.getByTestId<HTMLInputElement>('policy-regions').value).toBe('UZ, EU');
    fireEvent.change(screen.getByTestId('policy-regions'), { target: { value: 'uz kz, EU' } });
    fireEvent.change(screen.getByTestId('policy-block'), { target: { value: '70' } });
    fireEvent.click(within(form).getByLabelText('Block data centres'));
    fireEvent.click(within(form).getByLabelText('Wi-Fi'));
    fireEvent.change(screen.getByTestId('policy-note'), { target: { value: 'tighter' } });
    fireEvent.click(screen.getByTestId('policy-save'));
    expect(await screen.findByText('Saved as version 5')).toBeTruthy();
    expect(api.calls.find((c) => c.method === 'PATCH')!.body).toEqual({
      expected_version: 4,
      note: 'tighter',
      allowed_regions: ['UZ', 'KZ', 'EU'],
      vpn_score_block_threshold: 70,
      vpn_score_warn_threshold: 50,
      block_if_proxy: true,
      block_datacenter: true,
      allowed_network_types: ['mobile'],
      failure_action: 'pending_admin',
      max_start_attempts_before_lock: 5,
      max_devices_per_ip: 3,
      cache_ttl_ip_s: 3600,
    });
    await waitFor(() =>
      expect(screen.getByTestId('policy-version').textContent).toContain('Version 5'),
    );

    conflict = true;
    fireEvent.click(screen.getByTestId('policy-save'));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Someone changed the policy meanwhile; reload it and try again',
    );
    const last = api.calls.filter((c) => c.method === 'PATCH').at(-1)!;
    expect((last.body as { expected_version: number }).expected_version).toBe(5);
  });

  it('adds and removes whitelist entries (a CIDR URL-encoded)', async () => {
    common();
    api.on('POST /api/admin/filter/whitelist', {
      status: 'success',
      asns: [15169, 64500],
      ips: ['10.0.0.0/8'],
      policy_version: 5,
    });
    api.on('DELETE /api/admin/filter/whitelist/ip/10.0.0.0%2F8', {
      status: 'success',
      asns: [15169, 64500],
      ips: [],
      policy_version: 6,
    });
    wrap(<FilterPage />);
    const list = await screen.findByTestId('whitelist');
    expect(list.textContent).toContain('AS15169');
    fireEvent.change(screen.getByTestId('wl-value'), { target: { value: 'AS64500' } });
    fireEvent.click(screen.getByTestId('wl-add'));
    await waitFor(() => expect(screen.getByTestId('whitelist').textContent).toContain('AS64500'));
    expect(api.calls.find((c) => c.method === 'POST')!.body).toEqual({
      type: 'asn',
      value: 'AS64500',
      note: '',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Remove 10.0.0.0/8' }));
    await waitFor(() =>
      expect(screen.getByTestId('whitelist').textContent).not.toContain('10.0.0.0/8'),
    );
    expect(api.calls.find((c) => c.method === 'DELETE')!.path).toBe(
      '/api/admin/filter/whitelist/ip/10.0.0.0%2F8',
    );
  });

  it('says an invalid whitelist entry in words', async () => {
    common();
    api.on('POST /api/admin/filter/whitelist', () => errorResponse(400, 'invalid_whitelist_entry'));
    wrap(<FilterPage />);
    await screen.findByTestId('whitelist');
    fireEvent.change(screen.getByTestId('wl-type'), { target: { value: 'ip' } });
    fireEvent.change(screen.getByTestId('wl-value'), { target: { value: '999.1.1.1' } });
    fireEvent.click(screen.getByTestId('wl-add'));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Not a valid ASN, IP address or CIDR',
    );
  });
});
