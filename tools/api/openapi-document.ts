import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';

import { boot, type RunningGateway } from '../../apps/gateway/src/boot';
import { createOpenApiDocument } from '../../apps/gateway/src/docs';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Boots the real gateway (no services needed: gRPC clients connect lazily; Redis, NATS and
 * Postgres must answer, as for every test) on free ports with a throwaway key, and hands it to
 * `use` — the OpenAPI document is the one the gateway serves at /docs-json.
 */
export async function withGateway<T>(use: (gateway: RunningGateway) => Promise<T>): Promise<T> {
  const { publicKey } = generateKeyPairSync('ed25519');
  const gateway = await boot({
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      GATEWAY_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      JWT_PUBLIC_KEY: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      // /docs itself is not needed (and its static files do not load under jest).
      DOCS_ENABLED: 'false',
    },
    handleSignals: false,
  });
  try {
    return await use(gateway);
  } finally {
    await gateway.stop();
  }
}

/** The gateway's OpenAPI document, as JSON text (2-space indent, final newline). */
export function openApiJson(gateway: RunningGateway): string {
  return `${JSON.stringify(createOpenApiDocument(gateway.app, gateway.routes), null, 2)}\n`;
}
