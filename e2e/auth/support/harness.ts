import {
  createHash,
  createHmac,
  generateKeyPairSync,
  randomBytes,
  randomInt,
  sign,
} from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { connect, type NatsConnection, type Subscription } from 'nats';
import { Client } from 'pg';

import { decodeEvent, eventTypeOfSubject, isEventType } from '@trafficshare/messaging';
import { createTestContext, pollUntil, type TestContext } from '@trafficshare/testing';

import { boot as bootAuth } from '../../../apps/auth-svc/src/boot';
import { boot as bootGateway, type RunningGateway } from '../../../apps/gateway/src/boot';

/** A free TCP port on 127.0.0.1 (libs/testing's freePort is not exported by its index). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RecordedEvent {
  readonly type: string;
  readonly message: Record<string, unknown>;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Headers;
}

export interface Session {
  readonly telegramId: number;
  readonly token: string;
  readonly refreshToken: string;
  readonly body: Record<string, unknown>;
}

const GEOIP_CITY_TEST_DB = join(__dirname, '../../../../shared/data/maxmind/GeoIP2-City-Test.mmdb');

/**
 * auth-svc and the gateway in this process on free ports, with their own bot token, JWT key
 * pair and TOTP key, against the real Postgres, Redis and NATS (isolated by a test context).
 */
export class AuthStack {
  readonly events: RecordedEvent[] = [];
  private stops: Array<() => Promise<void>> = [];
  private nats?: NatsConnection;
  private sub?: Subscription;
  private ipCounter = randomInt(1, 200);

  private constructor(
    readonly ctx: TestContext,
    readonly url: string,
    readonly botToken: string,
    readonly jwtPrivateKey: string,
    readonly adminIds: readonly number[],
  ) {}

  /** The in-process gateway (route discovery in the guard test). */
  gateway!: RunningGateway;

  static async start(
    label: string,
    options: { adminIds?: number[]; env?: Record<string, string> } = {},
  ): Promise<AuthStack> {
    const ctx = createTestContext(label);
    const botToken = `${randomInt(100_000_000, 999_999_999)}:${randomBytes(30).toString('base64url').slice(0, 35)}`;
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const jwtPrivate = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const jwtPublic = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const [grpcPort, metricsPort, gatewayPort, gatewayOpsPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const adminIds = options.adminIds ?? [];
    const common = {
      ...process.env,
      ...ctx.env,
      JWT_PUBLIC_KEY: jwtPublic,
      JWT_PRIVATE_KEY: jwtPrivate,
    };
    const stack = new AuthStack(
      ctx,
      `http://127.0.0.1:${gatewayPort}`,
      botToken,
      jwtPrivate,
      adminIds,
    );
    stack.nats = await connect({ servers: ctx.natsUrl });
    stack.sub = stack.nats.subscribe(`${ctx.natsPrefix}events.>`, {
      callback: (_err, msg) => {
        const type = eventTypeOfSubject(ctx.natsPrefix, msg.subject);
        if (type && isEventType(type))
          stack.events.push({
            type,
            message: decodeEvent(type, msg.data) as unknown as Record<string, unknown>,
          });
      },
    });
    const auth = await bootAuth({
      env: {
        ...common,
        TELEGRAM_BOT_TOKEN: botToken,
        TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        ADMIN_IDS: adminIds.join(','),
        GRPC_PORT: String(grpcPort),
        METRICS_PORT: String(metricsPort),
        OUTBOX_POLL_MS: '50',
        ...(existsSync(GEOIP_CITY_TEST_DB) ? { GEOIP_CITY_DB: GEOIP_CITY_TEST_DB } : {}),
        ...options.env,
      },
      handleSignals: false,
    });
    stack.stops.push(() => auth.stop());
    const gateway = await bootGateway({
      // DOCS_ENABLED=false: @fastify/static pulls an ESM-only dependency jest cannot require.
      env: {
        ...common,
        AUTH_GRPC_URL: `127.0.0.1:${grpcPort}`,
        GATEWAY_PORT: String(gatewayPort),
        METRICS_PORT: String(gatewayOpsPort),
        GATEWAY_VALIDATE_RESPONSES: 'true',
        DOCS_ENABLED: 'false',
        ...options.env,
      },
      handleSignals: false,
    });
    stack.gateway = gateway;
    stack.stops.unshift(() => gateway.stop());
    return stack;
  }

  async stop(): Promise<void> {
    for (const stop of this.stops) await stop().catch(() => undefined);
    this.sub?.unsubscribe();
    await this.nats?.close();
    await this.ctx.cleanup();
  }

  /** A distinct client IP per call (the gateway trusts X-Forwarded-For from 127.0.0.1). */
  nextIp(): string {
    this.ipCounter += 1;
    return `10.${(this.ipCounter >> 16) & 255}.${(this.ipCounter >> 8) & 255}.${this.ipCounter & 255}`;
  }

  async api(
    method: string,
    path: string,
    options: {
      token?: string;
      body?: unknown;
      ip?: string;
      headers?: Record<string, string>;
      raw?: string;
    } = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = {
      'x-forwarded-for': options.ip ?? '127.0.0.1',
      ...options.headers,
    };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.raw;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = { raw: text };
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  /** A Login Widget payload signed as Telegram does (or with `botToken` to forge one). */
  widgetPayload(
    telegramId: number,
    extra: Record<string, string | number> = {},
    botToken = this.botToken,
  ): Record<string, string | number> {
    const fields: Record<string, string | number> = {
      id: telegramId,
      first_name: `User${telegramId}`,
      username: `user_${telegramId}`,
      photo_url: `https://t.me/i/userpic/320/${telegramId}.jpg`,
      auth_date: Math.floor(Date.now() / 1000),
      ...extra,
    };
    return { ...fields, hash: widgetHash(fields, botToken) };
  }

  /** Mini App initData signed as Telegram does. */
  initData(
    telegramId: number,
    extra: Record<string, string> = {},
    botToken = this.botToken,
  ): string {
    const params = new URLSearchParams({
      query_id: 'AAHdF6IQAAAAAN0XohDhrOrc',
      user: JSON.stringify({
        id: telegramId,
        first_name: `Web${telegramId}`,
        username: `web_${telegramId}`,
        language_code: 'ru',
      }),
      auth_date: String(Math.floor(Date.now() / 1000)),
      ...extra,
    });
    const check = [...params.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join('\n');
    const secret = createHmac('sha256', 'WebAppData').update(botToken).digest();
    params.set('hash', createHmac('sha256', secret).update(check).digest('hex'));
    return params.toString();
  }

  async login(
    telegramId: number,
    options: { ip?: string; userAgent?: string } = {},
  ): Promise<Session> {
    const res = await this.api('POST', '/api/auth/telegram', {
      body: this.widgetPayload(telegramId),
      ip: options.ip ?? this.nextIp(),
      headers: options.userAgent ? { 'user-agent': options.userAgent } : {},
    });
    if (res.status !== 200)
      throw new Error(`login ${telegramId} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return {
      telegramId,
      token: res.body.token as string,
      refreshToken: res.body.refresh_token as string,
      body: res.body,
    };
  }

  /**
   * Waits for the next whole second: a Telegram payload signed after a logout_all, token reset
   * or ban (auth_date has seconds; the revocation's own second is refused).
   */
  async nextSecond(): Promise<void> {
    const second = Math.floor(Date.now() / 1000);
    await pollUntil(() => Math.floor(Date.now() / 1000) > second, {
      timeoutMs: 3_000,
      intervalMs: 25,
      description: 'the next second',
    });
  }

  /** An access token signed with the stack's real key but with chosen claims (expiry tests). */
  signToken(claims: Record<string, unknown>): string {
    const key = {
      key: Buffer.from(this.jwtPrivateKey, 'base64'),
      format: 'der' as const,
      type: 'pkcs8' as const,
    };
    const h = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' })).toString('base64url');
    const p = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${h}.${p}.${sign(null, Buffer.from(`${h}.${p}`), key).toString('base64url')}`;
  }

  eventsOf(type: string, telegramId?: number): RecordedEvent[] {
    return this.events.filter(
      (e) => e.type === type && (telegramId === undefined || e.message.telegramId === telegramId),
    );
  }

  async sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
    const pg = new Client({
      connectionString: this.ctx.databaseUrl,
      options: `-c search_path=${this.ctx.schema('auth')}`,
    });
    await pg.connect();
    try {
      return (await pg.query(query, params)).rows as T[];
    } finally {
      await pg.end();
    }
  }
}

export function widgetHash(fields: Record<string, string | number>, botToken: string): string {
  const check = Object.keys(fields)
    .filter((k) => k !== 'hash')
    .sort()
    .map((k) => `${k}=${String(fields[k])}`)
    .join('\n');
  const secret = createHash('sha256').update(botToken).digest();
  return createHmac('sha256', secret).update(check).digest('hex');
}

/** Unique-enough Telegram ids per test file. */
export function idFactory(): () => number {
  let next = randomInt(1_000_000, 9_000_000) * 100;
  return () => (next += 1);
}
