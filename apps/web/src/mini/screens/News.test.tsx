import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';

import { AdminNewsCards } from '../../admin/pages/News';
import { setAccessToken } from '../../api/client';
import { I18nProvider } from '../../i18n/i18n';
import { fakeApi, type FakeApi } from '../../test/fake-api';
import { NewsSection, safeLink } from './News';

const A1 = '55555555-5555-4555-8555-555555555555';
const announcement = (over: Record<string, unknown>) => ({
  id: A1,
  title: 'New payout network',
  description: 'BEP20 payouts are faster now',
  image_url: null,
  link: 'https://t.me/trafficshare/10',
  created_at: '2026-12-04T10:00:00Z',
  published_at: '2026-12-04T10:00:00Z',
  is_new: true,
  ...over,
});

let api: FakeApi;
beforeEach(() => {
  setAccessToken('tok');
  api = fakeApi();
});
const wrap = (node: React.ReactNode) => render(<I18nProvider language="en">{node}</I18nProvider>);

describe('news', () => {
  it('shows the Telegram links and announcements with a NEW badge; unsafe links are not links', async () => {
    api.on('GET /api/news_promo', {
      status: 'success',
      telegram_links: { channel: 'https://t.me/trafficshare', chat: 'javascript:alert(1)' },
      announcements: [
        announcement({}),
        announcement({ id: 'old', title: 'Old news', is_new: false, link: null }),
      ],
      promo: [],
    });
    wrap(<NewsSection />);
    const list = await screen.findByTestId('announcements');
    expect(list.querySelectorAll('li')).toHaveLength(2);
    expect(screen.getAllByText('NEW')).toHaveLength(1);
    expect(screen.getByRole('link', { name: 'Official channel' }).getAttribute('href')).toBe(
      'https://t.me/trafficshare',
    );
    expect(screen.queryByRole('link', { name: 'Community chat' })).toBeNull();
    expect(screen.getByRole('link', { name: 'More' }).getAttribute('href')).toBe(
      'https://t.me/trafficshare/10',
    );
    expect(safeLink('tg://resolve?domain=x')).toBe('tg://resolve?domain=x');
    expect(safeLink('data:text/html,x')).toBeUndefined();
  });

  it('lets a superadmin publish (pushed) and delete an announcement', async () => {
    let items = [announcement({ publish_at: null, push: false, updated_at: '' })];
    api.on('GET /api/admin/news', () => ({
      status: 'success',
      announcements: items,
      total: items.length,
    }));
    api.on('POST /api/admin/news', async (req: Request) => {
      const body = (await req.clone().json()) as { title: string };
      const created = announcement({
        id: 'n2',
        title: body.title,
        publish_at: null,
        push: true,
        updated_at: '',
      });
      items = [created, ...items];
      return { status: 'success', announcement: created };
    });
    api.on(`DELETE /api/admin/news/${A1}`, () => {
      items = items.filter((a) => a.id !== A1);
      return { status: 'success', deleted: true };
    });
    wrap(<AdminNewsCards />);
    await screen.findByTestId('admin-announcements');
    fireEvent.change(screen.getByTestId('news-title'), { target: { value: 'Maintenance' } });
    fireEvent.change(screen.getByTestId('news-description'), {
      target: { value: 'Tonight 02:00' },
    });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Notify users' }));
    fireEvent.click(screen.getByTestId('news-create'));
    expect(await screen.findByText('Announcement saved')).toBeTruthy();
    expect(api.calls.find((c) => c.method === 'POST')!.body).toEqual({
      title: 'Maintenance',
      description: 'Tonight 02:00',
      image_url: '',
      link: '',
      push: true,
    });
    await waitFor(() =>
      expect(screen.getByTestId('admin-announcements').querySelectorAll('li')).toHaveLength(2),
    );
    fireEvent.click(screen.getAllByRole('button', { name: 'Delete' })[1]);
    await waitFor(() =>
      expect(screen.getByTestId('admin-announcements').querySelectorAll('li')).toHaveLength(1),
    );
  });
});
