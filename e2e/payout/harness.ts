import { generateKeyPairSync } from 'node:crypto';

import { request } from 'undici';

import { SERVICES } from '@trafficshare/config';
import { freePort, startApp } from '@trafficshare/testing';

import {
  startPayoutHarness,
  type PayoutHarness,
} from '../../apps/payout-svc/src/test/payout-harness';
import { boot as bootGateway, type RunningGateway } from '../../apps/gateway/src/boot';
import { mintToken, type Json, type Role } from '../ledger/harness';

export interface PayoutE2e {
  readonly payout: PayoutHarness;
  readonly gateway: RunningGateway;
  call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    o?: { sub?: number; role?: Role; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: Json; headers: Record<string, unknown> }>;
  /** A raw POST without a token (webhooks). */
  post(
    path: string,
    raw: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; body: Json }>;
  stop(): Promise<void>;
}

/**
 * ledger-svc (in process) + payout-svc (in process, against the NowPayments emulator or its own
 * sandbox) + the gateway; the emulator's IPNs go to the gateway's webhook route.
 */
export async function startPayoutE2e(
  label: string,
  payoutEnv: Record<string, string> = {},
  np: { completeAfterMs?: number } = {},
): Promise<PayoutE2e> {
  const gatewayPort = await freePort();
  const payout = await startPayoutHarness(
    label,
    {
      PAYOUT_IPN_CALLBACK_URL: `http://127.0.0.1:${gatewayPort}/webhooks/payouts/nowpayments`,
      ...payoutEnv,
    },
    np,
  );
  const keys = generateKeyPairSync('ed25519');
  const privateKey = keys.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  const gateway = await startApp(bootGateway, {
    ...payout.ledger.ctx.env,
    GATEWAY_PORT: String(gatewayPort),
    METRICS_PORT: String(await freePort()),
    GATEWAY_VALIDATE_RESPONSES: 'true',
    JWT_PUBLIC_KEY: keys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    [SERVICES['ledger-svc'].urlEnv]: payout.ledger.grpcAddress,
    [SERVICES['payout-svc'].urlEnv]: payout.service.grpcAddress,
    [SERVICES['telemetry-svc'].urlEnv]: '127.0.0.1:1',
    [SERVICES['auth-svc'].urlEnv]: '127.0.0.1:1',
    DOCS_ENABLED: 'false',
  });
  const parse = (text: string): Json => {
    try {
      return JSON.parse(text) as Json;
    } catch {
      return { text };
    }
  };
  return {
    payout,
    gateway,
    call: async (method, path, o = {}) => {
      const headers: Record<string, string> = {
        authorization: `Bearer ${mintToken(privateKey, o.sub ?? 1, o.role ?? 'user')}`,
        ...o.headers,
      };
      if (o.body !== undefined) headers['content-type'] = 'application/json';
      const res = await request(`${gateway.url}${path}`, {
        method,
        headers,
        body: o.body === undefined ? undefined : JSON.stringify(o.body),
      });
      return { status: res.statusCode, body: parse(await res.body.text()), headers: res.headers };
    },
    post: async (path, raw, headers) => {
      const res = await request(`${gateway.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: raw,
      });
      return { status: res.statusCode, body: parse(await res.body.text()) };
    },
    stop: async () => {
      await gateway.stop();
      await payout.stop();
    },
  };
}
