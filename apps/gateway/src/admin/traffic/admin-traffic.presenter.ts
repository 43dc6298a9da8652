import type { telemetry } from '@trafficshare/contracts';

import { mb } from '../../common/units';
import type { KeyRotationJson, RelayNodeJson } from './admin-traffic.contract';

const BYTES_PER_MB = 1_048_576;

export function relayNodeJson(n: telemetry.RelayNode | undefined): RelayNodeJson {
  const status = n?.status === 'up' || n?.status === 'down' ? n.status : 'never';
  return {
    id: n?.id ?? '',
    url: n?.url ?? '',
    region: n?.region ?? '',
    registered: n?.registered ?? false,
    status,
    last_heartbeat_at: n?.lastHeartbeatAt || null,
    streams_open: n?.streamsOpen ?? 0,
    setup_p50_ms: n?.setupP50Ms ?? 0,
    setup_p99_ms: n?.setupP99Ms ?? 0,
    devices: (n?.devices ?? []).map((d) => ({
      session_id: d.sessionId,
      telegram_id: Number(d.telegramId),
      device_id: d.deviceId,
      exit_ip: d.exitIp,
      country: d.country,
      streams: d.streams,
      mb_per_s: mb(Number(d.milliMbPerS)),
      connected_at: d.connectedAt,
    })),
    added_at: n?.addedAt || null,
  };
}

export function keyRotationJson(k: telemetry.KeyRotation | undefined, keyId = ''): KeyRotationJson {
  return {
    key_id: k?.keyId ?? keyId,
    connections: k?.connections ?? 0,
    distinct_exit_ips: k?.distinctExitIps ?? 0,
    mb: Math.round((Number(k?.bytes ?? 0) / BYTES_PER_MB) * 1000) / 1000,
    exit_ips: (k?.exitIps ?? []).map((e) => ({ exit_ip: e.exitIp, connections: e.connections })),
  };
}
