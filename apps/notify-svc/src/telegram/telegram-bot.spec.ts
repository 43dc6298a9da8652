import { randomBytes } from 'node:crypto';

import { FakeBotApiServer } from './fake-bot-api-server';
import { TelegramBot } from './telegram-bot';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  randomBytes(64),
]);

// grammY's real client against the fake Bot API server on 127.0.0.1.
describe('TelegramBot (grammY) against the fake Bot API server', () => {
  const token = `${100_000 + Math.floor(Math.random() * 900_000)}:${randomBytes(24).toString('base64url')}`;
  const server = new FakeBotApiServer(token);
  const slept: number[] = [];
  let bot: TelegramBot;

  beforeAll(async () => {
    await server.start();
    bot = new TelegramBot({
      token,
      apiRoot: `${server.url}/`,
      maxRateLimitRetries: 2,
      maxInPlaceWaitS: 5,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
  });
  afterAll(() => server.stop());

  it('sends a message as JSON to /bot<token>/sendMessage with its buttons', async () => {
    const res = await bot.sendMessage(42, 'Hello', {
      urlButtons: [{ text: 'Open', url: 'https://t.me/trafficshare_bot/app?startapp=ref_abc' }],
    });
    expect(res).toMatchObject({ ok: true, messageId: expect.any(Number) });
    const [call] = server.sentTo(42);
    expect(call).toMatchObject({ method: 'sendMessage', params: { text: 'Hello' } });
    expect(call.params.reply_markup).toEqual({
      inline_keyboard: [
        [{ text: 'Open', url: 'https://t.me/trafficshare_bot/app?startapp=ref_abc' }],
      ],
    });
  });

  it('uploads photos and documents as multipart with the bytes intact', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3000)]);
    expect((await bot.sendPhoto(43, { bytes: PNG, filename: 'shot.png' }, 'caption')).ok).toBe(
      true,
    );
    expect((await bot.sendDocument(43, { bytes: pdf, filename: 'bill.pdf' }, 'doc')).ok).toBe(true);
    const [photo, doc] = server.sentTo(43);
    expect(photo.method).toBe('sendPhoto');
    expect(photo.params.caption).toBe('caption');
    expect(photo.files).toHaveLength(1);
    expect(photo.files[0].bytes.equals(PNG)).toBe(true);
    expect(doc.files[0]).toMatchObject({ filename: 'bill.pdf' });
    expect(doc.files[0].bytes.equals(pdf)).toBe(true);
  });

  it('maps 403 (blocked, deactivated) to blocked without retrying', async () => {
    server.blocked.add(50);
    server.deactivated.add(51);
    const before = server.calls.length;
    expect(await bot.sendMessage(50, 'x')).toEqual({
      ok: false,
      kind: 'blocked',
      description: 'Forbidden: bot was blocked by the user',
    });
    expect(await bot.sendMessage(51, 'x')).toMatchObject({
      kind: 'blocked',
      description: 'Forbidden: user is deactivated',
    });
    expect(server.calls.length - before).toBe(2);
  });

  it('honours retry_after on 429 a bounded number of times', async () => {
    slept.length = 0;
    server.rateLimitNext(1, 3);
    expect((await bot.sendMessage(60, 'after one 429')).ok).toBe(true);
    expect(slept).toEqual([3000]);

    slept.length = 0;
    server.rateLimitNext(10, 2);
    expect(await bot.sendMessage(60, 'never')).toMatchObject({
      ok: false,
      kind: 'retry',
      retryAfterS: 2,
    });
    expect(slept).toEqual([2000, 2000]);
    server.rateLimitNext(0, 0);

    slept.length = 0;
    server.rateLimitNext(1, 120);
    expect(await bot.sendMessage(60, 'too long to wait')).toMatchObject({
      kind: 'retry',
      retryAfterS: 120,
    });
    expect(slept).toEqual([]);
  });

  it('reports a refused request as rejected and a wrong token as rejected, never throwing', async () => {
    expect(await bot.sendMessage(70, '')).toMatchObject({ ok: false, kind: 'rejected' });
    const wrong = new TelegramBot({ token: '1:wrong', apiRoot: server.url });
    expect(await wrong.sendMessage(70, 'x')).toMatchObject({
      ok: false,
      kind: 'rejected',
      description: 'Unauthorized',
    });
  });

  it('maps an unreachable API to retry', async () => {
    const down = new TelegramBot({ token, apiRoot: 'http://127.0.0.1:1', timeoutSeconds: 2 });
    expect(await down.sendMessage(80, 'x')).toMatchObject({ ok: false, kind: 'retry' });
  });
});
