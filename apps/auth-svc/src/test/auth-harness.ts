import { createHash, createHmac, generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';

import { internalContract, SERVICES } from '@trafficshare/config';
import type { auth, authInternal, common } from '@trafficshare/contracts';
import { createGrpcClient, type GrpcClientHandle, type PromiseClient } from '@trafficshare/grpc';
import type { RunningService } from '@trafficshare/service-kit';
import { createTestContext, freePort, startApp, type TestContext } from '@trafficshare/testing';

import { boot } from '../boot';

let nextUser = 8_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
/** A telegram id no other test uses. */
export const newUser = (): number => (nextUser += 1);

export interface LoggedIn {
  readonly telegramId: number;
  readonly sessionId: string;
  /** The caller the gateway would send for this login. */
  readonly caller: common.Caller;
}

/** auth-svc in this process on free ports, with clients of its public and internal contracts. */
export interface AuthHarness {
  readonly ctx: TestContext;
  readonly service: RunningService;
  readonly client: PromiseClient<auth.AuthServiceClient>;
  readonly internal: PromiseClient<authInternal.AuthInternalServiceClient>;
  /** Logs a user in through LoginWidget (a payload signed like Telegram signs it). */
  login(telegramId: number): Promise<LoggedIn>;
  stop(): Promise<void>;
}

export async function startAuthHarness(
  label: string,
  options: { adminIds?: number[]; env?: Record<string, string> } = {},
): Promise<AuthHarness> {
  const ctx = createTestContext(label);
  const botToken = `${randomInt(100_000_000, 999_999_999)}:${randomBytes(30).toString('base64url').slice(0, 35)}`;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const [grpcPort, metricsPort] = [await freePort(), await freePort()];
  const service = await startApp(boot, {
    ...ctx.env,
    TELEGRAM_BOT_TOKEN: botToken,
    JWT_PRIVATE_KEY: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    JWT_PUBLIC_KEY: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ADMIN_IDS: (options.adminIds ?? []).join(','),
    GRPC_PORT: String(grpcPort),
    METRICS_PORT: String(metricsPort),
    ...options.env,
  });
  const options_ = { address: service.grpcAddress, deadlineMs: 20_000 };
  const handles: Array<GrpcClientHandle<unknown>> = [];
  const publicHandle = createGrpcClient<auth.AuthServiceClient>(SERVICES['auth-svc'], options_);
  const internalHandle = createGrpcClient<authInternal.AuthInternalServiceClient>(
    internalContract('auth-svc'),
    options_,
  );
  handles.push(publicHandle, internalHandle);
  const client = publicHandle.client;
  return {
    ctx,
    service,
    client,
    internal: internalHandle.client,
    login: async (telegramId) => {
      const fields: Record<string, string> = {
        id: String(telegramId),
        first_name: `User${telegramId}`,
        username: `user_${telegramId}`,
        auth_date: String(Math.floor(Date.now() / 1000)),
      };
      const check = Object.keys(fields)
        .sort()
        .map((k) => `${k}=${fields[k]}`)
        .join('\n');
      const secret = createHash('sha256').update(botToken).digest();
      fields.hash = createHmac('sha256', secret).update(check).digest('hex');
      const res = await client.loginWidget({
        fields: Object.entries(fields).map(([key, value]) => ({ key, value })),
        client: { ip: '203.0.113.10', userAgent: 'auth-int-spec' },
        referralCode: '',
      });
      const sessionId = res.tokens!.sessionId;
      return {
        telegramId,
        sessionId,
        caller: {
          telegramId,
          role: res.user!.role,
          sessionId,
          ip: '203.0.113.10',
          userAgent: 'auth-int-spec',
        },
      };
    },
    stop: async () => {
      for (const h of handles) h.close();
      await service.stop();
      await ctx.cleanup();
    },
  };
}

/** A rejection as the caller sees it: gRPC status and the `ts-error-code` trailer. */
export async function failure(p: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { code?: number; metadata?: { get(k: string): unknown[] } };
    const code = e.metadata?.get('ts-error-code')?.[0];
    return { status: e.code ?? -1, code: typeof code === 'string' ? code : '' };
  }
  return { status: 0, code: 'resolved' };
}
