import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { RunningService } from '@trafficshare/service-kit';
import {
  createTestContext,
  freePort,
  pollUntil,
  startApp,
  type TestContext,
} from '@trafficshare/testing';

import { boot as bootNotify } from '../../apps/notify-svc/src/boot';
import { FakeFcmServer } from '../../apps/notify-svc/src/push/fake-fcm-server';
import { FakeBotApiServer } from '../../apps/notify-svc/src/telegram/fake-bot-api-server';
import { AuthStack, idFactory } from '../auth/support/harness';

const fcmToken = (): string => `fcm_${randomBytes(48).toString('base64url')}`;
const png = (size = 2048): Buffer =>
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    randomBytes(size - 8),
  ]);
const pdf = (): Buffer => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(4000)]);

/** Support tickets through the gateway: notify-svc stores them, forwards them to the admin chat
 *  through grammY against a fake Bot API, and answers replies in-app, by push (firebase-admin
 *  against a fake FCM) and by the bot. */
describe('support tickets over HTTP', () => {
  let stack: AuthStack;
  let notifyCtx: TestContext;
  let notify: RunningService;
  const fcm = new FakeFcmServer();
  const token = `${100_000_000 + Math.floor(Math.random() * 800_000_000)}:${randomBytes(27).toString('base64url')}`;
  const webhookSecret = randomBytes(24).toString('base64url');
  const api = new FakeBotApiServer(token);
  const adminChat = -1_001_000_000_000 - Math.floor(Math.random() * 1_000_000);
  const storageDir = mkdtempSync(join(tmpdir(), 'e2e-support-'));
  const nextId = idFactory();
  const admin = nextId();

  beforeAll(async () => {
    notifyCtx = createTestContext('e2e_support_svc');
    const fcmPort = await fcm.start();
    await api.start();
    const grpcPort = await freePort();
    notify = await startApp(bootNotify, {
      ...notifyCtx.env,
      GRPC_PORT: String(grpcPort),
      METRICS_PORT: String(await freePort()),
      FCM_MODE: 'emulator',
      FCM_EMULATOR_ADDRESS: `127.0.0.1:${fcmPort}`,
      PUSH_DISPATCH_MS: '50',
      BOT_MODE: 'emulator',
      TELEGRAM_BOT_API_ROOT: api.url,
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_WEBHOOK_SECRET: webhookSecret,
      TELEGRAM_ADMIN_CHAT_ID: String(adminChat),
      TELEGRAM_BOT_USERNAME: 'e2e_share_bot',
      TELEGRAM_MINIAPP_NAME: 'app',
      BOT_UPDATES: 'webhook',
      BOT_DISPATCH_MS: '50',
      SUPPORT_STORAGE_DIR: storageDir,
    });
    stack = await AuthStack.start('e2e_support', {
      adminIds: [admin],
      env: { NOTIFY_GRPC_URL: `127.0.0.1:${grpcPort}` },
    });
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
    await notify?.stop();
    await fcm.stop();
    await api.stop();
    await notifyCtx?.cleanup();
    rmSync(storageDir, { recursive: true, force: true });
  }, 60_000);

  const send = (userToken: string, body: Record<string, unknown>) =>
    stack.api('POST', '/api/support/send', { token: userToken, body });

  it('round trip: a ticket with a screenshot reaches the admin chat, the reply reaches the user in history, by push and by the bot', async () => {
    const user = await stack.login(nextId());
    const device = fcmToken();
    await stack.api('POST', '/api/device/register', {
      token: user.token,
      body: { device_id: 'pixel', fcm_token: device, platform: 'android' },
    });
    const shot = png(50_000);
    const sent = await send(user.token, {
      subject: 'Payout is late',
      message: 'I withdrew $1.39 but the USDT has not arrived.',
      attachment: { filename: '../../etc/screenshot.png', content_base64: shot.toString('base64') },
    });
    expect(sent).toMatchObject({
      status: 200,
      body: {
        ticket: {
          status: 'new',
          subject: 'Payout is late',
          attachment: { type: 'png', size: shot.length, name: 'screenshot.png' },
          replies: [],
        },
      },
    });
    const ticketId = (sent.body.ticket as { id: string }).id;

    // The admin chat got the text, then the file by sendPhoto, bytes intact.
    const [text, photo] = await pollUntil(
      async () => {
        const calls = api
          .sentTo(adminChat)
          .filter((c) => JSON.stringify(c.params).includes(ticketId));
        return calls.length === 2 && calls;
      },
      { timeoutMs: 15_000, description: 'the ticket and its photo in the admin chat' },
    );
    expect(text.method).toBe('sendMessage');
    expect(String(text.params.text)).toContain('Payout is late');
    expect(String(text.params.text)).toContain(String(user.telegramId));
    expect(photo.method).toBe('sendPhoto');
    expect(photo.files[0].bytes.equals(shot)).toBe(true);

    // The admin reads it (read), replies (replied).
    const { token: adminToken } = await stack.login(admin);
    const read = await stack.api('GET', `/api/admin/support/${ticketId}`, { token: adminToken });
    expect(read).toMatchObject({ status: 200, body: { ticket: { status: 'read' } } });
    const listed = await stack.api('GET', '/api/admin/support?status=read', { token: adminToken });
    expect((listed.body.tickets as { id: string }[]).map((t) => t.id)).toContain(ticketId);
    const reply = await stack.api('POST', `/api/admin/support/reply/${ticketId}`, {
      token: adminToken,
      body: { message: 'It was sent at 12:00, tx 0xabc. Please check again.' },
    });
    expect(reply).toMatchObject({ status: 200, body: { ticket: { status: 'replied' } } });

    const history = await stack.api('GET', '/api/support/history', { token: user.token });
    expect(history).toMatchObject({ status: 200, body: { total: 1 } });
    const [mine] = history.body.tickets as {
      id: string;
      status: string;
      replies: { message: string }[];
    }[];
    expect(mine).toMatchObject({ id: ticketId, status: 'replied' });
    expect(mine.replies.map((r) => r.message)).toEqual([
      'It was sent at 12:00, tx 0xabc. Please check again.',
    ]);

    const pushed = await pollUntil(
      async () => fcm.messages.find((m) => m.token === device && m.data?.type === 'support'),
      { timeoutMs: 15_000, description: 'the reply push' },
    );
    expect(pushed.notification?.title).toBe('Support replied');
    expect(pushed.data?.ticket_id).toBe(ticketId);
    const botMessage = await pollUntil(async () => api.sentTo(user.telegramId)[0], {
      timeoutMs: 15_000,
      description: 'the reply by the bot',
    });
    expect(String(botMessage.params.text)).toContain('tx 0xabc');
    const inApp = await stack.api('GET', '/api/user/notifications', { token: user.token });
    expect(inApp.body.notifications).toEqual([
      expect.objectContaining({ type: 'support', title: 'Support replied' }),
    ]);

    // Closed: no more replies.
    const closed = await stack.api('POST', `/api/admin/support/close/${ticketId}`, {
      token: adminToken,
    });
    expect(closed).toMatchObject({ status: 200, body: { ticket: { status: 'closed' } } });
    const late = await stack.api('POST', `/api/admin/support/reply/${ticketId}`, {
      token: adminToken,
      body: { message: 'again' },
    });
    expect(late).toMatchObject({ status: 422, body: { code: 'support_ticket_closed' } });
  });

  it('forwards a PDF by sendDocument and refuses a file whose bytes are not an image or a PDF (400), whatever its name says', async () => {
    const { token: userToken } = await stack.login(nextId());
    const spoofed = await send(userToken, {
      subject: 'Screenshot',
      message: 'see attached',
      attachment: {
        filename: 'screenshot.png',
        content_base64: Buffer.from('MZ\x90\x00 this is really an executable').toString('base64'),
      },
    });
    expect(spoofed).toMatchObject({ status: 400, body: { code: 'unsupported_attachment' } });
    const html = await send(userToken, {
      subject: 'Invoice',
      message: 'see attached',
      attachment: {
        filename: 'invoice.pdf',
        content_base64: Buffer.from('<html><script>alert(1)</script></html>').toString('base64'),
      },
    });
    expect(html).toMatchObject({ status: 400, body: { code: 'unsupported_attachment' } });

    // A refused file does not count against the rate limit; a real PDF goes through.
    const doc = pdf();
    const ok = await send(userToken, {
      subject: 'Invoice',
      message: 'the real one',
      attachment: { filename: 'invoice.png', content_base64: doc.toString('base64') },
    });
    expect(ok).toMatchObject({ status: 200, body: { ticket: { attachment: { type: 'pdf' } } } });
    const id = (ok.body.ticket as { id: string }).id;
    const document = await pollUntil(
      async () =>
        api
          .sentTo(adminChat)
          .find((c) => c.method === 'sendDocument' && String(c.params.caption).includes(id)),
      { timeoutMs: 15_000, description: 'the PDF in the admin chat' },
    );
    expect(document.files[0].bytes.equals(doc)).toBe(true);
  });

  it('refuses an attachment over 5 MB with 413', async () => {
    const { token: userToken } = await stack.login(nextId());
    const big = await send(userToken, {
      subject: 'Big',
      message: 'too big',
      attachment: {
        filename: 'big.png',
        content_base64: png(5 * 1024 * 1024 + 1).toString('base64'),
      },
    });
    expect(big).toMatchObject({ status: 413, body: { code: 'attachment_too_large' } });
  });

  /** POST /api/support/send as multipart/form-data (fetch builds the boundary). */
  const sendForm = async (
    userToken: string,
    fields: Record<string, string>,
    file?: { bytes: Buffer; name: string; type: string },
  ) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    if (file) form.append('attachment', new Blob([file.bytes], { type: file.type }), file.name);
    const res = await fetch(`${stack.url}/api/support/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${userToken}` },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('takes the request as multipart/form-data: a PNG reaches the admin chat by sendPhoto; a fake PNG is 400; over 5 MB is 413; other routes still refuse forms (415)', async () => {
    const { token: userToken } = await stack.login(nextId());
    const shot = png(30_000);
    const sent = await sendForm(
      userToken,
      { subject: 'Form upload', message: 'screenshot attached' },
      { bytes: shot, name: 'shot.png', type: 'image/png' },
    );
    expect(sent).toMatchObject({
      status: 200,
      body: {
        status: 'success',
        ticket: {
          subject: 'Form upload',
          message: 'screenshot attached',
          attachment: { type: 'png', size: shot.length, name: 'shot.png' },
        },
      },
    });
    const id = (sent.body.ticket as { id: string }).id;
    const photo = await pollUntil(
      async () =>
        api
          .sentTo(adminChat)
          .find((c) => c.method === 'sendPhoto' && JSON.stringify(c.params).includes(id)),
      { timeoutMs: 15_000, description: 'the form’s photo in the admin chat' },
    );
    expect(photo.files[0].bytes.equals(shot)).toBe(true);

    // The type comes from the bytes: a "PNG" without PNG's magic is refused (and not counted
    // against the 30 s limit, like the JSON form's refusals).
    const other = await stack.login(nextId());
    const fake = await sendForm(
      other.token,
      { subject: 'Fake', message: 'not a png' },
      { bytes: Buffer.from('GIF89a but named png'.repeat(10)), name: 'x.png', type: 'image/png' },
    );
    expect(fake).toMatchObject({ status: 400, body: { code: 'unsupported_attachment' } });
    const big = await sendForm(
      other.token,
      { subject: 'Big', message: 'too big' },
      { bytes: png(5 * 1024 * 1024 + 1), name: 'big.png', type: 'image/png' },
    );
    expect(big).toMatchObject({
      status: 413,
      body: { status: 'error', code: 'attachment_too_large' },
    });
    // A form is validated like the JSON body: a missing subject, an unknown field.
    const noSubject = await sendForm(other.token, { message: 'no subject' });
    expect(noSubject).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    const extra = await sendForm(other.token, { subject: 's', message: 'm', admin: 'true' });
    expect(extra).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    // Without a file, the form is a plain request.
    const plain = await sendForm(other.token, { subject: 'Plain form', message: 'no file' });
    expect(plain).toMatchObject({ status: 200, body: { ticket: { attachment: null } } });

    // Every other route still takes JSON only.
    const form = new FormData();
    form.append('device_id', 'x');
    const elsewhere = await fetch(`${stack.url}/api/device/register`, {
      method: 'POST',
      headers: { authorization: `Bearer ${other.token}` },
      body: form,
    });
    expect(elsewhere.status).toBe(415);
    expect(await elsewhere.json()).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('allows one request per 30 s per user (429 with Retry-After); admins are exempt', async () => {
    const { token: userToken } = await stack.login(nextId());
    expect((await send(userToken, { subject: 'One', message: 'first' })).status).toBe(200);
    const second = await send(userToken, { subject: 'Two', message: 'second' });
    expect(second).toMatchObject({ status: 429, body: { code: 'support_rate_limited' } });
    const retryAfter = Number(second.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(30);

    const { token: adminToken } = await stack.login(admin);
    expect((await send(adminToken, { subject: 'A1', message: 'one' })).status).toBe(200);
    expect((await send(adminToken, { subject: 'A2', message: 'two' })).status).toBe(200);
  });

  it('shows a ticket to its owner and admins only: another user gets 404', async () => {
    const owner = await stack.login(nextId());
    const sent = await send(owner.token, { subject: 'Private', message: 'mine' });
    const id = (sent.body.ticket as { id: string }).id;
    const other = await stack.login(nextId());
    const theirs = await stack.api('GET', `/api/support/${id}`, { token: other.token });
    expect(theirs).toMatchObject({ status: 404, body: { code: 'support_ticket_not_found' } });
    const missing = await stack.api('GET', `/api/support/00000000-0000-4000-8000-000000000000`, {
      token: other.token,
    });
    expect(missing).toMatchObject({ status: 404, body: { code: 'support_ticket_not_found' } });
    const own = await stack.api('GET', `/api/support/${id}`, { token: owner.token });
    expect(own).toMatchObject({ status: 200, body: { ticket: { id, status: 'new' } } });
    const otherHistory = await stack.api('GET', '/api/support/history', { token: other.token });
    expect(otherHistory.body).toMatchObject({ total: 0, tickets: [] });
    const forbidden = await stack.api('POST', `/api/admin/support/reply/${id}`, {
      token: owner.token,
      body: { message: 'self-service' },
    });
    expect(forbidden.status).toBe(403);
  });

  it('answers /start ref_<code> on the webhook with the Mini App link; a wrong secret is 401', async () => {
    const chat = nextId();
    const update = {
      update_id: 1 + Math.floor(Math.random() * 1_000_000),
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chat, type: 'private' },
        from: { id: chat, is_bot: false, first_name: 'New', language_code: 'en' },
        text: '/start ref_XyZ789',
      },
    };
    const wrong = await stack.api('POST', `/webhooks/telegram/${webhookSecret}`, {
      body: update,
      headers: { 'x-telegram-bot-api-secret-token': 'not-the-secret' },
    });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'invalid_webhook_secret' } });
    const wrongPath = await stack.api('POST', `/webhooks/telegram/not-the-secret`, {
      body: update,
      headers: { 'x-telegram-bot-api-secret-token': webhookSecret },
    });
    expect(wrongPath.status).toBe(401);
    for (let i = 0; i < 2; i += 1) {
      const ok = await stack.api('POST', `/webhooks/telegram/${webhookSecret}`, {
        body: update,
        headers: { 'x-telegram-bot-api-secret-token': webhookSecret },
      });
      expect(ok).toMatchObject({ status: 200, body: { status: 'ok' } });
    }
    const reply = await pollUntil(async () => api.sentTo(chat)[0], {
      timeoutMs: 15_000,
      description: 'the welcome reply',
    });
    expect(String(reply.params.text)).toContain('Welcome to TrafficShare');
    expect(reply.params.reply_markup).toEqual({
      inline_keyboard: [
        [{ text: 'Open the app', url: 'https://t.me/e2e_share_bot/app?startapp=ref_XyZ789' }],
      ],
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(api.sentTo(chat)).toHaveLength(1);
  });
});
