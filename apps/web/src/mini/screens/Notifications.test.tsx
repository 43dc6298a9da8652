import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { setAccessToken } from '../../api/client';
import { I18nProvider } from '../../i18n/i18n';
import { fakeApi, FakeSocket, type FakeApi } from '../../test/fake-api';
import { NotificationsScreen } from './Notifications';

const ID1 = '11111111-1111-4111-8111-111111111111';
const ID2 = '22222222-2222-4222-8222-222222222222';
const item = (id: string, title: string, read: boolean) => ({
  id,
  type: 'payout',
  title,
  body: `${title} body`,
  created_at: '2026-12-04T10:00:00Z',
  delivered_at: null,
  opened_at: null,
  read_at: read ? '2026-12-04T11:00:00Z' : null,
});

let api: FakeApi;
beforeEach(() => {
  setAccessToken('tok');
  api = fakeApi();
  vi.stubGlobal('WebSocket', FakeSocket);
  api.on('GET /api/user/notifications', {
    status: 'success',
    notifications: [item(ID1, 'Paid', false), item(ID2, 'Price', true)],
    total: 2,
    unread: 1,
  });
  api.on('POST /api/notifications/ack', async (req: Request) => {
    const body = (await req.clone().json()) as { all?: boolean };
    return { status: 'success', updated: 1, unread: body.all ? 0 : 1 };
  });
});

describe('the Notifications screen', () => {
  it('shows the unread count, marks one as read, adds live ones, marks all', async () => {
    const onUnread = vi.fn();
    render(
      <I18nProvider language="en">
        <NotificationsScreen onUnread={onUnread} />
      </I18nProvider>,
    );
    expect((await screen.findByTestId('unread')).textContent).toBe('1 unread');
    expect(screen.getAllByText('NEW')).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Mark as read' }));
    await waitFor(() => expect(screen.queryAllByText('NEW')).toHaveLength(0));
    const ack = api.calls.find((c) => c.path === '/api/notifications/ack')!;
    expect(ack.body).toEqual({ status: 'read', ids: [ID1] });

    // A notification pushed on the live socket appears on top, unread.
    await waitFor(() => expect(FakeSocket.last?.protocols).toEqual(['bearer', 'tok']));
    act(() =>
      FakeSocket.last!.emit({
        type: 'notification',
        at: '2026-12-04T12:00:00Z',
        data: {
          id: 'n-live',
          kind: 'payout',
          title: 'Withdrawal completed',
          body: '3 USDT',
          sent_at: '2026-12-04T12:00:00Z',
        },
      }),
    );
    const items = screen.getByTestId('notifications').querySelectorAll('li');
    expect(items).toHaveLength(3);
    expect(items[0].textContent).toContain('Withdrawal completed');
    expect(screen.getByTestId('unread').textContent).toBe('2 unread');
    await waitFor(() => expect(onUnread).toHaveBeenLastCalledWith(2));

    fireEvent.click(screen.getByRole('button', { name: 'Mark all as read' }));
    await waitFor(() => expect(screen.getByTestId('unread').textContent).toBe('0 unread'));
    expect(api.calls.filter((c) => c.path === '/api/notifications/ack')[1].body).toEqual({
      status: 'read',
      all: true,
    });
    expect(screen.queryAllByText('NEW')).toHaveLength(0);
  });
});
