import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SERVICES } from '@trafficshare/config';
import { common, type notify } from '@trafficshare/contracts';
import { createGrpcClient, type GrpcClientHandle } from '@trafficshare/grpc';
import type { RunningService } from '@trafficshare/service-kit';
import {
  createTestContext,
  freePort,
  pollUntil,
  startApp,
  type TestContext,
} from '@trafficshare/testing';

import { boot } from '../boot';
import { BotGateway } from './bot-gateway';
import { SANDBOX_ADMIN_CHAT_ID } from './bot.config';

// BOT_MODE=sandbox (what `npm start` runs): no Telegram anywhere, an in-process fake Bot API
// receives the calls (logged, and inspectable here), and updates are read from it by polling.
describe('notify-svc: the bot in sandbox mode', () => {
  let ctx: TestContext;
  let service: RunningService;
  let grpc: GrpcClientHandle<notify.NotifyServiceClient>;
  const storageDir = mkdtempSync(join(tmpdir(), 'notify-sandbox-'));
  const user = 9_500_000_000 + Math.floor(Math.random() * 1_000_000);

  beforeAll(async () => {
    ctx = createTestContext('notify_bot_sandbox');
    service = await startApp(boot, {
      ...ctx.env,
      GRPC_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      FCM_MODE: 'sandbox',
      BOT_MODE: 'sandbox',
      TELEGRAM_BOT_TOKEN: `123456789:${randomBytes(27).toString('base64url')}`,
      TELEGRAM_WEBHOOK_SECRET: randomBytes(24).toString('base64url'),
      BOT_DISPATCH_MS: '50',
      SUPPORT_STORAGE_DIR: storageDir,
    });
    grpc = createGrpcClient<notify.NotifyServiceClient>(SERVICES['notify-svc'], {
      address: service.grpcAddress,
      deadlineMs: 20_000,
    });
  }, 60_000);

  afterAll(async () => {
    grpc?.close();
    await service?.stop();
    await ctx?.cleanup();
    rmSync(storageDir, { recursive: true, force: true });
  }, 30_000);

  it('forwards a support request to the sandbox admin chat and answers /start from the sandbox', async () => {
    const gateway = service.app.get(BotGateway);
    await gateway.bot();
    const sandbox = gateway.sandboxServer!;
    expect(sandbox).toBeDefined();
    await grpc.client.sendSupportRequest({
      caller: {
        telegramId: user,
        role: common.Role.ROLE_USER,
        sessionId: randomUUID(),
        ip: '203.0.113.1',
        userAgent: 'sandbox-spec',
      },
      subject: 'Sandbox',
      message: 'Does the sandbox show it?',
      attachment: undefined,
    });
    const forwarded = await pollUntil(
      async () =>
        sandbox
          .sentTo(SANDBOX_ADMIN_CHAT_ID)
          .find((c) => String(c.params.text).includes('Does the sandbox show it?')),
      { timeoutMs: 10_000, description: 'the ticket in the sandbox admin chat' },
    );
    expect(forwarded.method).toBe('sendMessage');

    sandbox.pushUpdate({
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: user, type: 'private' },
        from: { id: user, is_bot: false, first_name: 'S' },
        text: '/start ref_sandbox1',
      },
    });
    const reply = await pollUntil(async () => sandbox.sentTo(user)[0], {
      timeoutMs: 30_000,
      description: 'the welcome in the sandbox',
    });
    expect(JSON.stringify(reply.params.reply_markup)).toContain(
      'https://t.me/TrafficShareBot/app?startapp=ref_sandbox1',
    );
  });
});
