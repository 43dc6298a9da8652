import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';

import { setAccessToken } from '../../api/client';
import { AdminSupportPage } from '../../admin/pages/Support';
import { I18nProvider } from '../../i18n/i18n';
import { errorResponse, fakeApi, type FakeApi } from '../../test/fake-api';
import { SupportScreen, toAttachment, type Ticket } from './Support';

const ID = '44444444-4444-4444-8444-444444444444';
const ticket = (over: Partial<Ticket> = {}): Ticket => ({
  id: ID,
  telegram_id: 777,
  subject: 'Balance missing',
  message: 'Yesterday’s traffic is not credited',
  status: 'new',
  attachment: null,
  created_at: '2026-12-04T10:00:00Z',
  updated_at: '2026-12-04T10:00:00Z',
  closed_at: null,
  replies: [],
  ...over,
});

let api: FakeApi;
beforeEach(() => {
  setAccessToken('tok');
  api = fakeApi();
});
const wrap = (node: React.ReactNode) => render(<I18nProvider language="en">{node}</I18nProvider>);

describe('the Support screen', () => {
  it('sends a request with an attachment (base64) and shows the history with replies', async () => {
    let tickets: Ticket[] = [];
    api.on('GET /api/support/history', () => ({
      status: 'success',
      tickets,
      total: tickets.length,
    }));
    api.on('POST /api/support/send', async (req: Request) => {
      const body = (await req.clone().json()) as { subject: string; message: string };
      tickets = [
        ticket({
          subject: body.subject,
          status: 'replied',
          attachment: { type: 'png', size: 4, name: 'shot.png' },
          replies: [{ id: 'r1', message: 'Credited now', created_at: '2026-12-04T11:00:00Z' }],
        }),
      ];
      return { status: 'success', ticket: tickets[0] };
    });
    wrap(<SupportScreen />);
    await screen.findByText('Nothing here yet');
    fireEvent.change(screen.getByLabelText('Subject'), { target: { value: 'Balance missing' } });
    fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'Please check' } });
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'shot.png', {
      type: 'image/png',
    });
    fireEvent.change(screen.getByTestId('support-file'), { target: { files: [png] } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Sent. The answer comes here and in Telegram.')).toBeTruthy();
    expect(api.calls.find((c) => c.method === 'POST')!.body).toEqual({
      subject: 'Balance missing',
      message: 'Please check',
      attachment: { filename: 'shot.png', content_base64: 'iVBORw==' },
    });
    const item = await screen.findByRole('button', { name: 'Balance missing' });
    expect(screen.getByTestId('tickets').textContent).toContain('Answered');
    fireEvent.click(item);
    expect((await screen.findByTestId('reply')).textContent).toContain('Credited now');
    expect(screen.getByText('Attached: shot.png (1 KB)')).toBeTruthy();
  });

  it('refuses a file of another type before sending', async () => {
    api.on('GET /api/support/history', { status: 'success', tickets: [], total: 0 });
    wrap(<SupportScreen />);
    const exe = new File(['MZ'], 'tool.exe', { type: 'application/x-msdownload' });
    fireEvent.change(await screen.findByTestId('support-file'), { target: { files: [exe] } });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Only PNG, JPEG, WebP or PDF files up to 5 MB',
    );
  });

  it('encodes large files in chunks', async () => {
    const bytes = new Uint8Array(100_000).map((_, i) => i % 256);
    const a = await toAttachment(new File([bytes], 'big.pdf', { type: 'application/pdf' }));
    expect(Buffer.from(a.content_base64, 'base64').equals(Buffer.from(bytes))).toBe(true);
  });
});

describe('the admin Support page', () => {
  it('opens a request, replies, and says a closed one in words', async () => {
    let current = ticket();
    api.on('GET /api/admin/support', () => ({ status: 'success', tickets: [current], total: 1 }));
    api.on(`GET /api/admin/support/${ID}`, () => ({ status: 'success', ticket: current }));
    let closed = false;
    api.on(`POST /api/admin/support/reply/${ID}`, async (req: Request) => {
      if (closed) return errorResponse(422, 'support_ticket_closed');
      const body = (await req.clone().json()) as { message: string };
      current = ticket({
        status: 'replied',
        replies: [{ id: 'r1', message: body.message, created_at: '2026-12-04T11:00:00Z' }],
      });
      return { status: 'success', ticket: current };
    });
    wrap(<AdminSupportPage />);
    fireEvent.click(await screen.findByRole('button', { name: 'Balance missing' }));
    fireEvent.change(await screen.findByTestId('support-reply'), {
      target: { value: 'Credited now' },
    });
    fireEvent.click(screen.getByTestId('support-reply-send'));
    expect(await screen.findByText('Reply sent')).toBeTruthy();
    expect((await screen.findByTestId('reply')).textContent).toContain('Credited now');
    closed = true;
    fireEvent.change(screen.getByTestId('support-reply'), { target: { value: 'again' } });
    fireEvent.click(screen.getByTestId('support-reply-send'));
    expect((await screen.findByRole('alert')).textContent).toBe('This request is closed');
    await waitFor(() =>
      expect(
        api.calls.filter((c) => c.path === '/api/admin/support?status=any&limit=50').length,
      ).toBeGreaterThan(1),
    );
  });
});
