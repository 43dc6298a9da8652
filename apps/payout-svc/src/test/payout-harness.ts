import { randomBytes, randomUUID } from 'node:crypto';

import { Server, ServerCredentials } from '@grpc/grpc-js';
import { connect, headers as natsHeaders } from 'nats';

import { internalContract, SERVICES } from '@trafficshare/config';
import {
  common,
  ledgerNames,
  type authInternal,
  type ledger,
  type ledgerInternal,
  type payout,
} from '@trafficshare/contracts';
import {
  createGrpcClient,
  serviceClientConstructor,
  type GrpcClientHandle,
  type PromiseClient,
} from '@trafficshare/grpc';
import {
  encodeEvent,
  eventSubject,
  type EventMessage,
  type EventType,
} from '@trafficshare/messaging';
import type { RunningService } from '@trafficshare/service-kit';
import {
  createTestContext,
  freePort,
  pollUntil,
  spawnApp,
  startApp,
  type SpawnedApp,
  type TestContext,
} from '@trafficshare/testing';

import { boot } from '../boot';
import { base32Encode, totp } from '../common/totp';
import { NowPaymentsEmulator } from '../provider/nowpayments-emulator';
import { PayoutWorker } from '../worker/payout.worker';

let nextUser = 8_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
export const newUser = (): number => (nextUser += 1);

export const callerAs = (
  telegramId: number,
  role: 'user' | 'moderator' | 'superadmin' = 'user',
  ip = '10.0.0.1',
): common.Caller => ({
  telegramId,
  role: {
    user: common.Role.ROLE_USER,
    moderator: common.Role.ROLE_MODERATOR,
    superadmin: common.Role.ROLE_SUPERADMIN,
  }[role],
  sessionId: `sid-${telegramId}`,
  ip,
  userAgent: 'payout-int-spec',
});
export const admin = callerAs(42, 'superadmin');

/** Lower-case (no checksum) addresses, one per call. */
export const newAddress = (): string => `0x${randomBytes(20).toString('hex')}`;

/** auth-svc's CheckTwoFactorCode over real gRPC: users in `twoFactor` need their TOTP code. */
export class FakeAuth {
  readonly twoFactor = new Map<number, string>();
  calls = 0;
  down = false;
  /** Runs while a CheckTwoFactorCode call is open, before it answers (what the caller holds meanwhile). */
  during?: (telegramId: number) => Promise<void>;
  private constructor(
    private readonly server: Server,
    readonly address: string,
  ) {}

  static async start(): Promise<FakeAuth> {
    const server = new Server();
    const address = `127.0.0.1:${await freePort()}`;
    const holder: { f?: FakeAuth } = {};
    server.addService(serviceClientConstructor(internalContract('auth-svc')).service, {
      checkTwoFactorCode: (
        call: { request: authInternal.CheckTwoFactorCodeRequest },
        cb: (err: Error | null, res?: authInternal.CheckTwoFactorCodeResponse) => void,
      ) => {
        const f = holder.f!;
        f.calls += 1;
        const answer = () => {
          if (f.down) return cb(Object.assign(new Error('down'), { code: 14 }));
          const secret = f.twoFactor.get(Number(call.request.telegramId));
          if (!secret) return cb(null, { required: false, valid: true });
          cb(null, { required: true, valid: call.request.code === totp(secret) });
        };
        if (!f.during) return answer();
        f.during(Number(call.request.telegramId)).then(answer, (e: Error) => cb(e));
      },
    });
    await new Promise<void>((resolve, reject) =>
      server.bindAsync(address, ServerCredentials.createInsecure(), (err) =>
        err ? reject(err) : resolve(),
      ),
    );
    holder.f = new FakeAuth(server, address);
    return holder.f;
  }

  /** Turns 2FA on for the user; resolves the secret. */
  enable(telegramId: number): string {
    const secret = base32Encode(randomBytes(20));
    this.twoFactor.set(telegramId, secret);
    return secret;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.tryShutdown(() => resolve()));
  }
}

export const NP = {
  apiKey: 'NPKEY0123456789ABCDEF',
  email: 'payouts@test.local',
  password: 'np-password-123',
  ipnSecret: 'np-ipn-secret-0123456789',
  twoFactorSecret: base32Encode(Buffer.from('0123456789abcdefghij')),
};

/** ledger-svc as its own process (an app never imports another app), on free ports. */
export interface LedgerProcess {
  readonly ctx: TestContext;
  readonly app: SpawnedApp;
  readonly grpcAddress: string;
  readonly internal: PromiseClient<ledgerInternal.LedgerInternalServiceClient>;
  stop(): Promise<void>;
}

export async function spawnLedger(label: string): Promise<LedgerProcess> {
  const ctx = createTestContext(label);
  const [grpcPort, metricsPort] = [await freePort(), await freePort()];
  const app = spawnApp('ledger-svc', {
    ...ctx.env,
    GRPC_PORT: String(grpcPort),
    METRICS_PORT: String(metricsPort),
    RECONCILE_ENABLED: 'false',
    TELEMETRY_GRPC_URL: '127.0.0.1:1',
  });
  await pollUntil(
    async () =>
      (await fetch(`http://127.0.0.1:${metricsPort}/health/ready`).catch(() => undefined))
        ?.status === 200,
    { timeoutMs: 180_000, intervalMs: 250, description: 'ledger-svc ready' },
  ).catch((err: unknown) => {
    throw new Error(`${String(err)}\n${app.output().slice(-3000)}`);
  });
  const grpcAddress = `127.0.0.1:${grpcPort}`;
  const handle: GrpcClientHandle<ledgerInternal.LedgerInternalServiceClient> = createGrpcClient(
    internalContract('ledger-svc'),
    { address: grpcAddress, deadlineMs: 20_000 },
  );
  return {
    ctx,
    app,
    grpcAddress,
    internal: handle.client,
    stop: async () => {
      handle.close();
      await app.stop();
      await ctx.cleanup();
    },
  };
}

export interface PayoutHarness {
  readonly ledger: LedgerProcess;
  readonly auth: FakeAuth;
  readonly np: NowPaymentsEmulator;
  service: RunningService;
  readonly env: Record<string, string>;
  readonly client: PromiseClient<payout.PayoutServiceClient>;
  /** Gives the user `microUsd` of available balance (a ledger adjustment). */
  fund(telegramId: number, microUsd: number): Promise<void>;
  balance(telegramId: number): Promise<{ available: number; held: number }>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** The ledger's invariants (CheckLedger, as an admin). */
  checkLedger(): Promise<ledger.CheckLedgerResponse>;
  /** Publishes a domain event into the run's JetStream stream, as its producer's relay would. */
  publish<T extends EventType>(type: T, message: EventMessage<T>): Promise<void>;
  /** Runs the worker once (tests turn the timer off to step it). */
  tick(): Promise<number>;
  restart(extraEnv?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

export function payoutEnv(h: {
  ledger: LedgerProcess;
  auth: FakeAuth;
  np: NowPaymentsEmulator;
}): Record<string, string> {
  return {
    ...h.ledger.ctx.env,
    LEDGER_GRPC_URL: h.ledger.grpcAddress,
    AUTH_GRPC_URL: h.auth.address,
    PAYMENT_PROVIDER: 'nowpayments',
    NOWPAYMENTS_BASE_URL: h.np.url,
    NOWPAYMENTS_API_KEY: NP.apiKey,
    NOWPAYMENTS_EMAIL: NP.email,
    NOWPAYMENTS_PASSWORD: NP.password,
    NOWPAYMENTS_IPN_SECRET: NP.ipnSecret,
    NOWPAYMENTS_2FA_SECRET: NP.twoFactorSecret,
    PAYOUT_POLL_SCHEDULE_S: '1',
    PAYOUT_RETRY_BACKOFF_S: '0',
    PAYOUT_WORKER_INTERVAL_MS: '100',
  };
}

export async function startPayoutHarness(
  label: string,
  env: Record<string, string> = {},
  npOptions: { completeAfterMs?: number } = {},
): Promise<PayoutHarness> {
  const ledger = await spawnLedger(label);
  const auth = await FakeAuth.start();
  const np = await NowPaymentsEmulator.start({
    apiKey: NP.apiKey,
    email: NP.email,
    password: NP.password,
    ipnSecret: NP.ipnSecret,
    twoFactorSecret: NP.twoFactorSecret,
    completeAfterMs: npOptions.completeAfterMs ?? -1,
  });
  const baseEnv = { ...payoutEnv({ ledger, auth, np }), ...env };
  const bootOnce = async (extra: Record<string, string>) =>
    startApp(boot, {
      ...baseEnv,
      GRPC_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      ...extra,
    });
  let service = await bootOnce({});
  let handle: GrpcClientHandle<payout.PayoutServiceClient> = createGrpcClient(
    SERVICES['payout-svc'],
    {
      address: service.grpcAddress,
      deadlineMs: 30_000,
    },
  );
  const nc = await connect({ servers: ledger.ctx.natsUrl, name: `test-${label}` });
  const js = nc.jetstream();
  const ledgerPublic: GrpcClientHandle<ledger.LedgerServiceClient> = createGrpcClient(
    SERVICES['ledger-svc'],
    { address: ledger.grpcAddress, deadlineMs: 20_000 },
  );
  const h: PayoutHarness = {
    checkLedger: () => ledgerPublic.client.checkLedger({ caller: admin }),
    publish: async (type, message) => {
      const eventId = randomUUID();
      const hd = natsHeaders();
      hd.set('ts-event-id', eventId);
      hd.set('ts-event-type', type);
      hd.set('ts-occurred-at', new Date().toISOString());
      await js.publish(eventSubject(ledger.ctx.natsPrefix, type), encodeEvent(type, message), {
        msgID: eventId,
        headers: hd,
      });
    },
    ledger,
    auth,
    np,
    service,
    env: baseEnv,
    get client() {
      return handle.client;
    },
    fund: async (telegramId, microUsd) => {
      await ledger.internal.credit({
        transferId: `fund:${telegramId}:${randomBytes(6).toString('hex')}`,
        telegramId,
        amountMicroUsd: microUsd,
        kind: ledgerNames.transferKind.toProto('adjustment'),
        reference: 'test',
        note: 'test funds',
      });
    },
    balance: async (telegramId) => {
      const b = await ledger.internal.getBalance({ telegramId });
      return { available: b.balance!.availableMicroUsd, held: b.balance!.heldMicroUsd };
    },
    query: (sql, params) =>
      h.service.context.dataSource.query(
        sql.replaceAll('$schema', `"${h.service.context.schema}"`),
        params,
      ),
    tick: () => h.service.app.get(PayoutWorker).tick(),
    restart: async (extra = {}) => {
      handle.close();
      await h.service.stop();
      service = await bootOnce(extra);
      h.service = service;
      handle = createGrpcClient(SERVICES['payout-svc'], {
        address: service.grpcAddress,
        deadlineMs: 30_000,
      });
    },
    stop: async () => {
      handle.close();
      await h.service.stop();
      await nc.close();
      ledgerPublic.close();
      await np.close();
      await auth.close();
      await ledger.stop();
    },
  };
  return h;
}
