import { generateKeyPairSync } from 'node:crypto';

import { request } from 'undici';

import { SERVICES } from '@trafficshare/config';
import type { RunningService } from '@trafficshare/service-kit';
import { freePort, startApp } from '@trafficshare/testing';

import { boot as bootGateway, type RunningGateway } from '../../apps/gateway/src/boot';
import {
  startFilterHarness,
  type FilterHarness,
} from '../../apps/filter-svc/src/test/filter-harness';
import { boot as bootTelemetry } from '../../apps/telemetry-svc/src/boot';
import { mintAccessToken } from '../../tools/simulate/credentials';

// Response bodies are checked field by field with toMatchObject.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** filter-svc (fake IP providers) + telemetry-svc + gateway in this process, one test context. */
export interface TrafficHarness {
  readonly filter: FilterHarness;
  readonly gateway: RunningGateway;
  readonly telemetry: Pick<RunningService, 'stop' | 'grpcAddress' | 'opsPort' | 'context'>;
  readonly privateKey: string;
  readonly publicKey: string;
  token(sub: number, role?: 'user' | 'moderator' | 'superadmin'): string;
  call(
    method: 'GET' | 'POST',
    path: string,
    o?: { sub?: number; role?: 'user' | 'moderator' | 'superadmin'; body?: unknown; ip?: string },
  ): Promise<{ status: number; body: Json; text: string; headers: Record<string, unknown> }>;
  stop(): Promise<void>;
}

export async function startTrafficHarness(
  label: string,
  telemetryEnv: Record<string, string> = {},
  filterEnv: Record<string, string> = {},
): Promise<TrafficHarness> {
  const filter = await startFilterHarness(label, filterEnv);
  const keys = generateKeyPairSync('ed25519');
  const privateKey = keys.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  const publicKey = keys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  const telemetry = await startApp(bootTelemetry, {
    ...filter.ctx.env,
    GRPC_PORT: String(await freePort()),
    METRICS_PORT: String(await freePort()),
    FILTER_GRPC_URL: filter.service.grpcAddress,
    LIVE_UPDATE_MS: '300',
    ...telemetryEnv,
  });
  const gateway = await startApp(bootGateway, {
    ...filter.ctx.env,
    GATEWAY_PORT: String(await freePort()),
    METRICS_PORT: String(await freePort()),
    GATEWAY_VALIDATE_RESPONSES: 'true',
    JWT_PUBLIC_KEY: publicKey,
    [SERVICES['filter-svc'].urlEnv]: filter.service.grpcAddress,
    [SERVICES['telemetry-svc'].urlEnv]: telemetry.grpcAddress,
    [SERVICES['auth-svc'].urlEnv]: '127.0.0.1:1',
    DOCS_ENABLED: 'false',
  });
  const token = (sub: number, role: 'user' | 'moderator' | 'superadmin' = 'user') =>
    mintAccessToken(privateKey, sub, role, 3600);
  return {
    filter,
    gateway,
    telemetry,
    privateKey,
    publicKey,
    token,
    call: async (method, path, o = {}) => {
      const headers: Record<string, string> = {
        authorization: `Bearer ${token(o.sub ?? 1, o.role ?? 'user')}`,
        'accept-language': 'en',
      };
      if (o.body !== undefined) headers['content-type'] = 'application/json';
      if (o.ip) headers['x-forwarded-for'] = o.ip;
      const res = await request(`${gateway.url}${path}`, {
        method,
        headers,
        body: o.body === undefined ? undefined : JSON.stringify(o.body),
      });
      const text = await res.body.text();
      let body: Json = {};
      try {
        body = JSON.parse(text) as Json;
      } catch {
        // CSV
      }
      return { status: res.statusCode, body, text, headers: res.headers };
    },
    stop: async () => {
      await gateway.stop();
      await telemetry.stop();
      await filter.stop();
    },
  };
}
