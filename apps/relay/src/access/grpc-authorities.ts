import { randomUUID } from 'node:crypto';

import { authInternal, type telemetryInternal } from '@trafficshare/contracts';
import type { PromiseClient } from '@trafficshare/grpc';
import type { AccessTokenVerifier } from '@trafficshare/identity';

import type { HeartbeatSink, PoolHeartbeat } from '../pool/pool-reporter';
import type {
  ApiKeyGrant,
  DeviceAuthority,
  DeviceRefusal,
  DeviceSession,
  KeyAuthority,
  KeyRefusal,
  UsageBatch,
  UsageSink,
} from './authorities';

type AuthInternal = PromiseClient<authInternal.AuthInternalServiceClient>;
type TelemetryInternal = PromiseClient<telemetryInternal.TelemetryInternalServiceClient>;

const Verdict = authInternal.ApiKeyVerdict;
const REFUSALS: Partial<Record<authInternal.ApiKeyVerdict, KeyRefusal>> = {
  [Verdict.API_KEY_VERDICT_INVALID]: 'invalid_key',
  [Verdict.API_KEY_VERDICT_INACTIVE]: 'key_inactive',
  [Verdict.API_KEY_VERDICT_EXPIRED]: 'key_expired',
  [Verdict.API_KEY_VERDICT_LIMIT_REACHED]: 'limit_reached',
};

/** Buyer keys as auth-svc (their owner) judges them. */
export class AuthKeyAuthority implements KeyAuthority {
  constructor(private readonly auth: AuthInternal) {}

  async authorize(apiKey: string): Promise<ApiKeyGrant | KeyRefusal> {
    const res = await this.auth.authorizeApiKey({ apiKey });
    if (res.verdict !== Verdict.API_KEY_VERDICT_OK) return REFUSALS[res.verdict] ?? 'invalid_key';
    return {
      keyId: res.keyId,
      type: res.type === 'traffic' ? 'traffic' : 'rotation',
      limitBytes: res.limitBytes > 0 ? res.limitBytes : null,
      usedBytes: res.usedBytes,
      ownerId: Number(res.telegramId),
    };
  }
}

/** Devices: the access token checked locally (auth-svc's public key), the session by its owner,
 *  telemetry-svc. */
export class TelemetryDeviceAuthority implements DeviceAuthority {
  constructor(
    private readonly tokens: AccessTokenVerifier,
    private readonly telemetry: TelemetryInternal,
  ) {}

  async admit(accessToken: string, sessionId: string): Promise<DeviceSession | DeviceRefusal> {
    const claims = this.tokens.verify(accessToken);
    if (typeof claims === 'string') return 'invalid_token';
    const telegramId = Number(claims.sub);
    const res = await this.telemetry.getRelaySession({ telegramId, sessionId });
    if (!res.found) return 'session_not_found';
    if (!res.running) return 'session_not_running';
    // From its first tunnel on, the session is paid on what the relay counts (an empty batch
    // marks it), so no byte is paid both on the client's word and on the relay's count.
    await this.telemetry.recordRelayedTraffic({
      batchId: randomUUID(),
      sessions: [{ sessionId, telegramId, bytesUp: 0, bytesDown: 0 }],
    });
    return { sessionId, telegramId, deviceId: res.deviceId, country: res.country.toUpperCase() };
  }

  async stillRunning(session: DeviceSession): Promise<boolean> {
    const res = await this.telemetry.getRelaySession({
      telegramId: session.telegramId,
      sessionId: session.sessionId,
    });
    return res.found && res.running;
  }
}

/** Counted bytes to their owners: per key to auth-svc, per session to telemetry-svc. Both
 *  apply a batch id once, so a retried batch (after a timeout) is never counted twice. */
export class GrpcUsageSink implements UsageSink {
  constructor(
    private readonly auth: AuthInternal,
    private readonly telemetry: TelemetryInternal,
  ) {}

  async record(batch: UsageBatch): Promise<void> {
    await Promise.all([
      batch.keys.length > 0
        ? this.auth.recordApiKeyUsage({
            batchId: batch.batchId,
            usage: batch.keys.map((k) => ({ keyId: k.keyId, bytes: k.bytes })),
          })
        : undefined,
      batch.sessions.length > 0
        ? this.telemetry.recordRelayedTraffic({
            batchId: batch.batchId,
            sessions: batch.sessions.map((s) => ({
              sessionId: s.sessionId,
              telegramId: s.telegramId,
              bytesUp: s.bytesUp,
              bytesDown: s.bytesDown,
            })),
          })
        : undefined,
    ]);
  }
}

/** The node's heartbeats to telemetry-svc (the admin traffic pool reads them there). */
export class GrpcHeartbeatSink implements HeartbeatSink {
  constructor(private readonly telemetry: TelemetryInternal) {}

  async send(h: PoolHeartbeat): Promise<void> {
    await this.telemetry.recordRelayHeartbeat({
      nodeId: h.nodeId,
      intervalMs: h.intervalMs,
      streamsOpen: h.streamsOpen,
      setupP50Ms: h.setupP50Ms,
      setupP99Ms: h.setupP99Ms,
      devices: h.devices.map((d) => ({ ...d })),
      keyExits: h.keyExits.map((e) => ({ ...e })),
    });
  }
}
