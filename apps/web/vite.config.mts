// The web client: one Vite build with two entry pages, the Telegram Mini App (/app) and the
// admin panel (/admin). The gateway serves dist/apps/web (apps/gateway/src/web): hashed files
// under /assets with a year-long immutable cache, the two index.html files never cached.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const root = dirname(fileURLToPath(import.meta.url));

/** `METHOD /path` of every operation of the committed OpenAPI document (src/api/operations.ts). */
function apiOperations(): string[] {
  const document = JSON.parse(
    readFileSync(resolve(root, '../../libs/api-client/openapi.json'), 'utf8'),
  ) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => `${m.toUpperCase()} ${path}`),
  );
}

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  define: { __API_OPERATIONS__: JSON.stringify(apiOperations()) },
  build: {
    outDir: process.env.WEB_OUT_DIR ?? resolve(root, '../../dist/apps/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    manifest: true,
    minify: process.env.WEB_MINIFY !== '0',
    reportCompressedSize: false,
    rollupOptions: {
      input: {
        app: resolve(root, 'app/index.html'),
        admin: resolve(root, 'admin/index.html'),
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    setupFiles: ['src/test/setup.ts'],
  },
});
