import { randomUUID } from 'node:crypto';

import { Server, ServerCredentials, type ServiceClientConstructor } from '@grpc/grpc-js';
import { connect, headers as natsHeaders, type NatsConnection } from 'nats';

import { internalContract, SERVICES } from '@trafficshare/config';
import {
  common,
  ledgerNames,
  type events,
  type ledger,
  type ledgerInternal,
  type telemetryInternal,
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
import { createTestContext, freePort, startApp, type TestContext } from '@trafficshare/testing';

import { boot } from '../boot';

let nextUser = 7_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
/** A telegram id no other test uses. */
export const newUser = (): number => (nextUser += 1);

/** A caller as the gateway sends it (common.Caller). */
export const callerAs = (
  telegramId: number,
  role: 'user' | 'moderator' | 'superadmin',
): common.Caller => ({
  telegramId,
  role: {
    user: common.Role.ROLE_USER,
    moderator: common.Role.ROLE_MODERATOR,
    superadmin: common.Role.ROLE_SUPERADMIN,
  }[role],
  sessionId: `sid-${telegramId}`,
  ip: '127.0.0.1',
  userAgent: 'ledger-int-spec',
});
export const admin: common.Caller = callerAs(42, 'superadmin');
/** A transfer kind / status as the proto carries it, by its name. */
export const transferKind = ledgerNames.transferKind.toProto;
export const transferStatus = ledgerNames.transferStatus.toProto;
export const userCaller = (telegramId: number): common.Caller => callerAs(telegramId, 'user');

/** A fake telemetry-svc: closed sessions and their reports (TelemetryInternalService), over real gRPC. */
export class FakeTelemetry {
  readonly sessions: telemetryInternal.ClosedSession[] = [];
  readonly reports = new Map<string, telemetryInternal.SessionReport[]>();
  private constructor(
    private readonly server: Server,
    readonly address: string,
  ) {}

  static async start(): Promise<FakeTelemetry> {
    const server = new Server();
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    const ctor: ServiceClientConstructor = serviceClientConstructor(
      internalContract('telemetry-svc'),
    );
    const holder: { fake?: FakeTelemetry } = {};
    type Cb<T> = (err: Error | null, res?: T) => void;
    server.addService(ctor.service, {
      listClosedSessions: (
        call: { request: telemetryInternal.ListClosedSessionsRequest },
        cb: Cb<telemetryInternal.ListClosedSessionsResponse>,
      ) => {
        const all = holder.fake!.sessions.filter(
          (s) => s.closedAt >= call.request.closedFrom && s.closedAt < call.request.closedTo,
        );
        const after = all
          .filter((s) => s.sessionId > call.request.afterSessionId)
          .sort((a, b) => a.sessionId.localeCompare(b.sessionId));
        const page = after.slice(0, call.request.limit || 100);
        cb(null, {
          sessions: page,
          nextAfterSessionId: page.length < after.length ? page[page.length - 1].sessionId : '',
        });
      },
      getSessionReports: (
        call: { request: telemetryInternal.GetSessionReportsRequest },
        cb: Cb<telemetryInternal.GetSessionReportsResponse>,
      ) => {
        const s = holder.fake!.sessions.find((x) => x.sessionId === call.request.sessionId);
        cb(null, {
          sessionId: call.request.sessionId,
          telegramId: s?.telegramId ?? 0,
          reports: holder.fake!.reports.get(call.request.sessionId) ?? [],
        });
      },
    });
    await new Promise<void>((resolve, reject) =>
      server.bindAsync(address, ServerCredentials.createInsecure(), (err) =>
        err ? reject(err) : resolve(),
      ),
    );
    holder.fake = new FakeTelemetry(server, address);
    return holder.fake;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.tryShutdown(() => resolve()));
  }
}

export interface LedgerHarness {
  readonly ctx: TestContext;
  readonly service: RunningService;
  /** LedgerService, as the gateway calls it. */
  readonly client: PromiseClient<ledger.LedgerServiceClient>;
  /** LedgerInternalService (money movements), as payout-svc calls it. */
  readonly internal: PromiseClient<ledgerInternal.LedgerInternalServiceClient>;
  readonly nc: NatsConnection;
  readonly telemetry: FakeTelemetry;
  /**
   * Publishes a ReportsIngested carrying `report` (one item, or several as telemetry's commits
   * do) straight into JetStream, as telemetry's relay would.
   */
  publishReport(
    report: events.ReportIngested | readonly events.ReportIngested[],
    eventId?: string,
    msgId?: string,
  ): Promise<string>;
  /** Publishes any domain event straight into JetStream, as its producer's relay would. */
  publish<T extends EventType>(
    type: T,
    message: EventMessage<T>,
    eventId?: string,
    msgId?: string,
  ): Promise<string>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export async function startLedgerHarness(
  label: string,
  env: Record<string, string> = {},
): Promise<LedgerHarness> {
  const ctx = createTestContext(label);
  const fakeTelemetry = await FakeTelemetry.start();
  const [grpcPort, metricsPort] = [await freePort(), await freePort()];
  const service = await startApp(boot, {
    ...ctx.env,
    GRPC_PORT: String(grpcPort),
    METRICS_PORT: String(metricsPort),
    INCOME_BATCH_WAIT_MS: '1000',
    RECONCILE_ENABLED: 'false',
    TELEMETRY_GRPC_URL: fakeTelemetry.address,
    ...env,
  });
  const clientOptions = { address: service.grpcAddress, deadlineMs: 20_000 };
  const handle: GrpcClientHandle<ledger.LedgerServiceClient> = createGrpcClient(
    SERVICES['ledger-svc'],
    clientOptions,
  );
  const internal: GrpcClientHandle<ledgerInternal.LedgerInternalServiceClient> = createGrpcClient(
    internalContract('ledger-svc'),
    clientOptions,
  );
  const nc = await connect({ servers: ctx.natsUrl, name: `test-${label}` });
  const js = nc.jetstream();
  const prefix = ctx.natsPrefix;
  return {
    ctx,
    service,
    client: handle.client,
    internal: internal.client,
    nc,
    telemetry: fakeTelemetry,
    publishReport: async (report, eventId = randomUUID(), msgId = eventId) => {
      const h = natsHeaders();
      h.set('ts-event-id', eventId);
      h.set('ts-event-type', 'ReportsIngested');
      h.set('ts-occurred-at', new Date().toISOString());
      const reports: events.ReportIngested[] = 'sessionId' in report ? [report] : [...report];
      await js.publish(
        eventSubject(prefix, 'ReportsIngested'),
        encodeEvent('ReportsIngested', { reports }),
        { msgID: msgId, headers: h },
      );
      return eventId;
    },
    publish: async (type, message, eventId = randomUUID(), msgId = eventId) => {
      const h = natsHeaders();
      h.set('ts-event-id', eventId);
      h.set('ts-event-type', type);
      h.set('ts-occurred-at', new Date().toISOString());
      await js.publish(eventSubject(prefix, type), encodeEvent(type, message), {
        msgID: msgId,
        headers: h,
      });
      return eventId;
    },
    query: (sql, params) =>
      service.context.dataSource.query(
        sql.replaceAll('$schema', `"${service.context.schema}"`),
        params,
      ),
    stop: async () => {
      handle.close();
      internal.close();
      await service.stop();
      await nc.drain();
      await fakeTelemetry.close();
      await ctx.cleanup();
    },
  };
}

export function report(
  over: Partial<events.ReportIngested> & { telegramId: number },
): events.ReportIngested {
  return {
    sessionId: `s-${randomUUID()}`,
    deviceId: 'device-1',
    seq: 1,
    deltaMilliMb: 1_024_000,
    countedAt: new Date().toISOString(),
    ...over,
  };
}

/** Rejection → its ts-error-code trailer (the domain code). */
export async function errorCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const e = err as { code?: unknown; metadata?: { get(k: string): unknown[] }; details?: string };
    const code = e.metadata?.get('ts-error-code')?.[0];
    return typeof code === 'string' ? code : `grpc:${String(e.code)}:${e.details ?? ''}`;
  }
  return 'resolved';
}
