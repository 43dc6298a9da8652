import { createPrivateKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';

import { request } from 'undici';

import { DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER, SERVICES } from '@trafficshare/config';
import { freePort, startApp } from '@trafficshare/testing';

import {
  startLedgerHarness,
  type LedgerHarness,
} from '../../apps/ledger-svc/src/test/ledger-harness';
import { boot as bootGateway, type RunningGateway } from '../../apps/gateway/src/boot';

// Response bodies are asserted with toMatchObject; a loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;
export type Role = 'user' | 'moderator' | 'superadmin';

/** An EdDSA access token as auth-svc issues it (iss, aud, sub, username, role, sid, ver, iat, exp). */
export function mintToken(privateKeyDer: string, sub: number, role: Role): string {
  const key = createPrivateKey({
    key: Buffer.from(privateKeyDer, 'base64'),
    format: 'der',
    type: 'pkcs8',
  });
  const now = Math.floor(Date.now() / 1000);
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${enc({ alg: 'EdDSA', typ: 'JWT' })}.${enc({ iss: DEFAULT_JWT_ISSUER, aud: DEFAULT_JWT_AUDIENCE, sub: String(sub), username: `u${sub}`, role, sid: randomUUID(), ver: 1, iat: now, exp: now + 3600 })}`;
  return `${body}.${sign(null, Buffer.from(body), key).toString('base64url')}`;
}

export interface LedgerE2e {
  readonly ledger: LedgerHarness;
  readonly gateway: RunningGateway;
  call(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    o?: { sub?: number; role?: Role; body?: unknown },
  ): Promise<{ status: number; body: Json }>;
  stop(): Promise<void>;
}

/** ledger-svc (fake telemetry) + the gateway in this process; auth-svc is absent (the dashboard degrades). */
export async function startLedgerE2e(
  label: string,
  ledgerEnv: Record<string, string> = {},
): Promise<LedgerE2e> {
  const ledger = await startLedgerHarness(label, ledgerEnv);
  const keys = generateKeyPairSync('ed25519');
  const privateKey = keys.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  const gateway = await startApp(bootGateway, {
    ...ledger.ctx.env,
    GATEWAY_PORT: String(await freePort()),
    METRICS_PORT: String(await freePort()),
    GATEWAY_VALIDATE_RESPONSES: 'true',
    JWT_PUBLIC_KEY: keys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    [SERVICES['ledger-svc'].urlEnv]: ledger.service.grpcAddress,
    [SERVICES['telemetry-svc'].urlEnv]: ledger.telemetry.address,
    [SERVICES['auth-svc'].urlEnv]: '127.0.0.1:1',
    DOCS_ENABLED: 'false',
  });
  return {
    ledger,
    gateway,
    call: async (method, path, o = {}) => {
      const headers: Record<string, string> = {
        authorization: `Bearer ${mintToken(privateKey, o.sub ?? 1, o.role ?? 'user')}`,
      };
      if (o.body !== undefined) headers['content-type'] = 'application/json';
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
        body = { text };
      }
      return { status: res.statusCode, body };
    },
    stop: async () => {
      await gateway.stop();
      await ledger.stop();
    },
  };
}
